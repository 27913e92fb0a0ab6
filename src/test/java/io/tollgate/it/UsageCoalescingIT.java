package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tollgate.metering.MeteringService;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageCoalescerProbe;
import io.tollgate.metering.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Write combining of small usage requests (issue 14): many concurrent requests of 1 to 10 records
 * over real HTTP, with ids repeated across requests (the same content, or other content), refused
 * records among good ones; each request's answer is checked against an independent model of
 * sequential ingestion, and the database holds each id once. A combined transaction that fails
 * before its commit acknowledges nothing and its requests are ingested again one by one: only the
 * one that cannot be ingested fails.
 */
class UsageCoalescingIT extends IntegrationTest {
    static final String PATH = "/api/v1/platform/usage-records";
    @Autowired
    MeteringService metering;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry metrics;

    record Setup(Fixture.CustomerKeys customer, String resource, String meter, Instant from, Instant to) {
    }

    Setup setup() {
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String type = "it.coalesce";
        String meter = fx.usageMeter(type, "request", "request", "1", "0.01", "0");
        String resource = "co-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", resource, c, at(day, "08:00"), Map.of("resourceType", type, "region",
                Fixture.REGION)), 201);
        fx.advanceTo(at(day, "09:30"));
        return new Setup(c, resource, meter, at(day, "08:00"), at(day, "09:00"));
    }

    static Map<String, Object> record(Setup s, String id, String quantity) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recordId", id);
        r.put("customerId", s.customer().id());
        r.put("resourceId", s.resource());
        r.put("meter", s.meter());
        r.put("quantity", quantity);
        r.put("windowStart", s.from().toString());
        r.put("windowEnd", s.to().toString());
        return r;
    }

    @Test
    void concurrentSmallRequestsKeepEachAnswerAsIfSentOneAfterAnother() throws Exception {
        Setup s = setup();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(20261204L);
        // 16 workers x 40 requests of 1-10 records; ids from a pool of 600 so that many repeat
        List<List<Map<String, Object>>> requests = new ArrayList<>();
        for (int i = 0; i < 640; i++) {
            List<Map<String, Object>> rs = new ArrayList<>();
            for (int j = 0, n = 1 + random.nextInt(10); j < n; j++) {
                int k = random.nextInt(600);
                // quantity: mostly the id's own (a retry), sometimes other content (a reused id), sometimes invalid
                int roll = random.nextInt(20);
                String quantity = roll == 0 ? "-1" : roll == 1 ? Integer.toString(1000 + k) : Integer.toString(k + 1);
                rs.add(record(s, "c-" + run + "-" + k, quantity));
            }
            requests.add(rs);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (List<Map<String, Object>> rs : requests) {
            answers.add(pool.submit(() -> {
                Api.Response r = api.post(PATH, PLATFORM_KEY, Map.of("records", rs));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                return r.json();
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(metrics.find("tollgate.ingestion.requests.per.transaction").summary().totalAmount())
                .as("requests were combined").isGreaterThan(0);
        assertThat(metrics.find("tollgate.ingestion.requests.per.transaction").summary().max())
                .as("at least one transaction carried several requests").isGreaterThan(1.0);

        // The model: the accepted quantity of each id is the one the database kept; every valid record of the id
        // is then ACCEPTED exactly once overall, DUPLICATE with the same quantity, record-id-reused with another.
        Map<String, String> kept = new HashMap<>();
        jdbc.query("select record_id, quantity from metering_record where record_id like ?", rs -> {
            kept.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros().toPlainString());
        }, "c-" + run + "-%");
        Map<String, Integer> acceptedTimes = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            List<Map<String, Object>> rs = requests.get(i);
            JsonNode a = answers.get(i).get();
            assertThat(a.path("results").size()).isEqualTo(rs.size());
            for (int j = 0; j < rs.size(); j++) {
                String id = (String) rs.get(j).get("recordId");
                String quantity = (String) rs.get(j).get("quantity");
                JsonNode fate = a.path("results").get(j);
                assertThat(fate.path("recordId").asString()).as("answers in the request's order").isEqualTo(id);
                String status = fate.path("status").asString();
                if (quantity.equals("-1")) {
                    assertThat(status + ":" + fate.path("code").asString()).isEqualTo("REFUSED:negative-quantity");
                } else if (status.equals("ACCEPTED")) {
                    acceptedTimes.merge(id, 1, Integer::sum);
                    assertThat(kept.get(id)).isEqualTo(quantity);
                } else if (quantity.equals(kept.get(id))) {
                    assertThat(status).isEqualTo("DUPLICATE");
                } else {
                    assertThat(status + ":" + fate.path("code").asString()).isEqualTo("REFUSED:record-id-reused");
                }
            }
        }
        assertThat(acceptedTimes.keySet()).isEqualTo(kept.keySet());
        assertThat(acceptedTimes.values()).allMatch(n -> n == 1);
        // one rated line per stored record, none doubled
        Long lines = jdbc.queryForObject("select count(*) from metering_usage_line where resource_id = ?", Long.class,
                s.resource());
        assertThat(lines).isEqualTo(kept.size());
    }

    @Test
    void aNullRecordIsRefusedOnItsOwnAsWithoutCombining() {
        Api.Response r = api.post(PATH, PLATFORM_KEY, "{\"records\":[null]}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("results").get(0).path("status").asString()).isEqualTo("REFUSED");
        assertThat(r.json().path("results").get(0).path("code").asString()).isEqualTo("invalid-record");
    }

    @Test
    void aCombinedTransactionThatFailsBeforeCommitIsRetriedRequestByRequest() throws Exception {
        Setup s = setup();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poison = "poison-" + run;
        CountDownLatch queued = new CountDownLatch(1);
        AtomicInteger combined = new AtomicInteger();
        // The real ingestion in a transaction that throws before its commit when the batch holds the poison id
        // (a crash there): everything the batch wrote rolls back.
        UsageCoalescerProbe probe = new UsageCoalescerProbe(records -> transactions.execute(tx -> {
            try {
                queued.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            List<RecordOutcome> fates = metering.ingest(records);
            if (records.size() > 1 && records.stream().anyMatch(r -> r.recordId().startsWith("poison"))) {
                combined.incrementAndGet();
            }
            if (records.stream().anyMatch(r -> r.recordId().equals(poison))) {
                throw new IllegalStateException("crash before commit");
            }
            return fates;
        }));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<RecordOutcome>>> answers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = i == 5 ? poison : "ok-" + run + "-" + i;
            ids.add(id);
            UsageRecord r = new UsageRecord(id, s.customer().id(), s.resource(), s.meter(), "2", s.from(), s.to(),
                    null, null, null);
            answers.add(pool.submit(() -> probe.coalescer.ingest(List.of(r))));
            Thread.sleep(20);
        }
        queued.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 8; i++) {
            if (i == 5) {
                Future<List<RecordOutcome>> f = answers.get(i);
                assertThat(catchThrowable(f::get)).hasRootCauseMessage("crash before commit");
            } else {
                assertThat(answers.get(i).get()).singleElement().satisfies(o ->
                        assertThat(o.status()).isEqualTo(RecordOutcome.Status.ACCEPTED));
            }
        }
        assertThat(combined.get()).as("the poison was in a combined batch at least once").isGreaterThanOrEqualTo(1);
        Map<String, Object> stored = jdbc.queryForMap("select count(*) filter (where record_id like 'ok-%') ok, "
                + "count(*) filter (where record_id = ?) bad from metering_record where record_id like ? "
                + "or record_id = ?", poison, "ok-" + run + "-%", poison);
        // the seven acknowledged records once each; nothing of the poison's request
        assertThat(((Number) stored.get("ok")).longValue()).isEqualTo(7);
        assertThat(((Number) stored.get("bad")).longValue()).isZero();
        probe.close();
    }
}
