package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One node of a pipeline file as the readers need it: its shape, its resolved tag and where it starts (1-based).
 * Much smaller than snakeyaml's own nodes (no marks, comments or styles): a file of a million steps has some ten
 * million of them alive while it is read. Built by {@link YamlTree}.
 */
sealed interface YamlNode permits YamlScalar, YamlList, YamlMap {
    /** The resolved tag ({@link Tag#STR}, {@link Tag#INT}, ... for scalars; {@link Tag#SEQ} or {@link Tag#MAP} unless tagged). */
    Tag getTag();

    /** 1-based line where the node starts. */
    int line();

    /** 1-based column where the node starts. */
    int column();
}
