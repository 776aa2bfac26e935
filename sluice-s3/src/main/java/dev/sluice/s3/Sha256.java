package dev.sluice.s3;

import dev.sluice.store.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 {@link Digest} of bytes or of a stream read to its end (the JDK's digest). Stateless. */
final class Sha256 {
    private Sha256() {
    }

    static Digest of(byte[] bytes) {
        return new Digest(HexFormat.of().formatHex(sha().digest(bytes)));
    }

    /** Reads the stream to its end in 64 KiB steps (memory stays bounded) and returns its digest. */
    static Digest of(InputStream in) throws IOException {
        MessageDigest md = sha();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        return new Digest(HexFormat.of().formatHex(md.digest()));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
