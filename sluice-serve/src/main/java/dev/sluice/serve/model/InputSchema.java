package dev.sluice.serve.model;

import dev.sluice.ml.model.ModelInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a request row must carry: the model's {@code input_schema}, with a precomputed name → index map.
 * Immutable and thread-safe.
 */
public final class InputSchema {
    private final String[] names;
    private final FieldType[] types;
    private final Map<String, Integer> index;
    private final KnownTexts texts;

    private InputSchema(String[] names, FieldType[] types) {
        this.names = names;
        this.types = types;
        this.index = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) index.put(names[i], i);
        this.texts = new KnownTexts(names.length);
    }

    public static InputSchema of(List<ModelInfo.Field> fields) {
        String[] names = new String[fields.size()];
        FieldType[] types = new FieldType[fields.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = fields.get(i).name();
            types[i] = FieldType.parse(names[i], fields.get(i).type());
        }
        return new InputSchema(names, types);
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public FieldType type(int i) {
        return types[i];
    }

    /** The text value {@code chars[offset, offset + length)} of field {@code i}, shared with earlier requests when it repeats. */
    String text(int i, char[] chars, int offset, int length) {
        return texts.text(i, chars, offset, length);
    }

    /** The index of {@code name}, or -1 when the model has no such field. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }
}
