package dev.flowrec.core.snapshot;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotManifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies manifests with HMAC-SHA256 over {@link SnapshotCodec#canonicalManifestBytes}:
 * every manifest field except the signature, so the chunk and artifact hashes (and through them
 * every artifact byte) are covered too.
 *
 * <pre>{@code
 * SnapshotSigner signer = SnapshotSigner.ofSecret(config.get(SnapshotOptions.SIGNING_KEY));
 * boolean ok = signer.verify(manifest);
 * }</pre>
 *
 * <p>The key never appears in {@link #toString()} or in any message. Thread-safe (a {@link Mac} is
 * created per call).
 */
public final class SnapshotSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private SnapshotSigner(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("the snapshot signing key must not be empty");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A signer keyed with the UTF-8 bytes of a secret ({@code snapshots.signing-key}). */
    public static SnapshotSigner ofSecret(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("the snapshot signing key must not be null");
        }
        return new SnapshotSigner(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A signer with raw key bytes (copied). */
    public static SnapshotSigner ofKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("the snapshot signing key must not be null");
        }
        return new SnapshotSigner(key.clone());
    }

    /** The signature of a manifest; its current {@code signature} field is ignored. */
    public byte[] sign(SnapshotManifest manifest) {
        return mac().doFinal(SnapshotCodec.canonicalManifestBytes(manifest));
    }

    /** A copy of the manifest carrying its signature. */
    public SnapshotManifest signed(SnapshotManifest manifest) {
        return SnapshotManifest.newBuilder(manifest)
                .setSignature(ByteBuffer.wrap(sign(manifest)))
                .build();
    }

    /** Whether the manifest carries a signature made with this key; false when unsigned. */
    public boolean verify(SnapshotManifest manifest) {
        ByteBuffer signature = manifest.getSignature();
        // Constant-time comparison, so response timing does not help forge a signature.
        return signature != null
                && MessageDigest.isEqual(sign(manifest), Hashes.toArray(signature));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " is required by every JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SnapshotSigner[" + ALGORITHM + ", key hidden]";
    }
}
