package dev.sluice.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for the names of registered models and their aliases, checked wherever a name enters: the
 * {@code register} and {@code promote} steps (at validation when the name is written in the file, at run time
 * otherwise), {@code sluice promote}, the {@link ModelRegistry} itself and {@code NAME@ALIAS} references. A name or
 * alias has 1 to 128 characters, letters, digits, {@code .}, {@code _} and {@code -}, and starts with a letter or a
 * digit: so never empty, {@code .} or {@code ..}, and never a path ({@code /}, {@code \}) or a reference ({@code @}).
 * An alias is also not a number, which after {@code @} means a version. Stateless.
 */
public final class ModelNames {
    /** The rule, as messages state it. */
    public static final String RULE = "a model name or alias has 1 to 128 characters, letters, digits, '.', '_' and '-',"
            + " and starts with a letter or a digit";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");

    private ModelNames() {
    }

    /** What is wrong with {@code name} as a model name, or empty when it is one. */
    public static Optional<String> nameProblem(String name) {
        return NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("model name '" + shown(name) + "' is not allowed: " + RULE);
    }

    /** What is wrong with {@code alias} as an alias, or empty when it is one. */
    public static Optional<String> aliasProblem(String alias) {
        if (!NAME.matcher(alias).matches()) return Optional.of("alias '" + shown(alias) + "' is not allowed: " + RULE);
        if (NUMBER.matcher(alias).matches()) {
            return Optional.of("alias '" + alias + "' is not allowed: a number after '@' means a version (churn@3);"
                    + " start the alias with a letter");
        }
        return Optional.empty();
    }

    /** What is wrong with {@code reference} ({@code NAME}, {@code NAME@ALIAS} or {@code NAME@VERSION}), or empty. */
    public static Optional<String> referenceProblem(String reference) {
        int at = reference.indexOf('@');
        if (at < 0) return nameProblem(reference);
        Optional<String> name = nameProblem(reference.substring(0, at));
        if (name.isPresent()) return name;
        String which = reference.substring(at + 1);
        return NUMBER.matcher(which).matches() ? Optional.empty() : aliasProblem(which);
    }

    /**
     * Checks a model name.
     *
     * @throws IllegalArgumentException saying what is wrong and the rule
     */
    public static String requireName(String name) {
        nameProblem(name).ifPresent(p -> { throw new IllegalArgumentException(p); });
        return name;
    }

    /**
     * Checks an alias.
     *
     * @throws IllegalArgumentException saying what is wrong and the rule
     */
    public static String requireAlias(String alias) {
        aliasProblem(alias).ifPresent(p -> { throw new IllegalArgumentException(p); });
        return alias;
    }

    /** The name as a message shows it: control characters escaped, at most 60 characters. */
    private static String shown(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 60; i++) {
            char c = s.charAt(i);
            if (c == '\n') sb.append("\\n");
            else if (c == '\t') sb.append("\\t");
            else if (Character.isISOControl(c)) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return s.length() > 60 ? sb + "... (" + s.length() + " characters)" : sb.toString();
    }
}
