/**
 * HTTP model serving ({@code sluice serve}): {@link dev.sluice.serve.ModelServer} on Helidon SE, request validation
 * against the model's input schema, hot swap when an alias moves, Prometheus metrics, and the
 * {@link dev.sluice.serve.PredictionSink} hook for the prediction log. Models are compiled to pure Java in
 * {@code dev.sluice.serve.model}. The {@code canary} pipeline component ({@link dev.sluice.serve.CanaryComponent})
 * smoke-tests a candidate in a sandbox server before a {@code promote} step.
 */
package dev.sluice.serve;
