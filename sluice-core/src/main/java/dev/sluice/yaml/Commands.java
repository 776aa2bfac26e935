package dev.sluice.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns a shell-style command string into the {@code run:} list the author should write. Stateless. */
final class Commands {
    /** Characters that make a string a real shell program (pipes, redirects, quoting), which we cannot translate. */
    private static final Pattern SHELL = Pattern.compile("[|&;<>`'\"\\\\()]");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=+@-]+");

    private Commands() {
    }

    /**
     * {@code run: [python3, train.py, --epochs, "${params.epochs}"]} for
     * {@code "python3 train.py --epochs ${params.epochs}"}; empty when the string uses shell syntax.
     */
    static Optional<String> suggestRun(String command) {
        if (command.isBlank() || SHELL.matcher(command).find()) return Optional.empty();
        List<String> args = new ArrayList<>();
        for (String word : command.trim().split("\\s+")) {
            args.add(PLAIN.matcher(word).matches() ? word : "\"" + word + "\"");
        }
        return Optional.of("run: [" + String.join(", ", args) + "]");
    }
}
