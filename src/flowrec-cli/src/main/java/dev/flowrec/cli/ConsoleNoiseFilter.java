package dev.flowrec.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Standard output without the lines that libraries print there directly instead of logging: ND4J
 * 1.0.0-M2.1's SameDiff writes "Added differentiated op ..." with System.out for every gradient
 * function it builds (each AutoIFS network it creates or restores), which buries the demo's
 * progress lines. Lines are buffered until their newline, then passed on unless they start with
 * one of the given prefixes.
 */
final class ConsoleNoiseFilter extends OutputStream {
    static final List<String> LIBRARY_NOISE = List.of("Added differentiated op ");

    private final PrintStream target;
    private final List<String> droppedPrefixes;
    private final Charset charset;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ConsoleNoiseFilter(PrintStream target, List<String> droppedPrefixes) {
        this.target = target;
        this.droppedPrefixes = List.copyOf(droppedPrefixes);
        this.charset = Charset.defaultCharset();
    }

    /** Replaces System.out by a filtered stream over it. */
    static void install() {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ConsoleNoiseFilter(original, LIBRARY_NOISE), true, Charset.defaultCharset()));
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void flush() {
        // A partial line (a prompt, a progress fragment) goes out as is: it cannot be noise yet.
        if (line.size() > 0 && !startsWithNoise(line.toString(charset))) {
            flushLine();
        }
        target.flush();
    }

    private void flushLine() {
        String text = line.toString(charset);
        line.reset();
        if (!startsWithNoise(text)) {
            target.print(text);
        }
    }

    private boolean startsWithNoise(String text) {
        for (String prefix : droppedPrefixes) {
            if (text.startsWith(prefix) || prefix.startsWith(text)) {
                return true;
            }
        }
        return false;
    }
}
