package dev.sluice.store;

import dev.sluice.api.PortKind;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A content-addressed store of step outputs: each file or folder is kept once under its SHA-256
 * {@link Digest}, and the digest is the artifact id. The executor talks only to this interface; a
 * local folder ({@link LocalArtifactStore}) is the default; {@code SLUICE_STORE} names another one, opened by an
 * {@link ArtifactStoreProvider} ({@code sluice-s3}: an S3-compatible bucket).
 *
 * <p><b>Contract</b> (checked by {@code dev.sluice.testing.ArtifactStoreContract} of {@code sluice-testing}, which
 * every implementation's test extends):
 * <ul>
 *   <li>Identical content is stored once; a folder's digest depends only on its files' relative
 *       paths, contents and executable bits (not on creation order or modification times).</li>
 *   <li>Writes are atomic: content becomes visible complete or not at all, also after a crash.</li>
 *   <li>Names never escape the store: symbolic links pointing outside a stored folder, {@code ..}
 *       and absolute paths are rejected with a {@link StoreException}.</li>
 *   <li>Stored content is read-only; {@link #verify} detects content that was changed anyway, and the store
 *       stops serving it (writes it back, or moves it out).</li>
 *   <li>Storing content that is already stored replaces a stored copy that no longer holds it.</li>
 * </ul>
 *
 * <p><b>Thread safety</b>: implementations are thread-safe, and several processes may share one
 * store: two writers storing the same content at once both succeed. Deleting a digest while another
 * thread stores the <em>same</em> content is a race the caller (the garbage collector) must avoid;
 * deleting never affects other content.
 *
 * <pre>{@code
 * ArtifactStore store = new LocalArtifactStore(Path.of(".sluice"));
 * StoredArtifact model = store.put(workDir.resolve("outputs/model"), PortKind.MODEL, true);
 * store.materialize(model.digest(), nextWorkDir.resolve("inputs/model"));
 * }</pre>
 */
public interface ArtifactStore {

    /**
     * Stores a regular file or a folder (recursively) and returns what was stored.
     *
     * @param source a regular file or a folder; must not itself be a symbolic link
     * @param kind   the port kind it is stored as (recorded in the result, not in the address)
     * @param move   {@code true} lets the store take the source's files instead of copying them
     *               (same filesystem only, else it copies); on success the source is gone. On
     *               failure the source is left in place.
     * @throws StoreException if the source is missing, is or contains a symbolic link that leaves
     *                        the folder, or cannot be read or stored
     */
    StoredArtifact put(Path source, PortKind kind, boolean move);

    /**
     * A file's content held in memory, to be stored without a file of its own: its bytes, the name of the file it
     * stands for (the media type is guessed from its extension), and the identity of the file it was read from, if
     * any (see {@link #storedFrom}).
     */
    record Content(byte[] bytes, String fileName, Optional<FileIdentity> readFrom) {
        public Content {
            java.util.Objects.requireNonNull(bytes, "bytes");
            java.util.Objects.requireNonNull(fileName, "fileName");
            java.util.Objects.requireNonNull(readFrom, "readFrom");
        }
    }

    /**
     * Stores a file's content from memory and returns what was stored, as {@link #put(Path, PortKind, boolean)}
     * would for a file holding these bytes.
     *
     * @param keptElsewhere {@code true} when the caller records these bytes durably elsewhere, in the same
     *     transaction as the artifact's record (the metadata database, for small artifacts): the store then need not
     *     make its own copy durable, neither a new blob nor one already stored (see {@link #keptElsewhere}). A store
     *     that cannot tell ignores it.
     * @throws StoreException if the content cannot be stored
     */
    default StoredArtifact put(Content content, PortKind kind, boolean keptElsewhere) {
        String name = content.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
        Path temp = null;
        try {
            temp = java.nio.file.Files.createTempFile("sluice-", "-" + name);
            java.nio.file.Files.write(temp, content.bytes());
            return put(temp, kind, true);
        } catch (java.io.IOException e) {
            throw new StoreException("could not store '" + content.fileName() + "' from memory: " + e
                    + "; check the free space of the temporary folder (java.io.tmpdir)", e);
        } finally {
            if (temp != null) {
                try {
                    java.nio.file.Files.deleteIfExists(temp);
                } catch (java.io.IOException ignored) {
                    // a temporary file; the store's failure, if any, is the one to report
                }
            }
        }
    }

    /**
     * A read-only local path to the content: the blob of a file, or a folder tree for a folder.
     * Do not write through it. Empty when the digest is not stored.
     */
    Optional<Path> path(Digest digest);

    /**
     * Whether the digest is stored, without reading its content or writing anything (no folder tree is laid out, no
     * damaged blob written back): what a dry run or an inspection asks. The content may still turn out damaged
     * when it is read.
     */
    default boolean contains(Digest digest) {
        return path(digest).isPresent();
    }

    /**
     * Whether the digest is stored and its content still hashes to it (for a folder: the manifest
     * and every file), after writing back what the store can. Reads all the content; see
     * {@link #verify(ContentStamp)} for what happens to damaged content.
     */
    default boolean verify(Digest digest) {
        return verify(ContentStamp.unknown(digest)).usable();
    }

    /**
     * Checks stored content against its digest: the files whose attributes still match the stamp (same file, size
     * and change time: nothing wrote to them since) are taken as they are, the others are hashed. Content that does
     * not hash to its digest is dealt with so that the store never serves it again: written back from bytes kept
     * elsewhere when there are any ({@link Verification.State#RESTORED}), or else moved out of the store
     * ({@link Verification.State#QUARANTINED}), so that the next cache lookup misses and the producing step runs
     * again. With {@link ContentStamp#unknown} it hashes everything; {@code sluice fsck} uses the same check.
     *
     * <p>For the executor: stamp an input after materializing it and verify the stamp after the step; anything
     * but {@link Verification.State#INTACT} means the step (or something else) wrote to stored content. The check
     * costs a few system calls per file when nothing changed.
     */
    Verification verify(ContentStamp stamp);

    /**
     * A cheap record of the content's state on disk, for {@link #verify(ContentStamp)}. Take it after
     * materializing the content (a hard link changes a file's change time). One that vouches for nothing
     * ({@link ContentStamp#unknown}) by default.
     */
    default ContentStamp stamp(Digest digest) {
        return ContentStamp.unknown(digest);
    }

    /**
     * Puts the content at {@code target} (which must not exist; its parent is created): a file
     * for a file artifact, a folder tree for a folder artifact. Files are read-only hard links to
     * the store when possible, else read-only copies.
     *
     * @throws StoreException if the digest is not stored, its manifest is invalid, or target exists
     */
    void materialize(Digest digest, Path target);

    /**
     * Every stored digest: file blobs (including the files of stored folders) and folder
     * manifests, in no particular order. A snapshot; content stored later may or may not appear.
     */
    Stream<Digest> list();

    /**
     * Removes the content stored under the digest (for a folder: its manifest and tree; its files
     * stay, as other artifacts may share them, and are listed and deleted on their own).
     *
     * @return the number of bytes freed, 0 if the digest was not stored
     */
    long delete(Digest digest);

    /**
     * Tells the store that the caller keeps the bytes of this stored file durably elsewhere (the metadata
     * database, for small artifacts), so the store may skip making its own copy durable. Call it only after
     * the record holding the bytes was submitted. Does nothing by default.
     */
    default void keptElsewhere(Digest digest) {
    }

    /**
     * Which file a blob that a store of this process handed out was stored from: the {@link FileIdentity} that file
     * had when it was hashed. When the store already held a step output's bytes, the blob a downstream step reads is
     * another file than the one the step wrote; this lets a reader that keeps what it wrote in memory (the table I/O
     * of {@code sluice-ml}) recognise the blob as that file, on the store's own proof that both hold the same bytes.
     * Empty for a blob this process did not store; the last 4,096 blobs stored are remembered.
     */
    static Optional<FileIdentity> storedFrom(Path blob) {
        return BlobOrigins.origin(blob);
    }
}
