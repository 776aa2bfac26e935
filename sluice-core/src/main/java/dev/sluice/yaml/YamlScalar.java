package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

/** A scalar: its text as written (unquoted) and the tag it resolves to. */
final class YamlScalar implements YamlNode {
    private final Tag tag;
    private final String value;
    private final int line;
    private final int column;

    YamlScalar(Tag tag, String value, int line, int column) {
        this.tag = tag;
        this.value = value;
        this.line = line;
        this.column = column;
    }

    @Override
    public Tag getTag() {
        return tag;
    }

    String getValue() {
        return value;
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
