package dev.sluice.serve.model;

import dev.sluice.serve.FeatureRow;

import java.util.Arrays;

/**
 * The parsed values of one request row, in schema order, in primitive arrays: numbers and booleans as doubles,
 * strings as text, and flags for present and null. Reused across rows by {@link #clear()}. Not thread-safe.
 */
public final class RowValues implements FeatureRow {
    final InputSchema schema;
    final double[] numbers;
    final String[] texts;
    final boolean[] present;
    final boolean[] nulls;

    public RowValues(InputSchema schema) {
        this.schema = schema;
        int n = schema.size();
        numbers = new double[n];
        texts = new String[n];
        present = new boolean[n];
        nulls = new boolean[n];
    }

    /** Forgets every value. */
    public void clear() {
        Arrays.fill(present, false);
        Arrays.fill(nulls, false);
        Arrays.fill(texts, null);
    }

    void setNumber(int i, double v) {
        present[i] = true;
        nulls[i] = false;
        numbers[i] = v;
        texts[i] = null;
    }

    void setText(int i, String v) {
        present[i] = true;
        nulls[i] = false;
        texts[i] = v;
    }

    void setNull(int i) {
        present[i] = true;
        nulls[i] = true;
        numbers[i] = Double.NaN;
        texts[i] = null;
    }

    /** True when the request carried field {@code i} (possibly as null). */
    public boolean present(int i) {
        return present[i];
    }

    @Override
    public int size() {
        return schema.size();
    }

    @Override
    public String name(int i) {
        return schema.name(i);
    }

    @Override
    public String type(int i) {
        return schema.type(i).label();
    }

    @Override
    public boolean isNull(int i) {
        return nulls[i];
    }

    @Override
    public double number(int i) {
        return nulls[i] ? Double.NaN : numbers[i];
    }

    @Override
    public String text(int i) {
        return texts[i];
    }
}
