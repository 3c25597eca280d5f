package dev.flowrec.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class DeadLetterPayloadTest {

    @Test
    void aValueWithinTheBudgetIsKeptWhole() throws Exception {
        byte[] value = {1, 2, 3};

        DeadLetterPayload payload = DeadLetterPayload.of(value, 3);

        assertThat(payload.kept()).containsExactly(1, 2, 3);
        assertThat(payload.isTruncated()).isFalse();
        assertThat(payload.originalSize()).isEqualTo(3);
        assertThat(payload.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(value));
        assertThat(payload.describe("bad")).isEqualTo("bad");
    }

    @Test
    void aLargerValueIsCutAndStillIdentifiedByItsSizeAndHash() throws Exception {
        byte[] value = {1, 2, 3, 4, 5};

        DeadLetterPayload payload = DeadLetterPayload.of(value, 2);

        assertThat(payload.kept()).containsExactly(1, 2);
        assertThat(payload.isTruncated()).isTrue();
        assertThat(payload.originalSize()).isEqualTo(5);
        assertThat(payload.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(value));
        assertThat(payload.describe("bad")).isEqualTo("bad (payload truncated to 2 of 5 bytes)");
    }

    @Test
    void aMissingValueIsAnEmptyPayloadAndANegativeBudgetIsRefused() {
        assertThat(DeadLetterPayload.of(null, 10).originalSize()).isZero();
        assertThatThrownBy(() -> DeadLetterPayload.of(new byte[1], -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
