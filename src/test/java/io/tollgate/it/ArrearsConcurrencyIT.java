package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.clock.JobRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Top-ups racing settlement: settlement locks schedules then accounts; a top-up posts in its own
 * transaction and restores resources afterwards in another, so neither waits on the other in a
 * circle. No deadlock, no failed item, no drift (the auditor runs after the test), and the final
 * lifecycle state is what the final balance says.
 */
class ArrearsConcurrencyIT extends IntegrationTest {
    @Autowired
    JobRunner jobs;

    @Test
    void concurrentTopUpsAndSettlementNeverDeadlockAndEndConsistent() throws Exception {
        String spec = fx.computeSpec("0.50");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        List<Fixture.CustomerKeys> customers = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Fixture.CustomerKeys c = fx.customer();
            fx.expect(fx.topUp(c, "1.00"), 201);
            customers.add(c);
            resources.add(fx.create(c, "it.compute", spec, 1, at(day, "08:00")));
            resources.add(fx.create(c, "it.compute", spec, 1, at(day, "08:00")));
        }
        // 30 hours pass with no job run: 30 x 16 resource-hours wait, and each customer falls into arrears
        // at its second hour while the top-ups below come in.
        clock.advanceTo(at(day, "08:00").plus(Duration.ofHours(30)).plus(Duration.ofMinutes(10)));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Callable<Object>> work = new ArrayList<>();
            work.add(() -> jobs.runDue(1));
            work.add(() -> jobs.runDue(Integer.MAX_VALUE));
            for (int t = 0; t < 3; t++) {
                work.add(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (Fixture.CustomerKeys c : customers) {
                        statuses.add(fx.topUp(c, "20.00").status());
                    }
                    return statuses;
                });
            }
            for (Future<Object> f : pool.invokeAll(work)) {
                Object result = f.get();
                if (result instanceof List<?> statuses) {
                    assertThat(statuses.stream().map(Object::toString).toList()).containsOnly("201");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        jobs.runDue(Integer.MAX_VALUE);
        assertThat(jdbc.queryForObject("select count(*) from clock_quarantine where item = any (?)", Long.class,
                (Object) resources.toArray(String[]::new))).isZero();
        for (int i = 0; i < customers.size(); i++) {
            Fixture.CustomerKeys c = customers.get(i);
            // 1.00 + 3 x 20.00 - 30 hours x 2 x 0.50 = 31.00, whatever the interleaving
            assertThat(fx.balance(c).path("cash").asString()).isEqualTo("31.00");
            assertThat(fx.balance(c).path("arrears").asString()).isEqualTo("0.00");
            for (String r : resources.subList(2 * i, 2 * i + 2)) {
                assertThat(jdbc.queryForObject("select state from lifecycle_resource where resource_id = ?",
                        String.class, r)).as("out of arrears, %s is active", r).isEqualTo("ACTIVE");
            }
        }
        for (int i = 0; i < customers.size(); i++) {
            for (String r : resources.subList(2 * i, 2 * i + 2)) {
                fx.expect(fx.event("DELETED", r, customers.get(i), clock.instant(), Map.of()), 201);
            }
        }
    }
}
