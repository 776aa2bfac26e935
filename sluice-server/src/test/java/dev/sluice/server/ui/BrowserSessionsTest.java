package dev.sluice.server.ui;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserSessionsTest {
    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-07T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aSessionEndsAfterItsIdleTimeWithoutARequest() {
        Hands clock = new Hands();
        BrowserSessions sessions = new BrowserSessions(clock);
        BrowserSessions.Created c = sessions.create("slt_token", "ci");
        clock.now = clock.now.plus(BrowserSessions.IDLE).minusSeconds(1);
        assertThat(sessions.find(c.id())).isPresent();
        clock.now = clock.now.plus(BrowserSessions.IDLE).plusSeconds(1);
        assertThat(sessions.find(c.id())).isEmpty();
    }

    @Test
    void aSessionInUseEndsAtItsLifetime() {
        Hands clock = new Hands();
        BrowserSessions sessions = new BrowserSessions(clock);
        BrowserSessions.Created c = sessions.create("slt_token", "ci");
        for (Duration d = Duration.ZERO; d.compareTo(BrowserSessions.LIFETIME) < 0; d = d.plusHours(1)) {
            clock.now = clock.now.plus(Duration.ofHours(1));
            if (d.plusHours(1).compareTo(BrowserSessions.LIFETIME) < 0) assertThat(sessions.find(c.id())).as("after " + d).isPresent();
        }
        clock.now = clock.now.plusSeconds(1);
        assertThat(sessions.find(c.id())).isEmpty();
    }

    @Test
    void idsAndCsrfTokensAreRandomAndNeverPrinted() {
        BrowserSessions sessions = new BrowserSessions(new Hands());
        BrowserSessions.Created a = sessions.create("slt_secret", "ci");
        BrowserSessions.Created b = sessions.create("slt_secret", "ci");
        assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.session().csrf()).isNotEqualTo(b.session().csrf());
        assertThat(a.toString()).doesNotContain(a.id(), "slt_secret", a.session().csrf());
        assertThat(BrowserSessions.csrfMatches(a.session(), a.session().csrf())).isTrue();
        assertThat(BrowserSessions.csrfMatches(a.session(), b.session().csrf())).isFalse();
        assertThat(BrowserSessions.csrfMatches(a.session(), null)).isFalse();
        sessions.remove(a.id());
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).isPresent();
        assertThat(sessions.find("not-a-session")).isEmpty();
    }
}
