package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.List;

/** A sequence; its items are added while the file is read (an alias may point at a list still being read). */
final class YamlList extends YamlNode {
    private final List<YamlNode> items = new ArrayList<>(2);

    YamlList(Tag tag, int line, int column) {
        super(tag, line, column);
    }

    /** The items in file order. */
    List<YamlNode> getValue() {
        return items;
    }

    void add(YamlNode item) {
        items.add(item);
    }
}
