/**
 * The {@code sluice} command line (picocli): {@link dev.sluice.cli.Main} wires the subcommands
 * ({@code validate}, {@code run}); progress rendering, summaries and signal handling live beside them.
 */
package dev.sluice.cli;
