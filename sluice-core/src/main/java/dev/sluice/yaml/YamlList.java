package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.List;

/** A sequence; its items are added while the file is read (an alias may point at a list still being read). */
final class YamlList implements YamlNode {
    private final Tag tag;
    private final List<YamlNode> items = new ArrayList<>(2);
    private final int line;
    private final int column;

    YamlList(Tag tag, int line, int column) {
        this.tag = tag;
        this.line = line;
        this.column = column;
    }

    @Override
    public Tag getTag() {
        return tag;
    }

    /** The items in file order. */
    List<YamlNode> getValue() {
        return items;
    }

    void add(YamlNode item) {
        items.add(item);
    }

    @Override
    public int line() {
        return line;
    }

    @Override
    public int column() {
        return column;
    }
}
