package dev.flowrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleNoiseFilterTest {
    @Test
    void dropsNoiseLinesAndKeepsEverythingElseInOrder() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(sink, true, java.nio.charset.Charset.defaultCharset());
        PrintStream out = new PrintStream(new ConsoleNoiseFilter(target, ConsoleNoiseFilter.LIBRARY_NOISE), true,
                java.nio.charset.Charset.defaultCharset());

        out.println("[  5s] events 2,000 | online AUC 0.61");
        out.println("Added differentiated op matmul_3");
        out.print("partial ");
        out.flush();
        out.println("line, then Added differentiated op inside a line stays");
        out.println("Added differentiated op multiply");
        out.println("done");

        assertThat(sink.toString(java.nio.charset.Charset.defaultCharset()).lines().toList()).isEqualTo(List.of(
                "[  5s] events 2,000 | online AUC 0.61",
                "partial line, then Added differentiated op inside a line stays",
                "done"));
    }
}
