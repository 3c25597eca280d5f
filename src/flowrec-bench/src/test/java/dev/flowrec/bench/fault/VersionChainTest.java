package dev.flowrec.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.bench.fault.VersionChain.Link;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionChainTest {

    @Test
    void versionsThatGoUpByOneAcrossAForkHoldTheRule() {
        assertThat(
                        VersionChain.problems(
                                List.of(
                                        new Link(1, "a", ""),
                                        new Link(2, "a", ""),
                                        new Link(3, "b", "a"),
                                        new Link(4, "c", "b"))))
                .isEmpty();
    }

    @Test
    void aGapARepeatAndALineageFromNowhereAreEachNamed() {
        assertThat(
                        VersionChain.problems(
                                List.of(
                                        new Link(1, "a", ""),
                                        new Link(3, "a", ""),
                                        new Link(3, "b", "a"),
                                        new Link(4, "c", "a"))))
                .containsExactly(
                        "version 3 follows 1",
                        "version 3 follows 3",
                        "lineage c of version 4 does not fork from b");
    }
}
