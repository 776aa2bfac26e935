package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Problem;
import dev.sluice.pipeline.ProblemJson;

import java.io.PrintWriter;
import java.util.List;

/** Prints definition problems, as {@code FILE:LINE:COL: message} lines or as JSON. Stateless. */
final class ProblemReport {
    static final ObjectMapper JSON = new ObjectMapper();

    private ProblemReport() {
    }

    /** One {@link Problem#format()} line per problem, then {@code 3 problems in FILE}. */
    static void printText(List<Problem> problems, String file, PrintWriter err) {
        for (Problem p : problems) {
            err.println(p.format());
        }
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + file);
        err.flush();
    }

    /** {@code {"file", "valid", "problems": [{"file", "line", "column", "path", "message", "hint"}]}}. */
    static ObjectNode json(String file, List<Problem> problems) {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", file);
        root.put("valid", problems.isEmpty());
        ArrayNode list = root.putArray("problems");
        for (Problem p : problems) ProblemJson.put(list.addObject(), p, file);
        return root;
    }

    /**
     * Reports an invalid pipeline file as {@code validate}, {@code plan} and {@code run} do: its problems as JSON on
     * stdout, or as {@code FILE:LINE:COL: message} lines on stderr. Returns the exit code, 2.
     */
    static int refuse(dev.sluice.api.DefinitionException e, String file, boolean json, PrintWriter out, PrintWriter err) {
        if (json) printJson(json(file, e.problems()), out);
        else printText(e.problems(), file, err);
        return 2;
    }

    static void printJson(com.fasterxml.jackson.databind.JsonNode node, PrintWriter out) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        out.flush();
    }
}
