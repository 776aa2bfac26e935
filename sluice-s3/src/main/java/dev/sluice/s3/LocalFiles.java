package dev.sluice.s3;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/** Removing local files: a stored step output ({@code move}), and the store's own temporary folders. Stateless. */
final class LocalFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFiles.class);

    private LocalFiles() {
    }

    /** Removes an output the store took; a failure is logged (the output is stored), not thrown. */
    static void deleteSource(Path source) {
        try {
            deleteTree(source);
        } catch (IOException e) {
            LOG.warn("stored '{}' but could not remove it ({}); delete it by hand", source, e.toString());
        }
    }

    /** Deletes a file or folder tree (making read-only folders writable first); links are removed, never followed. */
    static void deleteTree(Path root) throws IOException {
        dev.sluice.store.FileTrees.delete(root);
    }
}
