package dev.sluice.exec;

import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the {@link WarmsUp} components of a run warming up, each at most once per process (by class), each on a
 * daemon thread of its own: one after the other, a slow warm-up (opening DuckDB, 0.2–0.35 s) held back the ones
 * behind it until the steps they were for had started. A pipeline with none starts nothing.
 */
final class WarmUps {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUps.class);
    private static final Set<Class<?>> STARTED = ConcurrentHashMap.newKeySet();

    private WarmUps() {
    }

    static void start(Pipeline pipeline) {
        for (StepNode step : pipeline.steps()) {
            if (step.kind() instanceof StepKind.JavaStep(var component) && component instanceof WarmsUp w
                    && STARTED.add(component.getClass())) {
                Thread.ofPlatform().daemon().name("sluice-warm-up").priority(Thread.MIN_PRIORITY).start(() -> {
                    try {
                        w.warmUp();
                    } catch (RuntimeException | LinkageError e) {
                        LOG.debug("warm-up of {} failed (its steps compile as they run): {}", w, e.toString());
                    }
                });
            }
        }
    }
}
