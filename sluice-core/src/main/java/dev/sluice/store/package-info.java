/**
 * The content-addressed artifact store: every step output is stored once under its SHA-256
 * {@link dev.sluice.store.Digest}, files as read-only blobs and folders as a canonical manifest of
 * their files' digests. {@link dev.sluice.store.ArtifactStore} is the interface the executor uses
 * (a local folder today, an S3-compatible object store later); {@link dev.sluice.store.LocalArtifactStore}
 * keeps the content under {@code <home>/store/}; {@link dev.sluice.store.FileDigests} remembers the
 * digests of unchanged files outside the store so inputs are not re-hashed on every run.
 * {@link dev.sluice.store.ArtifactStore#verify(dev.sluice.store.ContentStamp)} checks content against its digest
 * (cheaply, against a {@link dev.sluice.store.ContentStamp}) and stops serving what is damaged;
 * {@link dev.sluice.store.StoreAudit} checks a whole store for {@code sluice fsck}.
 */
package dev.sluice.store;
