package dev.sluice.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model folders written once by each of sluice-ml's model formats, kept as resources under
 * {@code dev/sluice/testing/models/}: every later version of Sluice must still read them and score their rows to their
 * recorded predictions (sluice-ml's {@code GoldenModelFormatsTest}). Each folder holds {@code model.json}, the trees
 * file its body names ({@code xgboost.json} or {@code forest.json}), {@code rows.csv} (a few input rows) and
 * {@code expected.json} ({@code {"outputs": [[...], ...]}}, one array of model outputs per row, as
 * {@code Predictions.outputs()} gives them). {@code index.txt} lists each folder and its files. Stateless.
 *
 * <pre>{@code
 * Path folder = GoldenModels.copy("logistic", tempDir);   // a plain folder, whether the kit is a jar or not
 * }</pre>
 */
public final class GoldenModels {
    /** The classpath folder of the golden models. */
    public static final String ROOT = "/dev/sluice/testing/models/";

    private GoldenModels() {
    }

    /** Each golden model's name and its file names, in the order of {@code index.txt}. */
    public static Map<String, List<String>> index() {
        Map<String, List<String>> index = new LinkedHashMap<>();
        try (InputStream in = open("index.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] parts = line.split("\\s+");
                index.put(parts[0], List.of(parts).subList(1, parts.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index;
    }

    /** Copies the golden model {@code name} into {@code dir/name} and returns that folder. */
    public static Path copy(String name, Path dir) {
        List<String> files = index().get(name);
        if (files == null) throw new IllegalArgumentException("no golden model '" + name + "'; the index lists " + index().keySet());
        Path folder = dir.resolve(name);
        try {
            Files.createDirectories(folder);
            for (String file : files) {
                try (InputStream in = open(name + "/" + file)) {
                    Files.copy(in, folder.resolve(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    /** The names of every golden model. */
    public static List<String> names() {
        return new ArrayList<>(index().keySet());
    }

    private static InputStream open(String path) throws IOException {
        InputStream in = GoldenModels.class.getResourceAsStream(ROOT + path);
        if (in == null) throw new IOException("missing test-kit resource " + ROOT + path + "; rebuild sluice-testing");
        return in;
    }
}
