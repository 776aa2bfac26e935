package dev.sluice.monitor;

import dev.sluice.serve.FeatureRow;

/**
 * The field names and types of logged rows, shared by every row of one {@link LogChunk}: a served model's rows all
 * have its input schema's shape. Immutable.
 */
final class LogShape {
    private final String[] names;
    private final String[] types;
    private final boolean[] text;

    private LogShape(String[] names, String[] types) {
        this.names = names;
        this.types = types;
        this.text = new boolean[types.length];
        for (int i = 0; i < types.length; i++) text[i] = "string".equals(types[i]);
    }

    /** The shape of {@code row}. */
    static LogShape of(FeatureRow row) {
        String[] names = new String[row.size()], types = new String[row.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = row.name(i);
            types[i] = row.type(i);
        }
        return new LogShape(names, types);
    }

    /** True when {@code row} has these fields with these types, in this order. */
    boolean matches(FeatureRow row) {
        if (row.size() != names.length) return false;
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(row.name(i)) || !types[i].equals(row.type(i))) return false;
        }
        return true;
    }

    int size() { return names.length; }

    String name(int i) { return names[i]; }

    String type(int i) { return types[i]; }

    boolean isText(int i) { return text[i]; }
}
