package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

/** Names the shape of a YAML node for messages ("got a list", "got 'maybe'"). Stateless. */
final class Shapes {
    private Shapes() {
    }

    static boolean isNull(YamlNode node) {
        return node instanceof YamlScalar && Tag.NULL.equals(node.getTag());
    }

    static boolean isText(YamlNode node) {
        return node instanceof YamlScalar && Tag.STR.equals(node.getTag()) || isOtherScalar(node);
    }

    /** True for a scalar YAML resolved as a number. */
    static boolean isNumber(YamlNode node) {
        return node instanceof YamlScalar && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()));
    }

    static boolean isBool(YamlNode node) {
        return node instanceof YamlScalar && Tag.BOOL.equals(node.getTag());
    }

    /** A scalar with a tag we treat as text, such as {@code !ENV_VARIABLE} or {@code !!binary}. */
    private static boolean isOtherScalar(YamlNode node) {
        Tag tag = node.getTag();
        return node instanceof YamlScalar && !Tag.NULL.equals(tag) && !Tag.BOOL.equals(tag)
                && !Tag.INT.equals(tag) && !Tag.FLOAT.equals(tag) && !Tag.STR.equals(tag);
    }

    /** What the author wrote, for "got ...": {@code 'maybe'}, {@code 3}, {@code true}, {@code nothing}, {@code a list}, {@code a map}. */
    static String describe(YamlNode node) {
        return switch (node) {
            case YamlMap m -> "a map";
            case YamlList s -> "a list";
            case YamlScalar s when isNull(s) -> "nothing";
            case YamlScalar s when isText(s) -> "'" + s.getValue() + "'";
            case YamlScalar s -> s.getValue();
        };
    }
}
