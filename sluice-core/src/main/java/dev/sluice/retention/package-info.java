/**
 * Retention: which old runs go, and removing them. A pipeline's {@code retention:} (or the workspace default) says how
 * long its runs are kept ({@link dev.sluice.pipeline.Retention}); {@link dev.sluice.retention.RunSweep} plans a sweep
 * ({@link dev.sluice.retention.SweepPlan}: what goes, what stays although the policy lets it go, and why) and applies
 * it: the runs' metadata rows, then their folders under {@code <home>/runs/}. Pinned, queued and running runs, and
 * every run a registered model version's lineage or a kept run's lineage needs, always stay. The artifacts only the
 * deleted runs referred to become collectable by {@code sluice gc --delete}; the store itself is not touched here.
 * Used by {@code sluice gc --runs} and by {@code sluice server}'s periodic sweep.
 */
package dev.sluice.retention;
