package dev.sluice.yaml;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.Problem;
import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.Schedule;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One schedule given as text outside a pipeline file (a JSON object sent to {@code sluice server}'s API), validated by
 * the same reader as a file's {@code schedules:} entry, so the same mistakes get the same messages. Stateless;
 * thread-safe.
 */
public final class ScheduleEntries {
    private ScheduleEntries() {}

    /**
     * The schedule {@code text} (a JSON or YAML mapping with the keys of a {@code schedules:} entry) describes, for a
     * pipeline with {@code params}.
     *
     * @param origin names the text in the problems' locations (e.g. {@code request})
     * @throws DefinitionException with every problem found
     */
    public static Schedule read(String text, String origin, Map<String, ParamSpec> params) {
        LoadSettings settings = LoadSettings.builder().setLabel(origin).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true).setUseMarks(true).build();
        LoadContext ctx = new LoadContext(origin);
        List<dev.sluice.pipeline.Schedule> read = List.of();
        try {
            // a one-entry list, read as a file's schedules: list is ("- " keeps the columns of a one-line text)
            Optional<YamlNode> root = YamlTree.composeWithSnakeyaml("- " + text, settings);
            if (root.isPresent()) read = new ScheduleReader(new Fields(ctx), params).read(root.get());
        } catch (YamlEngineException | YamlTree.TooDeep e) {
            throw new DefinitionException(List.of(new Problem(Optional.of(new SourceLocation(origin, 1, 1)), "",
                    "not a schedule: " + SyntaxErrors.oneLine(String.valueOf(e.getMessage())),
                    "Send a JSON object such as {\"name\": \"nightly\", \"cron\": \"0 2 * * *\"}.")));
        }
        if (!ctx.problems().isEmpty()) throw new DefinitionException(ctx.problems());
        if (read.size() != 1) throw new DefinitionException(List.of(new Problem(Optional.of(new SourceLocation(origin, 1, 1)),
                "", "not a schedule", "Send a JSON object such as {\"name\": \"nightly\", \"cron\": \"0 2 * * *\"}.")));
        return read.getFirst();
    }
}
