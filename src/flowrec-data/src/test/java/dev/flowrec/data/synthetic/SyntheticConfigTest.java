package dev.flowrec.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticConfigTest {

    @Test
    void defaultsAreValidAndBuilderKeepsThem() {
        SyntheticConfig defaults = SyntheticConfig.defaults();
        assertThat(defaults.users()).isEqualTo(5000);
        assertThat(defaults.items()).isEqualTo(2000);
        assertThat(defaults.timeCompression()).isEqualTo(60.0);
        assertThat(SyntheticConfig.builder().build()).isEqualTo(defaults);
        assertThat(defaults.toBuilder().seed(7).build().seed()).isEqualTo(7);
        assertThat(defaults.toBuilder().seed(7).build().users()).isEqualTo(5000);
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                bad("users", b -> b.users(1)),
                bad("items", b -> b.items(0)),
                bad("latentDimension", b -> b.latentDimension(0)),
                bad("sequenceLength", b -> b.sequenceLength(-1)),
                bad("startEpochMillis", b -> b.startEpochMillis(-5)),
                bad("impressionsPerSecond", b -> b.impressionsPerSecond(0.0)),
                bad("impressionsPerSecond", b -> b.impressionsPerSecond(Double.NaN)),
                bad("timeCompression", b -> b.timeCompression(Double.POSITIVE_INFINITY)),
                bad("clickDelayMedian", b -> b.clickDelay(Duration.ZERO, 0.5)),
                bad("clickDelaySigma", b -> b.clickDelay(Duration.ofSeconds(1), -0.1)),
                bad(
                        "conversionDelayMedian",
                        b -> b.conversionDelay(Duration.ofSeconds(-1), 1.0, Duration.ofHours(1))),
                bad(
                        "conversionDelaySigma",
                        b -> b.conversionDelay(Duration.ofMinutes(5), 9.0, Duration.ofHours(1))),
                bad(
                        "conversionDelayMax",
                        b -> b.conversionDelay(Duration.ofHours(2), 1.0, Duration.ofHours(1))));
    }

    private static Arguments bad(String parameter, UnaryOperator<SyntheticConfig.Builder> change) {
        return Arguments.of(parameter, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void rejectsAnInvalidSettingNamingIt(
            String parameter, UnaryOperator<SyntheticConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(SyntheticConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter " + parameter + " = ")
                .hasMessageContaining("must");
    }
}
