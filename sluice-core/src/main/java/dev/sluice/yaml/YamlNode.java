package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One node of a pipeline file as the readers need it: its shape, its resolved tag and where it starts (1-based).
 * Much smaller than snakeyaml's own nodes (no marks, comments or styles): a file of a million steps has some ten
 * million of them alive while it is read. Built by {@link YamlTree}.
 */
abstract sealed class YamlNode permits YamlScalar, YamlList, YamlMap {
    private final Tag tag;
    private final int line;
    private final int column;

    YamlNode(Tag tag, int line, int column) {
        this.tag = tag;
        this.line = line;
        this.column = column;
    }

    /** The resolved tag ({@link Tag#STR}, {@link Tag#INT}, ... for scalars; {@link Tag#SEQ} or {@link Tag#MAP} unless tagged). */
    final Tag getTag() {
        return tag;
    }

    /** 1-based line where the node starts. */
    final int line() {
        return line;
    }

    /** 1-based column where the node starts. */
    final int column() {
        return column;
    }
}
