package dev.flowrec.bench.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule committed snapshots follow in topic order: each version is its predecessor's + 1, and a
 * change of lineage (a restore) forks from the lineage before it.
 */
final class VersionChain {
    private VersionChain() {}

    /** A committed snapshot's place in the chain. */
    record Link(long version, String lineage, String parentLineage) {}

    /** What breaks the rule, one line per break; empty when the chain holds. */
    static List<String> problems(List<Link> committed) {
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < committed.size(); i++) {
            Link link = committed.get(i);
            Link previous = committed.get(i - 1);
            if (link.version() != previous.version() + 1) {
                problems.add("version " + link.version() + " follows " + previous.version());
            }
            if (!link.lineage().equals(previous.lineage())
                    && !previous.lineage().equals(link.parentLineage())) {
                problems.add(
                        "lineage "
                                + link.lineage()
                                + " of version "
                                + link.version()
                                + " does not fork from "
                                + previous.lineage());
            }
        }
        return problems;
    }
}
