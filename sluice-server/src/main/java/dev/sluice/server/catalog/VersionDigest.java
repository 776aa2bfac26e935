package dev.sluice.server.catalog;

import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.StepSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version of a pipeline: SHA-256 over its YAML text and the content of the files it names (the script files of
 * {@code run:} steps, an argument without {@code ${...}} that is a file beside the pipeline, and {@code code:} files),
 * each under its path relative to the pipeline's folder. So editing {@code train.py} makes a new version as surely
 * as editing the YAML; moving the whole folder does not. The CLI computes the same digest for a local file
 * ({@code sluice run FILE --server URL}) to ask the server for exactly that version. Stateless; thread-safe.
 */
public final class VersionDigest {
    /** A version: its digest and the files it covers (relative path to {@code sha256:<hex>}). */
    public record Fingerprint(String digest, Map<String, String> files) {
        public Fingerprint {
            files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        }
    }

    private VersionDigest() {}

    /** The version of a loaded spec whose text is {@code yaml}. */
    public static Fingerprint of(PipelineSpec spec, String yaml) {
        Map<String, String> files = new TreeMap<>();
        for (String rel : namedFiles(spec).keySet()) files.put(rel, fileDigest(spec.baseDir().resolve(rel).normalize()));
        MessageDigest md = sha256();
        md.update("sluice-pipeline-version/1\n".getBytes(StandardCharsets.UTF_8));
        md.update(yaml.getBytes(StandardCharsets.UTF_8));
        files.forEach((rel, d) -> md.update(("\n" + rel + "\0" + d).getBytes(StandardCharsets.UTF_8)));
        return new Fingerprint("sha256:" + HexFormat.of().formatHex(md.digest()), files);
    }

    /**
     * The local files a spec names, relative path to absolute path: constant {@code run:} arguments that are regular
     * files under the pipeline's folder, and {@code code:} entries that exist.
     */
    public static Map<String, Path> namedFiles(PipelineSpec spec) {
        Map<String, Path> out = new TreeMap<>();
        Path base = spec.baseDir().toAbsolutePath().normalize();
        for (StepSpec s : spec.steps().values()) {
            for (String arg : s.run()) addIfLocal(base, arg, out);
            for (String code : s.code()) addIfLocal(base, code, out);
        }
        return out;
    }

    private static void addIfLocal(Path base, String arg, Map<String, Path> out) {
        if (arg.isEmpty() || arg.contains("${") || arg.indexOf('\0') >= 0) return;
        try {
            Path p = Path.of(arg);
            if (p.isAbsolute()) return;
            Path file = base.resolve(p).normalize();
            if (file.startsWith(base) && Files.isRegularFile(file)) out.put(base.relativize(file).toString(), file);
        } catch (RuntimeException e) {
            // not a path on this system: an ordinary argument
        }
    }

    /** {@code sha256:<hex>} of a file's content. */
    public static String fileDigest(Path file) {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** {@code sha256:<hex>} of a text's UTF-8 bytes (the id Sluice gives a pipeline definition). */
    public static String textDigest(String text) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
