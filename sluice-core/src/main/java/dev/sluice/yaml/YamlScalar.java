package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

/** A scalar: its text as written (unquoted) and the tag it resolves to. */
final class YamlScalar implements YamlNode {
    private final Tag tag;
    private final String value;
    private final int line;
    private final int column;
    /** Written in quotes: its text starts one column after {@link #column()}. */
    private final boolean quoted;

    YamlScalar(Tag tag, String value, int line, int column) {
        this(tag, value, line, column, false);
    }

    YamlScalar(Tag tag, String value, int line, int column, boolean quoted) {
        this.tag = tag;
        this.value = value;
        this.line = line;
        this.column = column;
        this.quoted = quoted;
    }

    /** True when written in single or double quotes. */
    boolean quoted() {
        return quoted;
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
