/**
 * Preprocessing fitted on training data and stored inside each model: imputation (numeric mean/median,
 * text most-frequent or a {@code __missing__} level), standard scaling, one-hot or ordinal encoding, or either by a
 * text column's number of levels ({@code encode: auto}, ordinal codes in order of the levels' mean target).
 * Categories not seen in training become all zeros (one-hot) or the code -1 (ordinal) and are counted.
 */
package dev.sluice.ml.model.prep;
