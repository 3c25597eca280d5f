package dev.flowrec.core.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 keys snapshots are signed with, and their files: a private key in PKCS#8 and a public
 * key in X.509 SubjectPublicKeyInfo, each as PEM ({@code -----BEGIN PRIVATE KEY-----}, {@code
 * -----BEGIN PUBLIC KEY-----}) or raw DER, which is what {@code openssl genpkey -algorithm ed25519}
 * and {@code flowrec keys generate} write.
 *
 * <pre>{@code
 * KeyPair pair = SnapshotKeys.generate();
 * Files.writeString(dir.resolve("snapshot-signing.pub"), SnapshotKeys.pem(pair.getPublic()));
 * PublicKey key = SnapshotKeys.readPublicKey(dir.resolve("snapshot-signing.pub"));
 * }</pre>
 *
 * <p>Messages name the file or the kind of key, never key bytes.
 */
public final class SnapshotKeys {

    /** The JDK's name of the signature algorithm and key type. */
    public static final String ALGORITHM = "Ed25519";

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private SnapshotKeys() {}

    /** A fresh key pair from the JDK's default secure random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 15+ JDK", e);
        }
    }

    /**
     * A private key from PKCS#8 PEM or DER bytes.
     *
     * @throws IllegalArgumentException when the bytes are not an Ed25519 PKCS#8 private key
     */
    public static PrivateKey privateKey(byte[] pemOrDer) {
        byte[] der = der(pemOrDer, PRIVATE_LABEL);
        try {
            return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an " + ALGORITHM + " private key in PKCS#8 (PEM or DER): " + e, e);
        }
    }

    /**
     * A public key from X.509 SubjectPublicKeyInfo PEM or DER bytes.
     *
     * @throws IllegalArgumentException when the bytes are not an Ed25519 public key
     */
    public static PublicKey publicKey(byte[] pemOrDer) {
        byte[] der = der(pemOrDer, PUBLIC_LABEL);
        try {
            return keyFactory().generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an " + ALGORITHM + " public key in X.509 (PEM or DER): " + e, e);
        }
    }

    /**
     * Reads a private key file.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the file when it holds no Ed25519 private key
     */
    public static PrivateKey readPrivateKey(Path file) {
        byte[] bytes = read(file, "private");
        try {
            return privateKey(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the snapshot signing key file " + file + " is " + e.getMessage(), e);
        }
    }

    /**
     * Reads a public key file.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the file when it holds no Ed25519 public key
     */
    public static PublicKey readPublicKey(Path file) {
        byte[] bytes = read(file, "public");
        try {
            return publicKey(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the snapshot public key file " + file + " is " + e.getMessage(), e);
        }
    }

    /**
     * Writes a private key as PKCS#8 PEM to a new file readable by its owner only; on a file system
     * without POSIX permissions, as the file system creates it.
     *
     * @throws FileAlreadyExistsException when the file exists: a key is never overwritten
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        byte[] pem = pem(key).getBytes(StandardCharsets.US_ASCII);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // Created with its permissions, so the key is never readable by others, even briefly.
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Writes a public key as PEM to a new file.
     *
     * @throws FileAlreadyExistsException when the file exists
     */
    public static void writePublicKey(Path file, PublicKey key) throws IOException {
        Files.writeString(file, pem(key), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
    }

    /** The private key as PKCS#8 PEM. */
    public static String pem(PrivateKey key) {
        return pem(PRIVATE_LABEL, key.getEncoded());
    }

    /** The public key as X.509 SubjectPublicKeyInfo PEM. */
    public static String pem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN "
                + label
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + label
                + "-----\n";
    }

    /** PEM is recognised by its header; anything else is taken as DER. */
    private static byte[] der(byte[] pemOrDer, String label) {
        if (pemOrDer == null || pemOrDer.length == 0) {
            throw new IllegalArgumentException("empty, not an " + ALGORITHM + " key");
        }
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        int from = text.indexOf(begin);
        if (from < 0) {
            if (text.contains("-----BEGIN ")) {
                throw new IllegalArgumentException(
                        "a PEM file without a '" + begin + "' block, not an " + ALGORITHM + " key");
            }
            return pemOrDer;
        }
        String end = "-----END " + label + "-----";
        int to = text.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("a PEM block without its '" + end + "' line");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a PEM block that is not valid base64", e);
        }
    }

    private static byte[] read(Path file, String kind) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "reading the snapshot " + kind + " key file " + file + " failed", e);
        }
    }

    private static KeyFactory keyFactory() throws NoSuchAlgorithmException {
        return KeyFactory.getInstance(ALGORITHM);
    }
}
