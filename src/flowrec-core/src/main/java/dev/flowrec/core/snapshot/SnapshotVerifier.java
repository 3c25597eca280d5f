package dev.flowrec.core.snapshot;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotManifest;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verifies manifest signatures with the public keys a subscriber trusts, each under its key id.
 * Several keys let the job's key rotate: subscribers trust the old and the new id until the old one
 * has no snapshot worth loading left.
 *
 * <pre>{@code
 * SnapshotVerifier verifier = SnapshotVerifier.of(Map.of(
 *         "2026-12", SnapshotKeys.readPublicKey(Path.of("/keys/2026-12.pub"))));
 * boolean ok = verifier.verifies(manifest);
 * }</pre>
 *
 * <p>Thread-safe (a {@link Signature} is created per call).
 */
public final class SnapshotVerifier {

    private final Map<String, PublicKey> keys;

    private SnapshotVerifier(Map<String, PublicKey> keys) {
        this.keys = keys;
    }

    /**
     * Trusts these public keys, by key id.
     *
     * @throws IllegalArgumentException when there is no key, a key id is not a plain name, or a key
     *     is not an Ed25519 public key
     */
    public static SnapshotVerifier of(Map<String, PublicKey> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("a snapshot verifier needs at least one public key");
        }
        Map<String, PublicKey> copy = new TreeMap<>();
        keys.forEach(
                (id, key) -> {
                    SnapshotSigner.checkKeyId(id);
                    if (key == null
                            || !(SnapshotKeys.ALGORITHM.equalsIgnoreCase(key.getAlgorithm())
                                    || "EdDSA".equalsIgnoreCase(key.getAlgorithm()))) {
                        throw new IllegalArgumentException(
                                "the public key of key id "
                                        + id
                                        + " must be an "
                                        + SnapshotKeys.ALGORITHM
                                        + " key, got "
                                        + (key == null ? "null" : key.getAlgorithm()));
                    }
                    copy.put(id, key);
                });
        return new SnapshotVerifier(copy);
    }

    /** The key ids trusted, sorted. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Whether the manifest is signed by one of the trusted keys. */
    public boolean verifies(SnapshotManifest manifest) {
        return problem(manifest) == null;
    }

    /**
     * Why the manifest does not verify: {@link RejectReason#UNSIGNED}, {@link
     * RejectReason#UNKNOWN_KEY} (no key id, or one not trusted) or {@link
     * RejectReason#BAD_SIGNATURE}; null when it verifies.
     */
    RejectReason problem(SnapshotManifest manifest) {
        if (manifest.getSignature() == null) {
            return RejectReason.UNSIGNED;
        }
        String keyId = manifest.getSigningKeyId();
        PublicKey key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            return RejectReason.UNKNOWN_KEY;
        }
        try {
            Signature signature = Signature.getInstance(SnapshotKeys.ALGORITHM);
            signature.initVerify(key);
            signature.update(SnapshotCodec.canonicalManifestBytes(manifest));
            return signature.verify(Hashes.toArray(manifest.getSignature()))
                    ? null
                    : RejectReason.BAD_SIGNATURE;
        } catch (GeneralSecurityException e) {
            // A signature of the wrong length or shape is a bad signature, not an error.
            return RejectReason.BAD_SIGNATURE;
        }
    }

    @Override
    public String toString() {
        return "SnapshotVerifier[" + SnapshotKeys.ALGORITHM + ", key ids " + keys.keySet() + "]";
    }
}
