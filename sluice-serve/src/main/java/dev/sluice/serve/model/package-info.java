/**
 * Models compiled for per-row scoring: XGBoost's JSON trees as flat arrays ({@link dev.sluice.serve.model.XgbTrees}),
 * the fitted preprocessing as a row transform ({@link dev.sluice.serve.model.RowTransform}), and the streaming request
 * parser that validates rows against the input schema ({@link dev.sluice.serve.model.RowParser}).
 */
package dev.sluice.serve.model;
