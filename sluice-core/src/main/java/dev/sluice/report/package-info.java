/**
 * What a recorded run looks like to people: {@link dev.sluice.report.RunView} gathers a run's final step
 * attempts and how they were wired (from the artifacts each step consumed), and
 * {@link dev.sluice.report.RunReportPage} renders it as one self-contained HTML page (inline CSS and SVG,
 * no scripts, nothing fetched from the network): the DAG, a timeline, metrics, checks and each output's
 * lineage. Used by {@code sluice show} and {@code sluice report}; reads nothing itself.
 * {@link dev.sluice.report.OutputFile} writes a file whose path a user gave (atomically for a regular file or a
 * symbolic link's target, into a device or pipe as it is).
 */
package dev.sluice.report;
