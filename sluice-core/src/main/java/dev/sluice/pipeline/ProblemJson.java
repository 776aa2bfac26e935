package dev.sluice.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Problem;
import dev.sluice.api.SourceLocation;

/**
 * A definition problem as JSON, as {@code sluice validate --json} prints it and the server answers an invalid pipeline
 * with: {@code {"file", "line", "column", "path", "message", "hint"}}, line and column null when the problem has no
 * place in a file. Stateless and thread-safe.
 */
public final class ProblemJson {
    private ProblemJson() {
    }

    /** Adds {@code problem}'s fields to {@code node} and returns it; {@code file} is the file when it has no location. */
    public static ObjectNode put(ObjectNode node, Problem problem, String file) {
        SourceLocation at = problem.location().orElse(null);
        node.put("file", at == null ? file : at.file());
        if (at == null) {
            node.putNull("line");
            node.putNull("column");
        } else {
            node.put("line", at.line());
            node.put("column", at.column());
        }
        node.put("path", problem.path());
        node.put("message", problem.message());
        node.put("hint", problem.hint());
        return node;
    }
}
