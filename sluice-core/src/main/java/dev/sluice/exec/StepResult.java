package dev.sluice.exec;

import dev.sluice.api.CheckResult;
import dev.sluice.api.StepStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened to one step instance in a run.
 *
 * @param outputs output name to a {@link Path} (file or folder), a value (for {@code value} ports)
 * @param error   why it failed, was blocked, skipped or cancelled (one line); empty when it succeeded
 * @param log     the step's log file (stdout and stderr of a command step, {@code ctx.log} lines of a Java step)
 */
public record StepResult(String name, StepStatus status, Optional<Instant> started, Duration duration, int attempts,
                         Map<String, Object> outputs, Map<String, Double> metrics, List<CheckResult> checks,
                         Optional<String> error, Optional<Path> log) {}
