/**
 * Data checks as pipeline steps: {@code expect} (a gate: types, nulls, ranges, allowed values,
 * uniqueness, patterns, finiteness, row counts; each expectation a check of the step, with {@code mostly} and
 * {@code severity: warn} as in Great Expectations) and {@code profile} (per-column statistics, the
 * reference for drift detection; its JSON format is documented on
 * {@link dev.sluice.ml.check.ProfileComponent}).
 */
package dev.sluice.ml.check;
