package dev.sluice.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.api.Component;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.meta.MetaWrite;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.Template;
import dev.sluice.store.FileDigests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Computes cache keys. A key covers the component's name and version and a fingerprint of its code (a Java
 * component's class bytes; a command's argument list and the content of the script files it names and of its
 * {@code code:} files), the resolved parameters, the declared {@code env:}, the input artifacts' digests, and
 * the content of files named by {@code path} parameters. Input files are hashed through the
 * {@link FileDigests} memo, so unchanged files are not read again. Thread-safe.
 */
final class CacheKeys {
    private static final Map<Class<?>, String> CLASS_DIGESTS = new ConcurrentHashMap<>();

    private final FileDigests digests;
    private final java.util.function.Function<String, Path> baseDirs;

    CacheKeys(FileDigests digests, Path baseDir) {
        Path dir = baseDir.toAbsolutePath().normalize();
        this.digests = digests;
        this.baseDirs = step -> dir;
    }

    /** Keys for the steps of {@code pipeline}, each reading relative paths from its own folder ({@link dev.sluice.pipeline.Pipeline#baseDir}). */
    CacheKeys(FileDigests digests, dev.sluice.pipeline.Pipeline pipeline) {
        this.digests = digests;
        this.baseDirs = step -> pipeline.baseDir(step).toAbsolutePath().normalize();
    }

    /**
     * @param params   the step's parameters, templates rendered where they can be before the step starts
     * @param inputIds input port to the artifact ids wired to it, in order
     */
    CacheKey compute(StepNode node, Map<String, Object> params, Map<String, List<String>> inputIds) {
        Path baseDir = baseDirs.apply(node.name());
        Map<String, Object> parts = new TreeMap<>();
        parts.put("params", canonical(params));
        parts.put("inputs", inputIds);
        parts.put("env", new TreeMap<>(node.env()));
        Map<String, String> files = new TreeMap<>();
        switch (node.kind()) {
            case StepKind.JavaStep j -> {
                Component c = j.component();
                parts.put("component", c.spec().name() + "@" + c.spec().version());
                parts.put("code", classDigest(c.getClass()));
                for (ParamSpec p : c.spec().params()) {
                    if (p.type() == ParamType.PATH && params.get(p.name()) instanceof String s) {
                        files.put("param " + p.name(), contentDigest(baseDir.resolve(s).normalize()));
                    }
                }
            }
            case StepKind.CommandStep cmd -> {
                parts.put("component", "run");
                parts.put("code", cmd.argv().stream().map(Template::source).toList());
                for (Template arg : cmd.argv()) {
                    if (arg.isConstant() && !arg.source().isEmpty() && isLocalFile(baseDir, arg.source())) {
                        files.put(arg.source(), contentDigest(baseDir.resolve(arg.source()).normalize()));
                    }
                }
            }
        }
        for (Path code : node.code()) {
            files.put(baseDir.relativize(code).toString(), contentDigest(code));
        }
        parts.put("files", files);
        try {
            String json = CanonicalJson.write(parts);
            return new CacheKey(MetaWrite.sha256(json), json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the cache key of step '" + node.name() + "'", e);
        }
    }

    private static boolean isLocalFile(Path baseDir, String arg) {
        try {
            Path p = Path.of(arg);
            return !p.isAbsolute() && Files.isRegularFile(baseDir.resolve(p).normalize());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Values as JSON can show them; a template not yet resolvable (a path) stays as its source text. */
    private static Map<String, Object> canonical(Map<String, Object> params) {
        Map<String, Object> out = new TreeMap<>();
        params.forEach((k, v) -> out.put(k, v instanceof Template t ? "${template}" + t.source() : v));
        return out;
    }

    /** A file's digest (through the memo), a folder's digest over its files' names and digests, or "missing". */
    String contentDigest(Path p) {
        if (Files.isRegularFile(p)) return digests.digest(p).toString();
        if (!Files.isDirectory(p)) return "missing";
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(p)) {
            walk.filter(Files::isRegularFile).forEach(f -> entries.put(p.relativize(f).toString(), digests.digest(f).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
        try {
            return MetaWrite.sha256(CanonicalJson.write(entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of a class's bytes, or of its name when they cannot be read (hidden and lambda classes). */
    static String classDigest(Class<?> type) {
        return CLASS_DIGESTS.computeIfAbsent(type, t -> {
            String resource = t.getName().substring(t.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = t.getResourceAsStream(resource)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(t.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (in != null) md.update(in.readAllBytes());
                return "sha256:" + HexFormat.of().formatHex(md.digest());
            } catch (IOException | NoSuchAlgorithmException e) {
                return "class:" + t.getName();
            }
        });
    }
}
