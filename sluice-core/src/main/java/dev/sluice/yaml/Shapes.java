package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Names the shape of a YAML node for messages ("got a list", "got 'maybe'"). Stateless. */
final class Shapes {
    private Shapes() {
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    static boolean isText(Node node) {
        return node instanceof ScalarNode && Tag.STR.equals(node.getTag()) || isOtherScalar(node);
    }

    /** True for a scalar YAML resolved as a number. */
    static boolean isNumber(Node node) {
        return node instanceof ScalarNode && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()));
    }

    static boolean isBool(Node node) {
        return node instanceof ScalarNode && Tag.BOOL.equals(node.getTag());
    }

    /** A scalar with a tag we treat as text, such as {@code !ENV_VARIABLE} or {@code !!binary}. */
    private static boolean isOtherScalar(Node node) {
        Tag tag = node.getTag();
        return node instanceof ScalarNode && !Tag.NULL.equals(tag) && !Tag.BOOL.equals(tag)
                && !Tag.INT.equals(tag) && !Tag.FLOAT.equals(tag) && !Tag.STR.equals(tag);
    }

    /** What the author wrote, for "got ...": {@code 'maybe'}, {@code 3}, {@code true}, {@code nothing}, {@code a list}, {@code a map}. */
    static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a map";
            case SequenceNode s -> "a list";
            case ScalarNode s when isNull(s) -> "nothing";
            case ScalarNode s when isText(s) -> "'" + s.getValue() + "'";
            case ScalarNode s -> s.getValue();
            default -> "an unsupported node";
        };
    }
}
