package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Write combining of single lifecycle events (issue 14): concurrent events over real HTTP, with
 * copies of one event (the same content), reused event ids (other content) and refused events
 * among them, are applied in combined transactions; each answer is checked against an independent
 * model of events applied one after another, and each applied resource exists once with its
 * settlement schedule and lifecycle row. A combined transaction whose commit fails is applied
 * again event by event: only the poisoned event fails.
 */
class EventCoalescingIT extends IntegrationTest {
    static final String PATH = "/api/v1/platform/resource-events";
    @Autowired
    DataSource dataSource;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry metrics;

    private static Map<String, Object> created(String eventId, String resourceId, Fixture.CustomerKeys c, String spec,
                                               Instant at, int nodes, String region) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", "CREATED");
        e.put("resourceId", resourceId);
        e.put("customerId", c.id());
        e.put("occurredAt", at.toString());
        e.put("resourceType", "it.compute");
        e.put("specCode", spec);
        e.put("region", region);
        e.put("nodes", nodes);
        return e;
    }

    /** The lock that serialises deliveries of one event id, held elsewhere: the event waits, the queue fills. */
    private CombiningAids.HeldLock holdEventId(String eventId) throws Exception {
        return new CombiningAids.HeldLock(dataSource, "select pg_advisory_xact_lock(hashtext(?))",
                "resource-event:" + eventId);
    }

    private long count(String sql, Object arg) {
        return jdbc.queryForObject(sql, Long.class, arg);
    }

    record Sent(String eventId, String resourceId, int nodes, boolean bad, Future<Api.Response> answer) {
    }

    @Test
    void concurrentEventsKeepEachAnswerAsIfAppliedOneAfterAnother() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("1.00");
        fx.advanceTo(fx.nextDay());
        Instant at = clock.instant().minusSeconds(60);
        Random random = new Random(20261204L);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Sent> sent = new ArrayList<>();
        String blocker = "blocker-" + run;
        try (CombiningAids.HeldLock held = holdEventId(blocker)) {
            // the combiner waits on the blocker's event id with this one; the next events queue behind it
            Map<String, Object> first = created(blocker, "rb-" + run, c, spec, at, 1, Fixture.REGION);
            sent.add(new Sent(blocker, "rb-" + run, 1, false, pool.submit(() -> api.post(PATH, PLATFORM_KEY, first))));
            Thread.sleep(200);
            for (int i = 0; i < 300; i++) {
                int k = random.nextInt(40);
                // mostly the event's own content (a retry), sometimes other content (a reused id), sometimes refused
                int roll = random.nextInt(20);
                boolean bad = roll == 0;
                int nodes = roll == 1 ? 2 : 1;
                String eventId = bad ? "bad-" + run + "-" + i : "ev-" + run + "-" + k;
                String resourceId = "r-" + run + "-" + k;
                Map<String, Object> e = created(eventId, resourceId, c, spec, at, nodes,
                        bad ? "No Such Region" : Fixture.REGION);
                sent.add(new Sent(eventId, resourceId, nodes, bad, pool.submit(() -> api.post(PATH, PLATFORM_KEY, e))));
                if (i == 15) {
                    held.close();
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(metrics.find("tollgate.resource.events.per.transaction").summary().max())
                .as("at least one transaction carried several events").isGreaterThan(1.0);

        // The model, per event id: the first copy applied wins (one 201 APPLIED); a later copy with the winner's
        // content is 200 DUPLICATE, one with other content 409 event-id-reused; a refused event changes nothing.
        Map<String, Integer> winnerNodes = new HashMap<>();
        for (Sent s : sent) {
            Api.Response r = s.answer().get();
            if (r.status() == 201) {
                assertThat(winnerNodes.put(s.eventId(), s.nodes())).as("one 201 per event id").isNull();
                assertThat(r.json().path("status").asString()).isEqualTo("APPLIED");
                assertThat(r.json().path("resource").path("nodes").asInt()).isEqualTo(s.nodes());
            }
        }
        for (Sent s : sent) {
            Api.Response r = s.answer().get();
            if (s.bad()) {
                assertThat(r.status() + ":" + r.code()).as(r.body()).isEqualTo("400:invalid-region");
            } else if (r.status() != 201) {
                Integer winner = winnerNodes.get(s.eventId());
                assertThat(winner).as("a valid event without a winner: %s", r.body()).isNotNull();
                if (winner == s.nodes()) {
                    assertThat(r.status() + ":" + r.json().path("status").asString()).isEqualTo("200:DUPLICATE");
                    assertThat(r.json().path("resource").path("nodes").asInt()).isEqualTo(winner);
                } else {
                    assertThat(r.status() + ":" + r.code()).as(r.body()).isEqualTo("409:event-id-reused");
                }
            }
        }
        // every winner's resource exists once, with its nodes, its settlement schedule and its lifecycle row
        for (Map.Entry<String, Integer> w : winnerNodes.entrySet()) {
            String resourceId = w.getKey().startsWith("blocker-") ? "rb-" + run
                    : "r-" + run + "-" + w.getKey().substring(w.getKey().lastIndexOf('-') + 1);
            assertThat(count("select count(*) from resource_resource where id = ? and nodes = " + w.getValue(),
                    resourceId)).as(resourceId).isEqualTo(1L);
            assertThat(count("select count(*) from settlement_schedule where resource_id = ?", resourceId)).isEqualTo(1L);
            assertThat(count("select count(*) from lifecycle_resource where resource_id = ?", resourceId)).isEqualTo(1L);
        }
        assertThat(count("select count(*) from resource_event where customer_id = ?", c.id()))
                .as("one stored event per winner").isEqualTo(winnerNodes.size());
        assertThat(count("select count(*) from resource_resource where customer_id = ?", c.id()))
                .isEqualTo(winnerNodes.size());
    }

    @Test
    void aCombinedTransactionWhoseCommitFailsIsRetriedEventByEvent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poison = "poison-" + run;
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("1.00");
        fx.advanceTo(fx.nextDay());
        Instant at = clock.instant().minusSeconds(60);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (CombiningAids.PoisonAtCommit crash = new CombiningAids.PoisonAtCommit(jdbc, "resource_event", "event_id",
                poison)) {
            try (CombiningAids.HeldLock held = holdEventId("blocker-" + run)) {
                Map<String, Object> first = created("blocker-" + run, "rb-" + run, c, spec, at, 1, Fixture.REGION);
                answers.add(pool.submit(() -> api.post(PATH, PLATFORM_KEY, first)));
                Thread.sleep(200);
                for (int i = 0; i < 6; i++) {
                    Map<String, Object> e = created(i == 3 ? poison : "ok-" + run + "-" + i, "r-" + run + "-" + i, c,
                            spec, at, 1, Fixture.REGION);
                    answers.add(pool.submit(() -> api.post(PATH, PLATFORM_KEY, e)));
                }
                Thread.sleep(300);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(crash.hits()).as("the poison failed in the combined transaction and once more on its own")
                    .isEqualTo(2L);
        }
        assertThat(answers.get(0).get().status()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            Api.Response r = answers.get(i + 1).get();
            String resourceId = "r-" + run + "-" + i;
            long expected = i == 3 ? 0 : 1;
            if (i == 3) {
                assertThat(r.status()).as(r.body()).isGreaterThanOrEqualTo(500);
            } else {
                assertThat(r.status() + ":" + r.json().path("status").asString()).as(r.body()).isEqualTo("201:APPLIED");
            }
            // applied once although its first transaction rolled back; nothing of the poisoned event
            assertThat(count("select count(*) from resource_resource where id = ?", resourceId)).isEqualTo(expected);
            assertThat(count("select count(*) from settlement_schedule where resource_id = ?", resourceId))
                    .isEqualTo(expected);
            assertThat(count("select count(*) from lifecycle_resource where resource_id = ?", resourceId))
                    .isEqualTo(expected);
        }
    }
}
