package dev.flowrec.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.cli.FlowRecCli;
import dev.flowrec.core.snapshot.SnapshotKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Signature;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new FlowRecCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void writesAPairThatSignsAndVerifiesWithAnOwnerOnlyPrivateKey() throws Exception {
        Path keys = dir.resolve("keys");

        assertThat(run("keys", "generate", "--out", keys.toString(), "--key-id", "k1")).isZero();

        Path privateFile = keys.resolve("k1.pem");
        Path publicFile = keys.resolve("k1.pub");
        assertThat(Files.getPosixFilePermissions(privateFile))
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        byte[] message = "a manifest".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(SnapshotKeys.ALGORITHM);
        signer.initSign(SnapshotKeys.readPrivateKey(privateFile));
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(SnapshotKeys.ALGORITHM);
        verifier.initVerify(SnapshotKeys.readPublicKey(publicFile));
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(out.toString())
                .contains("snapshots.signing.private-key-file=" + privateFile)
                .doesNotContain(Files.readString(privateFile).split("\n")[1]);
    }

    @Test
    void neverOverwritesAKeyAndChecksTheKeyId() throws Exception {
        assertThat(run("keys", "generate", "--out", dir.toString(), "--key-id", "k1")).isZero();
        String before = Files.readString(dir.resolve("k1.pem"));

        assertThat(run("keys", "generate", "--out", dir.toString(), "--key-id", "k1")).isNotZero();
        assertThat(err.toString()).contains("exists; keys are never overwritten");
        assertThat(Files.readString(dir.resolve("k1.pem"))).isEqualTo(before);
        assertThat(run("keys", "generate", "--out", dir.toString(), "--key-id", "a/b")).isNotZero();
        assertThat(err.toString()).contains("--key-id 'a/b' must be");
        assertThat(Set.of(dir.toFile().list())).containsExactlyInAnyOrder("k1.pem", "k1.pub");
    }
}
