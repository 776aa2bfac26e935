package dev.sluice.server.trigger;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The {@code sha256:<hex>} a data trigger records for what arrived (a file or an object), read as a stream. */
final class ContentSha {
    private ContentSha() {}

    static String of(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        for (int n = in.read(buf); n > 0; n = in.read(buf)) md.update(buf, 0, n);
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
