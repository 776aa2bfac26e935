package dev.sluice.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.PortKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts a command step's inputs into its working folder and collects its outputs from it, following the
 * polyglot contract: inputs under {@code inputs/<name>/}, outputs from {@code outputs/<name>/}. Stateless and
 * thread-safe.
 *
 * <p>A step must not be able to change what other steps read: an input file is the step's own copy, except a
 * single-file input bigger than {@link #COPY_MAX_BYTES}, which is a hard link to the stored file (copying a
 * gigabyte costs about 0.6 s and the disk space; a link costs nothing). The store's files are read-only, which
 * stops a write except by root, so a {@link Link} remembers such a file's size and modification time, and the
 * runner checks it after the step ({@link Link#changed}).
 */
final class CommandFiles {
    /** JSON for values: integers read as Long, as parameters are. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    /** Input files up to this size are copied (64 MiB: about 40 ms here); bigger single files are linked. */
    static final long COPY_MAX_BYTES = 64L << 20;

    /** The paths a command sees per port, and the inputs that are hard links to files it must not change. */
    record Staged(Map<String, Path> paths, List<Link> links) {}

    /** A big input handed to the step as a hard link to {@code source}, with what the source looked like then. */
    record Link(Path staged, Path source, long size, FileTime modified) {
        /** True when the source's content was changed through the link: its size or modification time moved. */
        boolean changed() {
            try {
                BasicFileAttributes now = Files.readAttributes(source, BasicFileAttributes.class);
                return now.size() != size || !now.lastModifiedTime().equals(modified);
            } catch (IOException e) {
                return false; // gone from under us (collected): it was not changed through the link
            }
        }
    }

    private CommandFiles() {
    }

    /**
     * Stages every wired input; the paths are port name to the absolute path a command sees ({@code ${inputs.x}},
     * {@code SLUICE_INPUT_X}): the file itself for a single-file input, else the folder {@code inputs/<name>};
     * null for an absent optional input.
     */
    static Staged stageInputs(StepInputs inputs, Path inputsDir) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        List<Link> links = new ArrayList<>();
        for (String port : inputs.bindings().keySet()) {
            if (!inputs.has(port)) {
                out.put(port, null);
                continue;
            }
            Path dir = Files.createDirectories(inputsDir.resolve(port));
            List<Object> values = inputs.get(port);
            if (inputs.many(port)) {
                for (int k = 0; k < values.size(); k++) {
                    stage(values.get(k), Files.createDirectories(dir.resolve(String.valueOf(k))), links);
                }
                out.put(port, dir);
            } else {
                out.put(port, stage(values.getFirst(), dir, links));
            }
        }
        return new Staged(out, List.copyOf(links));
    }

    /** Stages one artifact into {@code dir}; returns the file when it is one file, else {@code dir}. */
    private static Path stage(Object value, Path dir, List<Link> links) throws IOException {
        if (value instanceof Path p && Files.isRegularFile(p)) {
            Path target = dir.resolve(p.getFileName().toString());
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
            if (attrs.size() > COPY_MAX_BYTES && link(p, target)) {
                links.add(new Link(target, p, attrs.size(), attrs.lastModifiedTime()));
            } else {
                Files.copy(p, target);
            }
            return target;
        }
        if (value instanceof Path p && Files.isDirectory(p)) {
            copyTree(p, dir);
            return dir;
        }
        if (value instanceof Path p) throw new IOException("input artifact " + p + " no longer exists");
        Path target = dir.resolve("value.json");
        Files.writeString(target, JSON.writeValueAsString(value), StandardCharsets.UTF_8);
        return target;
    }

    private static boolean link(Path source, Path target) {
        try {
            Files.createLink(target, source);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // another file system: copied instead
        }
    }

    /** A folder's files are always copies (a folder input is usually small: a model). */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Creates an empty {@code outputs/<name>/} per declared output; returns name to its absolute path. */
    static Map<String, Path> prepareOutputs(Map<String, PortKind> declared, Path outputsDir) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String name : declared.keySet()) out.put(name, Files.createDirectories(outputsDir.resolve(name)));
        return out;
    }

    /**
     * Reads what the command wrote: one regular file is the output (unless the kind is FOLDER), otherwise the
     * folder; a VALUE output is the single file's JSON (or its text when it is not JSON).
     *
     * @throws IllegalStateException saying which output is missing and where to write it
     */
    static Map<String, Object> collect(String step, Map<String, PortKind> declared, Map<String, Path> dirs) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, PortKind> e : declared.entrySet()) {
            String name = e.getKey();
            Path dir = dirs.get(name);
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.toList();
            }
            if (entries.isEmpty()) {
                throw new IllegalStateException("step '" + step + "' did not write output '" + name + "': write files under outputs/"
                        + name + "/");
            }
            boolean oneFile = entries.size() == 1 && Files.isRegularFile(entries.getFirst());
            if (e.getValue() == PortKind.VALUE) {
                if (!oneFile) {
                    throw new IllegalStateException("step '" + step + "' wrote " + entries.size() + " entries under outputs/" + name
                            + "/, but value output '" + name + "' must be exactly one file holding JSON or text");
                }
                out.put(name, readValue(entries.getFirst()));
            } else {
                out.put(name, oneFile && e.getValue() != PortKind.FOLDER ? entries.getFirst() : dir);
            }
        }
        return out;
    }

    private static Object readValue(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            Object v = JSON.readValue(text, Object.class);
            return v == null ? text.strip() : v;
        } catch (JsonProcessingException e) {
            return text.strip();
        }
    }
}
