package dev.flowrec.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Skipping, which a reader of a projection or of an older schema relies on. */
class BoundedDecoderTest {
    @Test
    void aSkippedStringOrBytesFieldLeavesTheDecoderAtTheNextField() throws IOException {
        // "abc" as a string (length 3 zig-zagged is 6), then the long 21 (42), then 2 bytes, then
        // 7.
        byte[] bytes = {6, 'a', 'b', 'c', 42, 4, 9, 9, 14};
        BoundedDecoder decoder = new BoundedDecoder(bytes, 0);

        decoder.skipString();
        assertThat(decoder.readLong()).isEqualTo(21L);
        decoder.skipBytes();
        assertThat(decoder.readLong()).isEqualTo(7L);
        assertThat(decoder.remainingBytes()).isZero();
    }
}
