package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

/** A scalar: its text as written (unquoted) and the tag it resolves to. */
final class YamlScalar extends YamlNode {
    private final String value;
    /** Written in quotes: its text starts one column after {@link #column()}. */
    private final boolean quoted;

    YamlScalar(Tag tag, String value, int line, int column) {
        this(tag, value, line, column, false);
    }

    YamlScalar(Tag tag, String value, int line, int column, boolean quoted) {
        super(tag, line, column);
        this.value = value;
        this.quoted = quoted;
    }

    /** True when written in single or double quotes. */
    boolean quoted() {
        return quoted;
    }

    String getValue() {
        return value;
    }
}
