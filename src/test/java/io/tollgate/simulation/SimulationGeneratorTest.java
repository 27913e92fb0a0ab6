package io.tollgate.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator is pure: a seed is a step list, and the list provokes the faults it is meant to. */
class SimulationGeneratorTest {
    private static final SimulationGenerator.Options TWO_MONTHS = new SimulationGenerator.Options(2, 4, 1);

    @Test
    void aSeedAlwaysGivesTheSameSteps() {
        assertThat(SimulationGenerator.generate(42, TWO_MONTHS)).isEqualTo(SimulationGenerator.generate(42, TWO_MONTHS));
        assertThat(SimulationGenerator.generate(42, TWO_MONTHS)).isNotEqualTo(SimulationGenerator.generate(43, TWO_MONTHS));
    }

    @Test
    void stepsMoveForwardOverTheMonthsAskedWithUniqueIds() {
        List<Step> steps = SimulationGenerator.generate(7, TWO_MONTHS);
        Set<Integer> ids = new HashSet<>();
        Instant previous = SimulationGenerator.START;
        for (Step s : steps) {
            assertThat(ids.add(s.id())).as("id %d unique", s.id()).isTrue();
            assertThat(s.at()).as("step %s", s).isAfterOrEqualTo(previous);
            previous = s.at();
        }
        // 28 January + 2 months in +08:00 is 28 March 00:00 +08:00.
        assertThat(previous).isEqualTo(Instant.parse("2026-03-27T16:00:00Z"));
        assertThat(steps.stream().filter(s -> s instanceof Step.Restart).count()).isEqualTo(1);
    }

    @Test
    void theFaultsAreProvoked() {
        List<Step> steps = SimulationGenerator.generate(3, TWO_MONTHS);
        Set<String> seen = new HashSet<>();
        for (Step s : steps) {
            if (s instanceof Step.Event e) {
                seen.add("event-" + e.fault());
                if (e.fault() == Step.Fault.LATE) {
                    // late: in an hour already settled (more than an hour and five minutes ago)
                    assertThat(e.occurredAt()).isBefore(e.at().minusSeconds(3900));
                }
            } else if (s instanceof Step.Usage u) {
                seen.add("usage-" + u.fault());
            } else if (s instanceof Step.TopUp t) {
                seen.add("topup-" + t.fault());
            } else {
                seen.add(s.getClass().getSimpleName());
            }
        }
        assertThat(seen).contains("event-NONE", "event-DUPLICATE", "event-REORDERED", "event-LATE", "usage-NONE",
                "usage-DUPLICATE", "usage-LATE", "topup-NONE", "topup-DUPLICATE", "Purchase", "Renew", "Change",
                "Unsubscribe", "PublishPrice", "LifecyclePolicy", "CreditLimit", "Downtime", "Restart");
    }

    @Test
    void aReorderedEventIsOlderThanTheLastEventTheGeneratorSentForItsResource() {
        List<Step> steps = SimulationGenerator.generate(5, TWO_MONTHS);
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Event e && e.fault() == Step.Fault.REORDERED) {
                Instant last = steps.subList(0, i).stream().filter(s -> s instanceof Step.Event x
                                && x.resource().equals(e.resource()) && x.fault() != Step.Fault.REORDERED)
                        .map(s -> ((Step.Event) s).occurredAt()).max(Instant::compareTo).orElseThrow();
                assertThat(e.occurredAt()).isBefore(last);
            }
        }
    }
}
