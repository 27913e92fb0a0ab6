package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A platform that retries after a timeout sends the same event again while the first delivery is
 * still running: every copy answers as the first did (201 APPLIED) or 200 DUPLICATE, never a
 * refusal, and the event is applied once.
 */
class ConcurrentEventsIT extends IntegrationTest {
    private static final int COPIES = 8;

    private <T> List<T> concurrently(int n, Supplier<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Object> created(Fixture.CustomerKeys c, String spec, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "ev-" + UUID.randomUUID());
        e.put("type", "CREATED");
        e.put("resourceId", "rc-" + UUID.randomUUID());
        e.put("customerId", c.id());
        e.put("occurredAt", at.toString());
        e.put("resourceType", "it.compute");
        e.put("specCode", spec);
        e.put("region", Fixture.REGION);
        e.put("nodes", 1);
        return e;
    }

    private long count(String sql, Object arg) {
        return jdbc.queryForObject(sql, Long.class, arg);
    }

    @Test
    void concurrentCopiesOfOneEventAreAppliedOnceAndAnswerAsTheFirst() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("1.00");
        fx.advanceTo(fx.nextDay());
        for (int round = 0; round < 5; round++) {
            Map<String, Object> event = created(c, spec, clock.instant().minusSeconds(60));
            String body = Api.json(event);
            List<Api.Response> answers = concurrently(COPIES,
                    () -> api.post("/api/v1/platform/resource-events", PLATFORM_KEY, body, null));
            List<String> fates = answers.stream().map(r -> r.status() + ":" + r.json().path("status").asString()).toList();
            assertThat(fates).as(answers.toString()).containsOnly("201:APPLIED", "200:DUPLICATE");
            assertThat(fates).filteredOn("201:APPLIED"::equals).hasSize(1);
            answers.forEach(r -> assertThat(r.json().path("resource").path("id").asString()).isEqualTo(event.get("resourceId")));
            assertThat(count("select count(*) from resource_resource where id = ?", event.get("resourceId"))).isEqualTo(1);
            assertThat(count("select count(*) from resource_event where event_id = ?", event.get("eventId"))).isEqualTo(1);
            assertThat(count("select count(*) from resource_segment where resource_id = ?", event.get("resourceId")))
                    .isEqualTo(1);
            fx.expect(fx.event("DELETED", (String) event.get("resourceId"), c, clock.instant(), Map.of()), 201);
        }
    }

    @Test
    void concurrentCopiesOfABatchApplyEachEventOnce() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("1.00");
        fx.advanceTo(fx.nextDay());
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(created(c, spec, clock.instant().minusSeconds(60)));
        }
        String body = Api.json(events);
        List<Api.Response> answers = concurrently(COPIES,
                () -> api.post("/api/v1/platform/resource-events/batch", PLATFORM_KEY, body, null));
        int[] applied = new int[events.size()];
        for (Api.Response r : answers) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("refused").asInt()).as(r.body()).isZero();
            int i = 0;
            for (JsonNode item : r.json().path("results")) {
                assertThat(item.path("status").asString()).isIn("APPLIED", "DUPLICATE");
                applied[i++] += item.path("status").asString().equals("APPLIED") ? 1 : 0;
            }
        }
        for (int i = 0; i < events.size(); i++) {
            assertThat(applied[i]).as("event " + i + " applied once").isEqualTo(1);
            assertThat(count("select count(*) from resource_resource where id = ?", events.get(i).get("resourceId")))
                    .isEqualTo(1);
            assertThat(count("select count(*) from resource_event where event_id = ?", events.get(i).get("eventId")))
                    .isEqualTo(1);
            fx.expect(fx.event("DELETED", (String) events.get(i).get("resourceId"), c, clock.instant(), Map.of()), 201);
        }
    }
}
