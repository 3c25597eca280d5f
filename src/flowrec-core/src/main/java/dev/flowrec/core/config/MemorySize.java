package dev.flowrec.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes, written as {@code 900kb}, {@code 1mb} or a plain byte count. */
public record MemorySize(long bytes) {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([a-z]*)");

    public MemorySize {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
    }

    public static MemorySize parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a number and a unit (b, kb, mb, gb), got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        long factor =
                switch (m.group(2)) {
                    case "", "b", "bytes" -> 1L;
                    case "k", "kb", "kib" -> 1L << 10;
                    case "m", "mb", "mib" -> 1L << 20;
                    case "g", "gb", "gib" -> 1L << 30;
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown unit '" + m.group(2) + "' (b, kb, mb, gb)");
                };
        return new MemorySize(Math.multiplyExact(n, factor));
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "gb";
        } else if (bytes != 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "mb";
        } else if (bytes != 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "kb";
        }
        return bytes + "b";
    }
}
