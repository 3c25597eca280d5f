package dev.flowrec.core.codec;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and the byte-buffer plumbing that Avro's {@code bytes} fields need. */
public final class Hashes {

    private Hashes() {}

    public static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /**
     * The bytes between position and limit, without moving the buffer: Avro may hand out buffers
     * that share one backing array, so {@code array()} is never safe to use directly.
     */
    public static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    /** Constant-time comparison of a hash with the bytes of a manifest field. */
    public static boolean matches(byte[] hash, ByteBuffer expected) {
        return expected != null && MessageDigest.isEqual(hash, toArray(expected));
    }

    public static String hex(ByteBuffer buffer) {
        return buffer == null ? "null" : HexFormat.of().formatHex(toArray(buffer));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
