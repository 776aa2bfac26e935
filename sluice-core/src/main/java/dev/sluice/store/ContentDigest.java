package dev.sluice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The digest the {@link ArtifactStore} gives a file or a folder, computed without storing it: the SHA-256 of a file's
 * bytes, or of a folder's canonical manifest (its files' relative paths, digests, sizes and executable bits). Readers
 * use it to check that what they are about to use is still exactly the artifact it was recorded as, e.g. a model
 * folder before it is served. Reads every byte. Stateless and thread-safe.
 *
 * <pre>{@code
 * Path dir = store.path(digest).orElseThrow();
 * if (!ContentDigest.of(dir).equals(digest)) throw new IllegalStateException(dir + " was changed after it was stored");
 * }</pre>
 */
public final class ContentDigest {
    private static final Hasher HASHER = new Hasher(Hasher.ReadListener.NONE);

    private ContentDigest() {}

    /**
     * The digest of the regular file or folder at {@code path}, as {@link ArtifactStore#put} would record it.
     *
     * @throws StoreException when it cannot be read, or holds what the store would refuse (a link out of the folder)
     */
    public static Digest of(Path path) {
        try {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return HASHER.hash(path).digest();
            List<Manifest.Entry> entries = new ArrayList<>();
            for (FolderScanner.SourceFile f : FolderScanner.scan(path)) {
                Hasher.Hashed h = HASHER.hash(f.content());
                entries.add(new Manifest.Entry(f.path(), h.digest(), h.size(), f.executable()));
            }
            return Hasher.hash(new Manifest(entries).toBytes());
        } catch (IOException e) {
            throw new StoreException("cannot read '" + path + "' to compute its digest: " + e, e);
        }
    }
}
