package dev.sluice.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.store.Digest;
import dev.sluice.store.StoreException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a folder artifact's manifest lists ({@code {"format":"sluice-manifest/1","files":[{"path","digest","size",
 * "executable"}]}}, the bytes its digest hashes), read to upload or rebuild the folder. The S3 store checks the
 * manifest's bytes against the folder's digest before it reads them, and {@link #inside} keeps every path inside the
 * folder it is rebuilt in. Immutable.
 */
record FolderManifest(List<Entry> entries) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file: its path relative to the folder ('/'-separated), digest, size and executable bit. */
    record Entry(String path, Digest digest, long size, boolean executable) {}

    FolderManifest {
        entries = List.copyOf(entries);
    }

    static FolderManifest parse(byte[] bytes, Digest folder) {
        try {
            JsonNode root = JSON.readTree(bytes);
            List<Entry> entries = new ArrayList<>();
            for (JsonNode f : root.path("files")) {
                entries.add(new Entry(f.path("path").asText(), Digest.parse(f.path("digest").asText()),
                        f.path("size").asLong(), f.path("executable").asBoolean()));
            }
            return new FolderManifest(entries);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("the manifest of folder artifact " + folder + " cannot be read (" + e.getMessage()
                    + "); run 'sluice fsck' and run the pipeline again", e);
        }
    }

    /** Where the entry goes under {@code root}; refuses a path that would leave it. */
    static Path inside(Path root, Entry e, Digest folder) {
        Path p = root.resolve(e.path()).normalize();
        if (e.path().isEmpty() || e.path().startsWith("/") || !p.startsWith(root) || p.equals(root)) {
            throw new StoreException("the manifest of folder artifact " + folder + " names a file '" + e.path()
                    + "' outside the folder; the stored manifest is not one Sluice wrote: delete it from the bucket");
        }
        return p;
    }
}
