/**
 * The prediction log and the drift monitor: {@link dev.sluice.monitor.PredictionLog} appends every prediction
 * to Parquet files in the workspace, off the request path; {@link dev.sluice.monitor.DriftMonitor} compares a
 * window of those rows (or any table) with the model's training profile (PSI and Kolmogorov-Smirnov per
 * feature); {@link dev.sluice.monitor.RetrainTrigger} turns drift alarms into retraining runs under a policy.
 */
package dev.sluice.monitor;
