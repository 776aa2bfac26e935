package dev.sluice.pipeline;

import java.util.Optional;

/**
 * A parsed input reference: {@code load.data} (one step), {@code gbdt[*].model} (every instance of a
 * matrix step) or {@code gbdt[eta=0.1].model} (one instance).
 *
 * @param step     the base step name
 * @param instance the instance selector inside the brackets ({@code *} or {@code eta=0.1}); empty without brackets
 */
record WireRef(String step, Optional<String> instance, String output) {

    boolean all() {
        return instance.filter("*"::equals).isPresent();
    }

    /**
     * @throws IllegalArgumentException when the text is not of the form {@code step.output} or {@code step[...].output}
     */
    static WireRef parse(String text) {
        String t = text.trim();
        int open = t.indexOf('[');
        if (open >= 0) {
            int close = t.indexOf(']', open);
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != '.' || close + 2 >= t.length()) {
                throw malformed(text);
            }
            return new WireRef(t.substring(0, open), Optional.of(t.substring(open + 1, close)), t.substring(close + 2));
        }
        int dot = t.indexOf('.');
        if (dot <= 0 || dot == t.length() - 1 || t.indexOf('.', dot + 1) >= 0) throw malformed(text);
        return new WireRef(t.substring(0, dot), Optional.empty(), t.substring(dot + 1));
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException("'" + text + "' is not a reference to an output; write step.output, "
                + "or step[*].output for every instance of a matrix step");
    }

    @Override
    public String toString() {
        return step + instance.map(i -> "[" + i + "]").orElse("") + "." + output;
    }
}
