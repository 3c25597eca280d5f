package dev.flowrec.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PredictionTransformTest {

    @Test
    void identityReturnsTheModelOutput() {
        assertThat(PredictionTransform.IDENTITY.apply(0.37)).isEqualTo(0.37);
    }

    @Test
    void fncUndoesTheFakeNegativeCalibrationAndClamps() {
        assertThat(PredictionTransform.FNC.apply(0.0)).isEqualTo(0.0);
        assertThat(PredictionTransform.FNC.apply(0.25)).isCloseTo(1.0 / 3.0, within(1e-12));
        assertThat(PredictionTransform.FNC.apply(0.5)).isEqualTo(1.0);
        assertThat(PredictionTransform.FNC.apply(0.75)).isEqualTo(1.0);
        assertThat(PredictionTransform.FNC.apply(1.0)).isEqualTo(1.0);
        assertThat(PredictionTransform.FNC.apply(-0.1)).isEqualTo(0.0);
        assertThat(PredictionTransform.FNC.apply(Double.NaN)).isNaN();
    }

    @Test
    void namesParseAndUnknownNamesAreNamedWithTheSupportedOnes() {
        assertThat(PredictionTransform.parse("fnc")).isEqualTo(PredictionTransform.FNC);
        assertThat(PredictionTransform.parse("identity")).isEqualTo(PredictionTransform.IDENTITY);
        assertThatThrownBy(() -> PredictionTransform.parse("FNC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown prediction transform 'FNC'; supported: [identity, fnc]");
    }
}
