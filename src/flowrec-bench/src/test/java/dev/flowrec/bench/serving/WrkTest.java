package dev.flowrec.bench.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class WrkTest {

    private static final String OUTPUT =
            """
            Running 10s test @ http://127.0.0.1:40123/score
              1 threads and 1 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   190.12us  300.50us  12.40ms   98.10%
                Req/Sec     5.48k   210.33     5.90k    80.00%
              Latency Distribution
                 50%  162.00us
                 75%  180.00us
                 90%  210.00us
                 99%    1.45ms
              54860 requests in 10.00s, 9.21MB read
              Socket errors: connect 0, read 1, write 0, timeout 2
              Non-2xx or 3xx responses: 3
            Requests/sec:   5486.00
            Transfer/sec:      0.92MB
            """;

    @Test
    void readsPercentilesRateAndErrors() throws IOException {
        Wrk.Run run = Wrk.parse(OUTPUT, 1, 1);

        assertThat(run.latencyMillis().get("p50")).isCloseTo(0.162, within(1e-9));
        assertThat(run.latencyMillis().get("p99")).isCloseTo(1.45, within(1e-9));
        assertThat(run.requestsPerSecond()).isEqualTo(5486.0);
        assertThat(run.requests()).isEqualTo(54860);
        assertThat(run.errors()).as("3 non-2xx and 3 socket errors").isEqualTo(6);
    }

    @Test
    void outputWithoutADistributionIsAnError() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1", 1, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unable to connect");
    }
}
