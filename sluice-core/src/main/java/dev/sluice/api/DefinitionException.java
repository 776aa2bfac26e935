package dev.sluice.api;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline definition (or its parameters) is invalid; carries every problem found, in file order. */
public class DefinitionException extends PipelineException {
    private final List<Problem> problems;

    public DefinitionException(List<Problem> problems) {
        super(render(problems));
        this.problems = problems.stream().sorted(Problem.ORDER).toList();
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n"
                + problems.stream().sorted(Problem.ORDER).map(Problem::format).collect(Collectors.joining("\n"));
    }
}
