package dev.sluice.ml.model;

import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.ml.model.linear.RidgeRegression;

import java.util.List;

/**
 * The {@code linear} component: least-squares linear regression with an optional ridge penalty
 * {@code alpha} (default 0), solved exactly by Cholesky on the d×d normal equations. Defaults: impute
 * mean, scale standard, one-hot. Stateless and thread-safe.
 *
 * <pre>{@code
 * linear: {uses: linear, inputs: {train: split.train}, with: {target: median_house_value, alpha: 1.0}}
 * }</pre>
 */
final class LinearTrainer extends TrainerComponent {
    LinearTrainer(TableReader tables) {
        super(tables, new Header("linear", "1", "Linear (ridge) regression by normal equations.",
                "mean", "standard", "onehot"));
    }

    @Override
    List<ParamSpec> modelParams() {
        return List.of(ParamSpec.of("alpha", ParamType.DOUBLE, 0.0).withBounds(0.0, null).withDoc("L2 penalty"));
    }

    @Override
    List<String> tasks() {
        return List.of("auto", "regression");
    }

    @Override
    ModelBody fit(Job job) {
        if (job.train().classification()) {
            throw new IllegalArgumentException("linear is a regression trainer but target '" + job.train().target().name()
                    + "' is a classification target; use logistic, or set task: regression if the target is numeric");
        }
        RejectMissing.check(job.train(), "linear");
        RidgeRegression.Fit fit = new RidgeRegression(job.ctx().doubleParam("alpha")).fit(job.train().x().columns(),
                job.train().target().values());
        if (fit.jitter() > 0) {
            job.ctx().log("linear: features are collinear; added a ridge of " + fit.jitter() + " (set alpha > 0 to choose it)");
        }
        return new ModelBody.Linear(fit.coefficients(), fit.intercept());
    }
}
