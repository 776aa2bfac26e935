package dev.sluice.ml.model;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.ml.model.prep.FittedTransform;
import dev.sluice.ml.model.prep.PrepOptions;
import dev.sluice.ml.model.prep.Preprocessor;
import dev.sluice.ml.model.prep.Transformed;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code preprocess} component, for inspecting or exporting the transform that trainers apply inside
 * themselves: fits imputation, scaling and encoding on {@code data}, writes the transformed table
 * ({@code data}: one double column per feature, plus the {@code target} column unchanged when given) and the
 * fitted {@code transform} (a model folder whose {@code model.json} has {@code model_type: transform}). With
 * {@code encode: auto}, the ordinal codes of a high-cardinality text column follow each level's mean {@code target}
 * when one is given (and is binary or numeric), else the levels' frequency. Stateless and thread-safe.
 *
 * <pre>{@code
 * prep: {uses: preprocess, inputs: {data: split.train}, with: {target: churn, scale: standard}}
 * }</pre>
 */
final class PreprocessComponent extends TableReaderComponent {
    static final ComponentSpec SPEC = declaration();

    PreprocessComponent(TableReader tables) {
        super(SPEC, tables);
    }

    /** The trainers' preprocessing parameters, without {@code task}, and {@code target} passed through. */
    private static ComponentSpec declaration() {
        ComponentSpec.Builder b = ComponentSpec.builder("preprocess", "1")
                .description("Fits impute/scale/encode on a table; outputs the transformed table and the transform.")
                .input("data", PortKind.TABLE, "the table to fit the transform on")
                .output("data", PortKind.TABLE, "one double column per feature, plus target when given")
                .output("transform", PortKind.MODEL, "the fitted transform, as a model folder (model_type: transform)")
                .metric("rows", "rows transformed").metric("features", "feature columns written");
        for (ParamSpec p : TrainerParams.specs("mean", "standard", "onehot")) {
            if (p.name().equals("target")) {
                b.param(new ParamSpec("target", ParamType.STRING, Optional.of(""), Optional.empty(), Optional.empty(),
                        List.of(), false, "a column passed through untransformed"));
            } else if (!p.name().equals("task")) {
                b.param(p);
            }
        }
        return b.build();
    }

    /** The target's values that order text levels for {@code encode: auto} (see {@link Target#orderingValues}), or null. */
    private static double[] orderingValues(Frame data, String target) {
        try {
            return Target.fit(data, target, "auto").orderingValues().orElse(null);
        } catch (IllegalArgumentException e) {   // a target no learner could use (one value, text of many values...)
            return null;
        }
    }

    @Override
    public void run(StepContext ctx) throws Exception {
        Frame data = tables.read(ctx.input("data"));
        String target = ctx.stringParam("target");
        List<String> listed = TrainerParams.features(ctx);
        List<String> features = listed.isEmpty() ? data.names().stream().filter(n -> !n.equals(target)).toList() : listed;
        PrepOptions options = TrainerParams.prep(ctx);
        double[] order = target.isEmpty() ? null : orderingValues(data, target);
        FittedTransform t = new Preprocessor(options).fit(data, features, Math.max(1, ctx.cpus()), order);
        String encoding = Preprocessor.describe(t, options, order != null);
        if (!encoding.isEmpty()) ctx.log("preprocess: " + encoding);
        Transformed x = t.transform(data);
        List<Column> cols = new ArrayList<>();
        for (int f = 0; f < x.width(); f++) cols.add(new Column.Doubles(x.featureNames().get(f), x.columns()[f], null));
        if (!target.isEmpty()) cols.add(data.column(target));
        tables.write(new Frame(cols), ctx.outputFile("data", "data.parquet"));
        List<ModelInfo.Field> schema = features.stream().map(n -> new ModelInfo.Field(n, data.column(n).type().label())).toList();
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT_VERSION, "transform", ctx.stepName(), Task.REGRESSION, target,
                List.of(), schema, t.featureNames(), t, new ModelBody.TransformOnly(),
                new ModelInfo.Training(data.rows(), x.width(), Map.copyOf(ctx.params()), Map.of()));
        ModelArtifact.writeInfo(ctx.outputDir("transform"), info);
        ctx.metric("rows", data.rows());
        ctx.metric("features", x.width());
    }
}
