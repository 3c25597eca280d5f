package dev.flowrec.core.snapshot;

import dev.flowrec.core.config.Constraint;
import dev.flowrec.events.SnapshotManifest;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * Signs manifests with Ed25519 over {@link SnapshotCodec#canonicalManifestBytes}: every manifest
 * field except the signature, so the key id, the chunk and artifact hashes (and through them every
 * artifact byte) are covered too. Only the job holds the private key; subscribers verify with the
 * public key ({@link SnapshotVerifier}), so a serving host cannot forge models for other hosts.
 *
 * <pre>{@code
 * SnapshotSigner signer = SnapshotSigner.of("2026-12", SnapshotKeys.readPrivateKey(file));
 * SnapshotManifest signed = signer.signed(manifest);
 * }</pre>
 *
 * <p>The key never appears in {@link #toString()} or in any message. Thread-safe (a {@link
 * Signature} is created per call).
 */
public final class SnapshotSigner {

    private static final Constraint<String> KEY_ID = Constraint.plainName();

    private final String keyId;
    private final PrivateKey key;

    private SnapshotSigner(String keyId, PrivateKey key) {
        this.keyId = keyId;
        this.key = key;
    }

    /**
     * A signer whose manifests name {@code keyId}, so subscribers pick the public key to verify
     * with and keys can rotate.
     *
     * @throws IllegalArgumentException when the key id is not a plain name or the key is not an
     *     Ed25519 private key
     */
    public static SnapshotSigner of(String keyId, PrivateKey key) {
        checkKeyId(keyId);
        if (key == null
                || !SnapshotKeys.ALGORITHM.equalsIgnoreCase(key.getAlgorithm())
                        && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException(
                    "the snapshot signing key must be an "
                            + SnapshotKeys.ALGORITHM
                            + " private key, got "
                            + (key == null ? "null" : key.getAlgorithm()));
        }
        return new SnapshotSigner(keyId, key);
    }

    static void checkKeyId(String keyId) {
        String problem = keyId == null ? "must not be null" : KEY_ID.violation(keyId);
        if (problem != null) {
            throw new IllegalArgumentException(
                    "snapshot signing key id '" + keyId + "' " + problem);
        }
    }

    /** The id every manifest it signs carries in {@code signing_key_id}. */
    public String keyId() {
        return keyId;
    }

    /** A copy of the manifest naming this key and carrying its signature. */
    public SnapshotManifest signed(SnapshotManifest manifest) {
        SnapshotManifest named =
                SnapshotManifest.newBuilder(manifest)
                        .setSigningKeyId(keyId)
                        .setSignature(null)
                        .build();
        try {
            Signature signature = Signature.getInstance(SnapshotKeys.ALGORITHM);
            signature.initSign(key);
            signature.update(SnapshotCodec.canonicalManifestBytes(named));
            named.setSignature(ByteBuffer.wrap(signature.sign()));
            return named;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "signing manifest "
                            + manifest.getModelId()
                            + " v"
                            + manifest.getVersion()
                            + " with key "
                            + keyId
                            + " failed",
                    e);
        }
    }

    @Override
    public String toString() {
        return "SnapshotSigner[" + SnapshotKeys.ALGORITHM + ", key id " + keyId + ", key hidden]";
    }
}
