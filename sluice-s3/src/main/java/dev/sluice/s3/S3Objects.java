package dev.sluice.s3;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The object operations the S3 store needs, on one bucket: write once ({@code If-None-Match: *}), multipart upload of
 * big files with bounded memory, streamed reads, listing and deleting. Thread-safe (the SDK client is).
 *
 * <p>Writes are conditional: an object that exists is never overwritten by {@link #putIfAbsent}, so two writers of
 * the same digest cannot clobber each other; a server that answers the condition with 412 (S3, S3Mock) tells the
 * second writer the object is there. A HEAD before the write saves the upload when the object exists already. A
 * multipart upload becomes visible only when it is completed; one that fails is aborted, and one whose process died
 * stays invisible until {@link #abortUploadsStartedBefore} removes its parts.
 */
final class S3Objects {
    private static final Logger LOG = LoggerFactory.getLogger(S3Objects.class);
    /** Part size of multipart uploads; also the largest file sent in one PUT. */
    static final long DEFAULT_PART_SIZE = 8L << 20;

    private final S3Client s3;
    private final String bucket;
    private final long partSize;

    S3Objects(S3Client s3, String bucket, long partSize) {
        if (partSize < 5L << 20) throw new IllegalArgumentException("S3 parts are at least 5 MiB: " + partSize);
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.partSize = partSize;
    }

    long partSize() {
        return partSize;
    }

    /** The object's size, empty when there is none. */
    OptionalLong size(String key) {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
            return OptionalLong.of(r.contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return OptionalLong.empty();
            throw e;
        }
    }

    /**
     * Writes the file under {@code key} unless an object is there already (then nothing is sent, or the server
     * refuses the write with 412); with {@code replace} an existing object is overwritten (to repair one that no
     * longer holds its digest's bytes). Returns whether this call wrote the object.
     */
    boolean putIfAbsent(String key, Path file, boolean replace) throws IOException {
        return putIfAbsent(key, file, replace, 2);
    }

    private boolean putIfAbsent(String key, Path file, boolean replace, int attempts) throws IOException {
        long size = Files.size(file);
        if (!replace && size(key).isPresent()) return false;
        try {
            if (size <= partSize) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size).ifNoneMatch(replace ? null : "*"),
                        RequestBody.fromFile(file));
            } else {
                multipart(key, file, size, replace);
            }
            return true;
        } catch (S3Exception e) {
            if (replace || !refused(e)) throw e;
            // another writer stored it first. Our refused multipart upload was aborted, and S3Mock 4.11 deletes the
            // completed object of the key when an upload of it is aborted (S3 does not): then store it again, once
            if (size(key).isPresent() || attempts <= 1) return false;
            LOG.debug("{} vanished when the refused upload was aborted; storing it again", key);
            return putIfAbsent(key, file, false, attempts - 1);
        }
    }

    /** Writes small bytes (a manifest) under {@code key} unless an object is there; returns whether it wrote. */
    boolean putIfAbsent(String key, byte[] bytes, boolean replace) {
        if (!replace && size(key).isPresent()) return false;
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) bytes.length).ifNoneMatch(replace ? null : "*"),
                    RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (!replace && refused(e)) return false;
            throw e;
        }
    }

    /**
     * Whether the server refused a conditional write because the object exists: 412 Precondition Failed (S3; S3Mock
     * for PutObject), or 304 Not Modified (S3Mock 4.11 for CompleteMultipartUpload).
     */
    private static boolean refused(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 304;
    }

    private void multipart(String key, Path file, long size, boolean replace) {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                long from = offset;
                int n = number;
                // streamed from the file: memory stays bounded whatever the part size; re-opened on a retry
                RequestBody body = RequestBody.fromContentProvider(() -> slice(file, from, length), length,
                        "application/octet-stream");
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(n)
                        .contentLength(length), body).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                    .ifNoneMatch(replace ? null : "*")
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abortQuietly(key, upload);
            throw e;
        }
    }

    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            return new java.io.FilterInputStream(Channels.newInputStream(ch)) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) return -1;
                    int c = super.read();
                    if (c >= 0) left--;
                    return c;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) return -1;
                    int r = super.read(b, off, (int) Math.min(len, left));
                    if (r > 0) left -= r;
                    return r;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void abortQuietly(String key, String upload) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
        } catch (SdkException e) {
            LOG.warn("could not abort the multipart upload of {} ({}); 'sluice gc --delete' removes its parts later",
                    key, e.toString());
        }
    }

    /** Streams the object to {@code target} (which must not exist); false when there is no such object. */
    boolean download(String key, Path target) {
        try {
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(target));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** The object's bytes as a stream (close it), or null when there is no such object. */
    ResponseInputStream<GetObjectResponse> open(String key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** Deletes the object; returns its size, 0 when there was none. */
    long delete(String key) {
        OptionalLong size = size(key);
        if (size.isEmpty()) return 0;
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        return size.getAsLong();
    }

    /** Copies an object to another key (server-side) and deletes the original. */
    void move(String from, String to) {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
        s3.deleteObject(b -> b.bucket(bucket).key(from));
    }

    /** Every object under {@code prefix}, page by page. */
    void list(String prefix, Consumer<S3Object> each) {
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(each);
    }

    /** Multipart uploads under {@code prefix} that were never completed. */
    List<MultipartUpload> pendingUploads(String prefix) {
        List<MultipartUpload> all = new ArrayList<>();
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads().forEach(all::add);
        return all;
    }

    /**
     * Aborts the uploads under {@code prefix} started before {@code cutoff} (left by dead writers) whose key holds no
     * object; returns how many.
     */
    int abortUploadsStartedBefore(String prefix, Instant cutoff) {
        int n = 0;
        for (MultipartUpload u : pendingUploads(prefix)) {
            if (u.initiated() != null && !u.initiated().isBefore(cutoff)) continue;
            // a writer that died after another stored the same digest: leave its parts to the bucket's lifecycle rule
            // (AbortIncompleteMultipartUpload), as S3Mock 4.11 deletes the stored object when such an upload is aborted
            if (size(u.key()).isPresent()) continue;
            abortQuietly(u.key(), u.uploadId());
            n++;
        }
        return n;
    }
}
