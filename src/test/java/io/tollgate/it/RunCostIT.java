package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.MeterService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Cost per run (docs/cost.md): a dedicated pool's cost shared among the jobs that ran on it by
 * node-seconds, the rest idle; a run's own lines (a resource tagged with it, a usage record whose
 * attributes name it) beside its share; the report's total is the customer's cost.
 */
class RunCostIT extends IntegrationTest {
    @Autowired
    CatalogService catalog;
    @Autowired
    MeterService meters;

    @BeforeEach
    void demoTypes() {
        DemoItems.installOnce(catalog, meters);
    }

    @Test
    void aPoolsCostIsSharedAmongTheJobsThatRanOnItByNodeSecondsAndTheRestIsIdle() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        Instant d = fx.nextDay();
        fx.advanceTo(at(d, "10:00"));
        String pool = "pool-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", pool, c, at(d, "10:00"), Map.of("resourceType", "modelarts.pool",
                "specCode", fx.computeSpec("1.20", "modelarts"), "region", Fixture.REGION, "nodes", 4)), 201);
        String gpu = fx.computeSpec("6.30", "modelarts");
        String a = "job-a-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", a, c, at(d, "10:00"), Map.of("resourceType", "modelarts.training",
                "specCode", gpu, "region", Fixture.REGION, "nodes", 1, "poolId", pool,
                "tags", Map.of("jobId", "train-a", "team", "cv"))), 201);
        // a node without a run tag, and an inference endpoint's node tagged with its run
        String endpoint = fx.create(c, "it.compute", fx.computeSpec("0.66"), 1, at(d, "10:00"));
        String served = "ep-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", served, c, at(d, "10:00"), Map.of("resourceType", "it.compute",
                "specCode", fx.computeSpec("0.66"), "region", Fixture.REGION, "nodes", 1,
                "tags", Map.of("endpointId", "ep-1"))), 201);
        // a usage record naming the run in its attributes: 5,000 tokens at 0.02 per 1,000 = 0.10
        String tokens = fx.usageMeter("it.runtok", "token", "1,000 tokens", "1000", "0.02", "0");
        String model = "m-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", model, c, at(d, "10:00"), Map.of("resourceType", "it.runtok",
                "region", Fixture.REGION)), 201);

        // job b: 2 nodes 11:00-12:00, stopped, started 13:00, resized to 1 node 13:30, deleted 14:00
        fx.advanceTo(at(d, "11:00"));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("recordId", "u-" + UUID.randomUUID());
        rec.put("customerId", c.id());
        rec.put("resourceId", model);
        rec.put("meter", tokens);
        rec.put("quantity", "5000");
        rec.put("windowStart", at(d, "10:00").toString());
        rec.put("windowEnd", at(d, "10:05").toString());
        rec.put("attributes", Map.of("jobId", "train-a", "step", "eval"));
        Api.Response sent = api.post("/api/v1/platform/usage-records", fx.platformKey, Map.of("records", List.of(rec)));
        fx.expect(sent, 200);
        assertThat(sent.json().path("accepted").asInt()).as(sent.body()).isEqualTo(1);
        String b = "job-b-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", b, c, at(d, "11:00"), Map.of("resourceType", "modelarts.training",
                "specCode", gpu, "region", Fixture.REGION, "nodes", 2, "poolId", pool,
                "tags", Map.of("jobId", "train-b"))), 201);
        fx.advanceTo(at(d, "14:00"));
        fx.expect(fx.event("STOPPED", b, c, at(d, "12:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", a, c, at(d, "13:00"), Map.of()), 201);
        fx.expect(fx.event("STARTED", b, c, at(d, "13:00"), Map.of()), 201);
        fx.expect(fx.event("RESIZED", b, c, at(d, "13:30"), Map.of("nodes", 1)), 201);
        fx.expect(fx.event("DELETED", b, c, at(d, "14:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", pool, c, at(d, "14:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", endpoint, c, at(d, "12:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", served, c, at(d, "12:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", model, c, at(d, "14:00"), Map.of()), 201);
        fx.settleThrough(at(d, "14:00"));

        LocalDate day = d.atZone(Fixture.ZONE).toLocalDate();
        String range = "?from=" + day + "&to=" + day.plusDays(1);
        JsonNode r = api.get("/api/v1/customers/" + c.id() + "/costs/runs" + range, c.financeKey()).json();
        // the pool: 4 nodes x 1.20 x 4 hours = 19.20; it offered 4 x 14,400 = 57,600 node-seconds.
        // job a: 1 node 10:00-13:00 = 10,800; job b: 2 x 3,600 + 2 x 1,800 + 1 x 1,800 = 12,600;
        // used 23,400, idle 34,200. Shares of 1,920 cents: a 1,920 x 10,800 / 57,600 = 360 (3.60),
        // b 1,920 x 12,600 / 57,600 = 420 (4.20), idle 1,920 x 34,200 / 57,600 = 1,140 (11.40).
        JsonNode p = r.path("pools").get(0);
        assertThat(r.path("pools").size()).isEqualTo(1);
        assertThat(p.path("poolId").asString()).isEqualTo(pool);
        assertThat(p.path("cost").asString()).isEqualTo("19.20");
        assertThat(p.path("capacityNodeSeconds").asLong()).isEqualTo(57_600);
        assertThat(p.path("usedNodeSeconds").asLong()).isEqualTo(23_400);
        assertThat(p.path("idleNodeSeconds").asLong()).isEqualTo(34_200);
        assertThat(p.path("idleCost").asString()).isEqualTo("11.40");
        Map<String, String> jobs = new TreeMap<>();
        p.path("jobs").forEach(j -> jobs.put(j.path("run").asString(), j.path("nodeSeconds").asLong() + "/"
                + j.path("share").asString()));
        assertThat(jobs).containsExactly(Map.entry("jobId:train-a", "10800/3.60"),
                Map.entry("jobId:train-b", "12600/4.20"));
        // runs: the endpoint's own 2 hours at 0.66 = 1.32; train-a its tokens 0.10 plus 3.60; train-b 4.20;
        // the untagged endpoint's 1.32 has no run. The total: 19.20 + 1.32 + 1.32 + 0.10 = 21.94.
        Map<String, String> runs = new TreeMap<>();
        r.path("runs").forEach(x -> runs.put(x.path("run").asString(), x.path("ownCost").asString() + "+"
                + x.path("poolShare").asString() + "=" + x.path("total").asString()));
        assertThat(runs).containsExactly(Map.entry("", "1.32+0=1.32"),
                Map.entry("endpointId:ep-1", "1.32+0=1.32"), Map.entry("jobId:train-a", "0.10+3.60=3.70"),
                Map.entry("jobId:train-b", "0+4.20=4.20"));
        assertThat(r.path("total").asString()).isEqualTo("21.94");

        // the analysis groups and filters by run, each run's own lines: no run holds the pool's 19.20 and the
        // untagged node's 1.32 = 20.52; ep-1 its node's 1.32; train-a its tokens' 0.10 (its pool share is not a
        // line of its own)
        JsonNode byRun = api.get("/api/v1/customers/" + c.id() + "/costs/analysis" + range
                + "&view=ORIGINAL&groupBy=run", c.financeKey()).json();
        Map<String, String> rows = new TreeMap<>();
        byRun.path("rows").forEach(x -> rows.put(x.path("keys").path("run").asString(),
                new java.math.BigDecimal(x.path("cost").asString()).stripTrailingZeros().toPlainString()));
        assertThat(rows).containsExactly(Map.entry("", "20.52"), Map.entry("endpointId:ep-1", "1.32"),
                Map.entry("jobId:train-a", "0.1"));
        JsonNode one = api.get("/api/v1/customers/" + c.id() + "/costs/analysis" + range
                + "&filter=run=jobId:train-a", c.financeKey()).json();
        assertThat(new java.math.BigDecimal(one.path("total").asString())).isEqualByComparingTo("0.10");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/costs/runs?from=" + day, c.financeKey()).code())
                .isEqualTo("invalid-range");
    }
}
