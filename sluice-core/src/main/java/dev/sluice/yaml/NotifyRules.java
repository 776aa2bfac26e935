package dev.sluice.yaml;

import dev.sluice.pipeline.NotifyRule;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code notify:} rules of a pipeline file's text, for {@code sluice server} (which reports runs as they say). The
 * loader validated them with positions when the pipeline was registered; here an invalid rule is simply left out.
 * Stateless; thread-safe.
 */
public final class NotifyRules {
    private NotifyRules() {}

    /** The valid rules of the {@code notify:} list of {@code yaml}; none when it has none or does not parse. */
    public static List<NotifyRule> of(String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel("pipeline").setSchema(new CoreSchema())
                .setCodePointLimit(Integer.MAX_VALUE).setAllowDuplicateKeys(true).setUseMarks(true).build();
        try {
            Optional<YamlNode> root = YamlTree.composeWithSnakeyaml(yaml, settings);
            if (root.isEmpty() || !(root.get() instanceof YamlMap map)) return List.of();
            LoadContext ctx = new LoadContext("pipeline");
            Map<String, LoadContext.Entry> entries = ctx.entries(map, "", k -> "key '" + k + "'");
            LoadContext.Entry notify = entries.get("notify");
            return notify == null ? List.of() : new NotifyReader(new Fields(ctx)).read(notify.value());
        } catch (YamlEngineException | YamlTree.TooDeep e) {
            return List.of();
        }
    }
}
