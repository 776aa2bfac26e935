package dev.sluice.serve;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledWarningTest {
    @Test
    void reportsTheFirstAtOnceThenAtMostOncePerIntervalWithTheCountHeldBack() {
        AtomicLong now = new AtomicLong(5_000);
        List<String> lines = new ArrayList<>();
        ThrottledWarning w = new ThrottledWarning(Duration.ofSeconds(60), now::get, lines::add);

        w.occurred("a client went away");
        for (int i = 0; i < 1600; i++) {
            now.addAndGet(1_000_000);            // 1.6 s in all: within the minute
            w.occurred("a client went away");
        }
        assertThat(lines).containsExactly("a client went away");

        now.addAndGet(Duration.ofSeconds(60).toNanos());
        w.occurred("a client went away again");
        assertThat(lines).containsExactly("a client went away",
                "a client went away again (and 1600 more like it since the last such line)");

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        w.occurred("held back");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        w.occurred("after a quiet minute");
        assertThat(lines).hasSize(3).last().isEqualTo("after a quiet minute (and 1 more like it since the last such line)");
    }
}
