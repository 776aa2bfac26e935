package dev.sluice.yaml;

import dev.sluice.pipeline.Retention;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the top-level {@code retention: {keep_days: 30, keep_last: 100}} of a pipeline file, reporting every mistake
 * at its line and column. One load at a time; not thread-safe.
 */
final class RetentionReader extends SectionReader {
    static final List<String> KEYS = List.of("keep_days", "keep_last");
    static final String EXAMPLE = "retention: {keep_days: 30, keep_last: 100}";

    RetentionReader(Fields fields) {
        super(fields);
    }

    /** The policy, or empty after reporting why there is none. */
    Optional<Retention> read(YamlNode value) {
        String path = "retention";
        ctx.mark(path, value);
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(value, path, "key", EXAMPLE);
        if (entries.isEmpty()) return Optional.empty();
        ctx.rejectUnknown(entries.get(), KEYS, path, "retention");
        if (!entries.get().containsKey("keep_days") && !entries.get().containsKey("keep_last")) {
            ctx.report(value, path, "retention needs keep_days: (keep runs this many days) or keep_last:"
                    + " (keep this many newest runs), or both", "Example: " + EXAMPLE);
            return Optional.empty();
        }
        Optional<OptionalInt> days = count(entries.get().get("keep_days"), "keep_days", "keep_days: 30");
        Optional<OptionalInt> last = count(entries.get().get("keep_last"), "keep_last", "keep_last: 100");
        if (days.isEmpty() || last.isEmpty()) return Optional.empty();
        return Optional.of(new Retention(days.get(), last.get()));
    }

    /** An absent key as an empty value; a valid one as its number; empty after reporting a bad one. */
    private Optional<OptionalInt> count(LoadContext.Entry entry, String key, String example) {
        if (entry == null) return Optional.of(OptionalInt.empty());
        String path = "retention." + key;
        ctx.mark(path, entry.value());
        Optional<Long> n = fields.integer(entry.value(), path, 1, example);
        if (n.isEmpty()) return Optional.empty();
        if (n.get() > Integer.MAX_VALUE) {
            ctx.report(entry.value(), path, key + " is too large (" + n.get() + ")", "Example: " + example);
            return Optional.empty();
        }
        return Optional.of(OptionalInt.of(n.get().intValue()));
    }
}
