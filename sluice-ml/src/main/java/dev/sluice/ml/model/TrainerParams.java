package dev.sluice.ml.model;

import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.StepContext;
import dev.sluice.ml.model.prep.PrepOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parameters every trainer shares: {@code target}, {@code task}, {@code features} and the
 * preprocessing options. Immutable.
 */
record TrainerParams(String target, String task, List<String> features, PrepOptions prep) {
    /** The shared parameter specs, with this trainer's preprocessing defaults. */
    static List<ParamSpec> specs(String impute, String scale, String encode) {
        List<ParamSpec> p = new ArrayList<>();
        p.add(ParamSpec.of("target", ParamType.STRING).withDoc("the column to predict"));
        p.add(choice("task", "auto", "auto", "classification", "regression")
                .withDoc("auto: text/bool target or an integer one with <= 20 values -> classification"));
        p.add(ParamSpec.of("features", ParamType.LIST, List.of()).withDoc("input columns; empty = all but the target"));
        p.add(choice("impute", impute, "mean", "median", "none").withDoc("numeric nulls; none keeps them missing (NaN)"));
        p.add(choice("impute_categorical", "missing_level", "missing_level", "most_frequent")
                .withDoc("text nulls: a level of their own, or the most frequent value"));
        p.add(choice("scale", scale, "standard", "none").withDoc("standard: centre and scale numeric features to unit variance"));
        p.add(choice("encode", encode, "onehot", "ordinal", "auto").withDoc("text columns: one-hot, ordinal codes, or auto:"
                + " one-hot up to onehot_max_levels levels, above that ordinal codes in order of each level's mean target"));
        p.add(ParamSpec.of("onehot_max_levels", ParamType.INT, (long) PrepOptions.DEFAULT_MAX_ONEHOT_LEVELS).withBounds(1.0, null)
                .withDoc("encode: auto one-hot encodes a text column with at most this many levels"));
        return p;
    }

    /** The rule every trainer keeps: the target is not among its own features. */
    static ParamRule targetNotAFeature() {
        return ParamRule.check("features does not list target", v -> v.get("features") instanceof List<?> f
                && f.stream().map(String::valueOf).anyMatch(x -> x.equals(String.valueOf(v.get("target"))))
                ? Optional.of("'features' lists the target column '" + v.get("target") + "'; remove it") : Optional.empty(),
                "target", "features");
    }

    static ParamSpec choice(String name, String def, String... allowed) {
        return new ParamSpec(name, ParamType.ENUM, Optional.of(def), Optional.empty(), Optional.empty(),
                List.of(allowed), false, "");
    }

    static TrainerParams from(StepContext ctx) {
        return new TrainerParams(ctx.stringParam("target"), ctx.stringParam("task"), features(ctx), prep(ctx));
    }

    static List<String> features(StepContext ctx) {
        return ctx.listParam("features").stream().map(String::valueOf).toList();
    }

    static PrepOptions prep(StepContext ctx) {
        return new PrepOptions(
                PrepOptions.parse(PrepOptions.Impute.class, ctx.stringParam("impute")),
                PrepOptions.parse(PrepOptions.CategoricalImpute.class, ctx.stringParam("impute_categorical")),
                PrepOptions.parse(PrepOptions.Scale.class, ctx.stringParam("scale")),
                PrepOptions.parse(PrepOptions.Encode.class, ctx.stringParam("encode")),
                (int) ctx.intParam("onehot_max_levels"));
    }
}
