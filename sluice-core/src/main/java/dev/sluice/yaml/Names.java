package dev.sluice.yaml;

import java.util.regex.Pattern;

/**
 * The rule for names that references are built from (steps, parameters, ports): a letter or
 * {@code _}, then letters, digits, {@code _} or {@code -}. Dots and brackets are reference syntax
 * ({@code load.data}, {@code gbdt[*].model}), so they cannot appear in a name. Stateless.
 */
final class Names {
    static final String RULE = "A name starts with a letter or '_' and has only letters, digits, '_' and '-'.";

    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Names() {
    }

    static boolean valid(String name) {
        if (name.isEmpty() || !(isLetter(name.charAt(0)) || name.charAt(0) == '_')) return false;
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isLetter(c) || c >= '0' && c <= '9' || c == '_' || c == '-')) return false;
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** Environment variable names: letters, digits and {@code _}, not starting with a digit. */
    static boolean validEnv(String name) {
        return ENV.matcher(name).matches();
    }
}
