package dev.flowrec.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations the way Flink configuration does: {@code 500ms}, {@code 30 s}, {@code
 * 2min}, {@code 1h}, {@code 7d}.
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([a-z]*)");

    private Durations() {}

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a number and a unit (ms, s, min, h, d), got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "", "ms", "milli", "millis" -> Duration.ofMillis(n);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
            case "h", "hour", "hours" -> Duration.ofHours(n);
            case "d", "day", "days" -> Duration.ofDays(n);
            default ->
                    throw new IllegalArgumentException(
                            "unknown unit '" + m.group(2) + "' (ms, s, min, h, d)");
        };
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "min";
        } else if (ms % 1000L == 0 && ms != 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
