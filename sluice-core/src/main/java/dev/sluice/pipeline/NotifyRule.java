package dev.sluice.pipeline;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a pipeline file's top-level {@code notify:} list: which happenings {@code sluice server} reports, to
 * which webhook, in which body format, signed with the secret in which environment variable. Immutable.
 *
 * <pre>{@code
 * notify:
 *   - {on: [failed, blocked, waiting], webhook: "http://127.0.0.1:9000/hook", format: json, secret_env: HOOK_SECRET}
 *   - {on: [failed], webhook: "https://hooks.slack.com/services/T/B/X", format: slack}
 * }</pre>
 *
 * @param on        what is reported
 * @param webhook   where: an http(s) URL
 * @param format    the body: a signed JSON document, or a Slack incoming-webhook text
 * @param secretEnv the environment variable (of the server) that holds the HMAC secret; unsigned without one
 */
public record NotifyRule(Set<Event> on, URI webhook, Format format, Optional<String> secretEnv) {
    /** What can be reported. */
    public enum Event {
        FAILED, BLOCKED, WAITING, SUCCEEDED, DRIFT;

        public String yamlName() { return name().toLowerCase(Locale.ROOT); }

        public static Optional<Event> parse(String s) {
            for (Event e : values()) if (e.yamlName().equals(s)) return Optional.of(e);
            return Optional.empty();
        }
    }

    /** The body of a notification. */
    public enum Format {
        JSON, SLACK;

        public String yamlName() { return name().toLowerCase(Locale.ROOT); }

        public static Optional<Format> parse(String s) {
            for (Format f : values()) if (f.yamlName().equals(s)) return Optional.of(f);
            return Optional.empty();
        }
    }

    public NotifyRule {
        on = Set.copyOf(on);
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(secretEnv, "secretEnv");
    }
}
