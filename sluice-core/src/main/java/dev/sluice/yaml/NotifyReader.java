package dev.sluice.yaml;

import dev.sluice.pipeline.NotifyRule;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the top-level {@code notify:} list of a pipeline file, reporting every mistake at its line and column. One load
 * at a time; not thread-safe.
 */
final class NotifyReader extends SectionReader {
    static final List<String> KEYS = List.of("on", "webhook", "format", "secret_env");
    static final String EXAMPLE = "notify: [{on: [failed, waiting], webhook: \"http://127.0.0.1:9000/hook\", format: json,"
            + " secret_env: HOOK_SECRET}]";

    NotifyReader(Fields fields) {
        super(fields);
    }

    /** The valid rules; every invalid one is reported and left out. */
    List<NotifyRule> read(YamlNode value) {
        List<NotifyRule> out = new ArrayList<>();
        fields.eachItem(value, "notify", "a list of {on, webhook, format, secret_env}", EXAMPLE,
                (item, path) -> rule(item, path).ifPresent(out::add));
        return out;
    }

    private Optional<NotifyRule> rule(YamlNode node, String path) {
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(node, path, "key", EXAMPLE);
        if (entries.isEmpty()) return Optional.empty();
        ctx.rejectUnknown(entries.get(), KEYS, path, "a notify entry");
        LoadContext.Entry on = entries.get().get("on");
        LoadContext.Entry hook = entries.get().get("webhook");
        if (on == null || hook == null) {
            ctx.report(node, path, "a notify entry needs on: (what to report) and webhook: (where)", "Example: " + EXAMPLE);
            return Optional.empty();
        }
        Optional<Set<NotifyRule.Event>> events = events(on.value(), path + ".on");
        Optional<URI> url = url(hook.value(), path + ".webhook");
        boolean ok = events.isPresent() && url.isPresent();
        Optional<NotifyRule.Format> format = fields.choice(entries.get(), "format", path, NotifyRule.Format.JSON,
                "format: json", NotifyRule.Format::parse, "notify format",
                t -> "Use json (a signed JSON document) or slack (a Slack incoming-webhook text).");
        ok &= format.isPresent();
        Optional<String> secret = Optional.empty();
        LoadContext.Entry s = entries.get().get("secret_env");
        if (s != null) {
            ctx.mark(path + ".secret_env", s.value());
            secret = fields.text(s.value(), path + ".secret_env", "secret_env: HOOK_SECRET");
            if (secret.isPresent() && !secret.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                ctx.report(s.value(), path + ".secret_env", "the value is not an environment variable name",
                        "Name the variable that holds the secret, e.g. secret_env: HOOK_SECRET (never the secret itself).");
                secret = Optional.empty();
            }
            ok &= secret.isPresent();
        }
        if (!ok) return Optional.empty();
        return Optional.of(new NotifyRule(events.get(), url.get(), format.get(), secret));
    }

    private Optional<Set<NotifyRule.Event>> events(YamlNode node, String path) {
        ctx.mark(path, node);
        Optional<List<String>> names = fields.textOrList(node, path, "on: [failed, blocked, waiting]");
        if (names.isEmpty()) return Optional.empty();
        Set<NotifyRule.Event> out = EnumSet.noneOf(NotifyRule.Event.class);
        for (String n : names.get()) {
            Optional<NotifyRule.Event> e = NotifyRule.Event.parse(n);
            if (e.isEmpty()) {
                ctx.report(node, path, "unknown notify event '" + n + "'",
                        "Use failed, blocked (a gate failed), waiting (an approve step waits), succeeded or drift.");
                return Optional.empty();
            }
            out.add(e.get());
        }
        if (out.isEmpty()) {
            ctx.report(node, path, "on: lists nothing to report", "Example: on: [failed, waiting]");
            return Optional.empty();
        }
        return Optional.of(out);
    }

    private Optional<URI> url(YamlNode node, String path) {
        ctx.mark(path, node);
        Optional<String> text = fields.text(node, path, "webhook: \"http://127.0.0.1:9000/hook\"");
        if (text.isEmpty()) return Optional.empty();
        try {
            URI u = new URI(text.get());
            if (u.getScheme() != null && u.getScheme().matches("https?") && u.getHost() != null && u.getUserInfo() == null) {
                return Optional.of(u);
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        ctx.report(node, path, "webhook '" + text.get() + "' is not an http(s) URL with a host (and no user:password)",
                "Example: webhook: \"https://hooks.example.com/sluice\"; keep secrets in secret_env:, not in the URL.");
        return Optional.empty();
    }
}
