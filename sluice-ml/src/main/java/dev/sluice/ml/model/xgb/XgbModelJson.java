package dev.sluice.ml.model.xgb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts an XGBoost JSON model to its first boosting rounds by splicing the bytes XGBoost wrote: in
 * {@code learner.gradient_booster.model}, the arrays {@code trees} and {@code tree_info} keep their first
 * {@code iteration_indptr[rounds]} entries, {@code iteration_indptr} its first {@code rounds + 1}, and
 * {@code gbtree_model_param.num_trees} says how many trees are left. Everything else is copied as it is.
 *
 * <p>A scanner of its own rather than a JSON tree: a step that stops early on a small table spent 80–190 ms
 * reading the model into Jackson nodes, writing them out and loading the result back into XGBoost, most of it
 * code run for the first time; the splice reads the bytes once.
 */
final class XgbModelJson {
    private final byte[] json;

    private XgbModelJson(byte[] json) {
        this.json = json;
    }

    /**
     * The model {@code json} (UTF-8, as {@code Booster.toByteArray("json")} returns it) holding only its first
     * {@code rounds} rounds.
     *
     * @throws IllegalArgumentException when the layout is not XGBoost's gbtree JSON model or has fewer rounds
     */
    static byte[] cut(byte[] json, int rounds) {
        return new XgbModelJson(json).cutTo(rounds);
    }

    private byte[] cutTo(int rounds) {
        int model = member(member(member(skipSpace(0), "learner"), "gradient_booster"), "model");
        int indptr = member(model, "iteration_indptr");
        int trees = member(model, "trees");
        int info = member(model, "tree_info");
        int numTrees = member(member(model, "gbtree_model_param"), "num_trees");
        int indptrCut = elementsEnd(indptr, rounds + 1);
        int keep = Integer.parseInt(element(indptr, rounds));
        int[][] splices = {   // {from, to}: the bytes replaced, in file order after sorting
                {indptrCut, valueEnd(indptr) - 1},
                {elementsEnd(trees, keep), valueEnd(trees) - 1},
                {elementsEnd(info, keep), valueEnd(info) - 1},
                {numTrees, valueEnd(numTrees)}};
        java.util.Arrays.sort(splices, java.util.Comparator.comparingInt(s -> s[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        int at = 0;
        for (int[] s : splices) {
            out.write(json, at, s[0] - at);
            if (s[0] == numTrees) out.writeBytes(("\"" + keep + "\"").getBytes(StandardCharsets.US_ASCII));
            at = s[1];
        }
        out.write(json, at, json.length - at);
        return out.toByteArray();
    }

    /** The start of member {@code key}'s value in the object starting at {@code object}. */
    private int member(int object, String key) {
        expect(object, '{');
        byte[] want = key.getBytes(StandardCharsets.UTF_8);
        int i = skipSpace(object + 1);
        while (json[i] != '}') {
            expect(i, '"');
            int nameEnd = valueEnd(i);
            boolean match = nameEnd - i - 2 == want.length
                    && java.util.Arrays.equals(json, i + 1, nameEnd - 1, want, 0, want.length);
            i = skipSpace(nameEnd);
            expect(i, ':');
            int value = skipSpace(i + 1);
            if (match) return value;
            i = skipSpace(valueEnd(value));
            if (json[i] == ',') i = skipSpace(i + 1);
        }
        throw layout("no member '" + key + "'");
    }

    /**
     * The position just after the {@code n}-th element of the array starting at {@code array} (the position of
     * the first element's start for n = 0), which must have at least {@code n} elements.
     */
    private int elementsEnd(int array, int n) {
        expect(array, '[');
        int i = skipSpace(array + 1);
        if (n == 0) return i;
        for (int k = 0; k < n; k++) {
            if (json[i] == ']') throw layout("an array has " + k + " elements, fewer than " + n);
            if (k > 0) {
                expect(i, ',');
                i = skipSpace(i + 1);
            }
            i = valueEnd(i);
            if (k < n - 1) i = skipSpace(i);
        }
        return i;
    }

    /** The text of element {@code k} (from 0) of the array starting at {@code array}. */
    private String element(int array, int k) {
        int start = skipSpace(array + 1);
        if (k > 0) {
            start = skipSpace(elementsEnd(array, k));
            expect(start, ',');
            start = skipSpace(start + 1);
        }
        return new String(json, start, valueEnd(start) - start, StandardCharsets.UTF_8);
    }

    /** The position just after the JSON value starting at {@code i}. */
    private int valueEnd(int i) {
        byte b = json[i];
        if (b == '"') {
            for (int j = i + 1; ; j++) {
                if (json[j] == '\\') j++;
                else if (json[j] == '"') return j + 1;
            }
        }
        if (b == '{' || b == '[') {
            int depth = 0;
            for (int j = i; ; j++) {
                byte c = json[j];
                if (c == '"') {
                    j = valueEnd(j) - 1;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return j + 1;
                }
            }
        }
        int j = i;
        while (j < json.length && json[j] != ',' && json[j] != '}' && json[j] != ']' && !space(json[j])) j++;
        return j;
    }

    private int skipSpace(int i) {
        while (i < json.length && space(json[i])) i++;
        if (i >= json.length) throw layout("the model ends early");
        return i;
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void expect(int i, char c) {
        if (json[i] != c) throw layout("expected '" + c + "' at byte " + i + ", found '" + (char) json[i] + "'");
    }

    private static IllegalArgumentException layout(String what) {
        return new IllegalArgumentException("unexpected XGBoost JSON model layout: " + what);
    }
}
