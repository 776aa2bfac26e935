package dev.sluice.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The content of a folder artifact: its files' relative paths, digests, sizes and executable bits,
 * sorted by path. Its canonical JSON bytes are what the folder's digest hashes, so the digest does
 * not depend on creation order or modification times. Empty sub-folders are not recorded.
 * Immutable and thread-safe.
 *
 * <pre>{"format":"sluice-manifest/1","files":[{"path":"a/b.csv","digest":"sha256:...","size":12,"executable":false}]}</pre>
 */
record Manifest(List<Entry> entries) {
    static final String FORMAT = "sluice-manifest/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of the folder; the path uses '/' and is validated against escaping the folder. */
    record Entry(String path, Digest digest, long size, boolean executable) {
        Entry {
            checkRelative(path);
            if (size < 0) {
                throw new StoreException("manifest entry '" + path + "' has a negative size");
            }
        }
    }

    Manifest {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::path));
        checkNoClashes(sorted);
        entries = List.copyOf(sorted);
    }

    long totalSize() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    /** The canonical bytes: no whitespace, fixed key order, sorted entries, UTF-8. */
    byte[] toBytes() {
        StringBuilder sb = new StringBuilder(64 + entries.size() * 140);
        sb.append("{\"format\":\"").append(FORMAT).append("\",\"files\":[");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"path\":\"");
            escapeInto(e.path(), sb);
            sb.append("\",\"digest\":\"").append(e.digest()).append("\",\"size\":").append(e.size())
                    .append(",\"executable\":").append(e.executable()).append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses and validates manifest bytes: every path relative and inside the folder, every digest
     * well-formed, and the bytes canonical (so what was hashed is exactly what is materialized).
     */
    static Manifest parse(byte[] bytes, Digest digest) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("files").isArray()) {
                throw invalid(digest, "it is not a " + FORMAT + " document");
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode f : root.get("files")) {
                entries.add(new Entry(text(f, "path", digest), Digest.parse(text(f, "digest", digest)),
                        f.path("size").asLong(-1), f.path("executable").asBoolean(false)));
            }
            Manifest m = new Manifest(entries);
            if (!Arrays.equals(m.toBytes(), bytes)) {
                throw invalid(digest, "it is not in canonical form");
            }
            return m;
        } catch (IOException e) {
            throw invalid(digest, "it is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        } catch (StoreException e) {
            throw e.getMessage().startsWith("manifest of") ? e : invalid(digest, e.getMessage());
        }
    }

    /** Rejects paths that are empty, absolute, contain '.', '..', empty segments, '\' or control characters. */
    static void checkRelative(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/")) {
            throw new StoreException("path '" + path + "' is not relative; only paths inside the folder are allowed");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new StoreException("path '" + path.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a backslash or control character; rename the file");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new StoreException("path '" + path + "' has an empty, '.' or '..' segment;"
                        + " only plain paths inside the folder are allowed");
            }
        }
    }

    private static void checkNoClashes(List<Entry> sorted) {
        Set<String> files = new HashSet<>();
        for (Entry e : sorted) {
            if (!files.add(e.path())) {
                throw new StoreException("manifest lists '" + e.path() + "' twice");
            }
        }
        for (Entry e : sorted) {
            for (int slash = e.path().indexOf('/'); slash > 0; slash = e.path().indexOf('/', slash + 1)) {
                if (files.contains(e.path().substring(0, slash))) {
                    throw new StoreException("manifest lists '" + e.path().substring(0, slash)
                            + "' both as a file and as a folder");
                }
            }
        }
    }

    private static String text(JsonNode node, String field, Digest digest) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid(digest, "an entry has no text field '" + field + "'");
        }
        return v.asText();
    }

    private static StoreException invalid(Digest digest, String why) {
        return new StoreException("manifest of " + digest + " is invalid: " + why
                + "; it was not written by Sluice, delete it and re-run the step that produced it");
    }

    private static void escapeInto(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }
}
