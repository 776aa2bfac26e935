package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The smallest value a pipeline file may write for each bounded setting is accepted, and the one just past it is
 * refused with its message: sweeps and their distributions, median stopping, retries, concurrency, retention, webhook
 * rate limits.
 */
class SettingsAtTheirLimitsTest {
    private static final SweepSpec.Objective AUC = new SweepSpec.Objective("auc", SweepSpec.Goal.MAXIMIZE);

    private static SweepSpec sweep(SweepSpec.Method method, int trials, Map<String, SweepSpec.Distribution> params) {
        return new SweepSpec(method, trials, 1, 0, AUC, params);
    }

    @Test
    void aSweepOfOneTrialAndOneOfExactlyAsManyTrialsAsPointsAreAccepted() {
        assertThat(sweep(SweepSpec.Method.RANDOM, 1, Map.of("x", new SweepSpec.Uniform(0, 1))).trials()).isEqualTo(1);
        assertThatThrownBy(() -> sweep(SweepSpec.Method.RANDOM, 0, Map.of("x", new SweepSpec.Uniform(0, 1))))
                .hasMessage("a sweep needs at least one trial, got 0");
        SweepSpec three = sweep(SweepSpec.Method.RANDOM, 3, Map.of("depth", new SweepSpec.IntRange(1, 3)));
        assertThat(Sweep.trials(three)).extracting(t -> t.get("depth")).containsExactlyInAnyOrder(1L, 2L, 3L);
        SweepSpec four = sweep(SweepSpec.Method.RANDOM, 4, Map.of("depth", new SweepSpec.IntRange(1, 3)));
        assertThatThrownBy(() -> Sweep.trials(four))
                .hasMessage("the sweep asks for 4 trials, but its parameters have only 3 distinct combinations");
    }

    @Test
    void distributionsAcceptTheirNarrowestRangesAndRefuseEmptyOnes() {
        assertThatThrownBy(() -> new SweepSpec.Uniform(1, 1)).hasMessage("uniform needs finite low < high, got [1.0, 1.0]");
        assertThat(new SweepSpec.Uniform(1, Math.nextUp(1.0)).high()).isGreaterThan(1);
        assertThatThrownBy(() -> new SweepSpec.LogUniform(0, 1)).hasMessage("loguniform needs 0 < low < high, got [0.0, 1.0]");
        assertThatThrownBy(() -> new SweepSpec.LogUniform(0.1, 0.1))
                .hasMessage("loguniform needs 0 < low < high, got [0.1, 0.1]");
        assertThat(new SweepSpec.LogUniform(Double.MIN_VALUE, 1).low()).isPositive();

        assertThat(new SweepSpec.IntRange(3, 3).low()).isEqualTo(3);
        assertThatThrownBy(() -> new SweepSpec.IntRange(4, 3)).hasMessage("int needs low <= high, got [4, 3]");
        assertThat(new SweepSpec.IntRange(-10, -5).high()).isEqualTo(-5);
        assertThat(new SweepSpec.IntRange(1L << 30, (1L << 30) + 5).low()).isEqualTo(1L << 30);
        assertThat(new SweepSpec.IntRange(0, Integer.MAX_VALUE - 1).high()).isEqualTo(Integer.MAX_VALUE - 1);
        assertThatThrownBy(() -> new SweepSpec.IntRange(0, Integer.MAX_VALUE))
                .hasMessage("int range [0, 2147483647] is wider than 2^31 values");
        assertThatThrownBy(() -> new SweepSpec.IntRange(Long.MIN_VALUE, Long.MAX_VALUE))
                .hasMessage("int range [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "] is wider than 2^31 values");
    }

    @Test
    void onlyTpeEarlyStoppingOrMedianStoppingMakeTrialsWaitForEarlierOnes() {
        Map<String, SweepSpec.Distribution> x = Map.of("x", new SweepSpec.Uniform(0, 1));
        assertThat(new SweepSpec(SweepSpec.Method.RANDOM, 20, 1, 0, AUC, x, 10, 0).learns()).isFalse();
        assertThat(new SweepSpec(SweepSpec.Method.RANDOM, 20, 1, 0, AUC, x, 10, 1).learns()).isTrue();
        assertThat(new SweepSpec(SweepSpec.Method.TPE, 20, 1, 0, AUC, x, 10, 0).learns()).isTrue();
        assertThat(new SweepSpec(SweepSpec.Method.RANDOM, 20, 1, 0, AUC, x, 10, 0)
                .withMedian(new SweepSpec.Median("logloss", SweepSpec.Goal.MINIMIZE, 0, 1)).learns()).isTrue();
        assertThatThrownBy(() -> new SweepSpec.Median("logloss", SweepSpec.Goal.MINIMIZE, 0, 0))
                .hasMessage("min_trials must be 1 or more, got 0");
    }

    @Test
    void retriesConcurrencyRetentionAndWebhooksAcceptTheirSmallestValues() {
        assertThat(new RetryPolicy(0, Duration.ZERO, 1.0).delayBefore(1)).isZero();
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, 1.0)).hasMessage("maxRetries < 0");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, 0.99)).hasMessage("factor < 1");

        assertThat(new Concurrency(1, null)).isEqualTo(new Concurrency(1, Concurrency.Policy.QUEUE));
        assertThat(new Concurrency(1, Concurrency.Policy.SKIP).policy()).isEqualTo(Concurrency.Policy.SKIP);
        assertThatThrownBy(() -> new Concurrency(0, null)).hasMessage("concurrency max must be at least 1, got 0");

        assertThat(new Retention(OptionalInt.of(1), OptionalInt.empty()).keepDays()).hasValue(1);
        assertThatThrownBy(() -> new Retention(OptionalInt.of(0), OptionalInt.empty()))
                .hasMessage("keep_days must be at least 1, got 0");

        assertThat(new TriggerSpec.Webhook("h", "SECRET", Map.of(), 1).maxPerMinute()).isEqualTo(1);
        assertThatThrownBy(() -> new TriggerSpec.Webhook("h", "SECRET", Map.of(), 0))
                .hasMessage("max_per_minute must be at least 1");
        assertThat(new TriggerSpec.DataArrival("in", "landing", "*.csv", "file", 2, Optional.empty()).objectStore()).isFalse();
        assertThat(new TriggerSpec.DataArrival("in", "s3://bucket/in/", "*.csv", "file", 2, Optional.empty()).objectStore())
                .isTrue();
    }

    @Test
    void aChoiceCountsItsDistinctValuesOnly() {
        SweepSpec s = sweep(SweepSpec.Method.RANDOM, 2, Map.of("b", new SweepSpec.Choice(List.of("gbtree", "dart"))));
        assertThat(Sweep.trials(s)).hasSize(2);
    }

    private static java.util.List<String> problemsOf(String yaml) {
        var spec = new dev.sluice.yaml.YamlPipelineLoader().parse(yaml, "n.yaml", java.nio.file.Path.of("."));
        try {
            new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, Map.of());
            return List.of();
        } catch (dev.sluice.api.DefinitionException e) {
            return e.problems().stream().map(dev.sluice.api.Problem::message).toList();
        }
    }

    @Test
    void stepAndInstanceNamesUpToTheirFolderLimitsAreAccepted() {
        String longest = "s".repeat(PipelineValidator.MAX_STEP_NAME);
        assertThat(problemsOf("pipeline: n\nsteps:\n  " + longest + ":\n    uses: source\n")).isEmpty();
        assertThat(problemsOf("pipeline: n\nsteps:\n  " + longest + "s:\n    uses: source\n")).singleElement()
                .asString().contains("is 101 characters long");
        String value = "v".repeat(PipelineValidator.MAX_INSTANCE_NAME - "m[v=]".length());
        String matrix = "pipeline: n\nsteps:\n  m:\n    run: [echo]\n    matrix: {v: [%s]}\n";
        assertThat(problemsOf(matrix.formatted(value))).isEmpty();
        assertThat(problemsOf(matrix.formatted(value + "v"))).singleElement().asString()
                .contains("has a " + (PipelineValidator.MAX_INSTANCE_NAME + 1) + "-character name");
    }

    @Test
    void theJavaBuildersSettersChain() {
        Pipeline p = Pipeline.builder("chain").registry(PipelineValidatorTest.REGISTRY)
                .step("load", s -> s.uses("source"))
                .step("again", s -> s.after("load").check("rows", ">= 1").uses("source"))
                .build();
        assertThat(p.step("again").orElseThrow().after()).containsExactly("load");
        assertThat(p.step("again").orElseThrow().checks()).extracting(CheckSpec::metric).containsExactly("rows");
    }
}
