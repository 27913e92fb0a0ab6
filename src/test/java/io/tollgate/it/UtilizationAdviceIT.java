package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Utilization samples and the advice they drive (docs/cost.md). A card model with four shares
 * priced pay-per-use: 1/1 at 8.00 an hour, 1/2 at 4.40, 1/4 at 2.30, 1/8 at 1.10. Every node runs
 * the 8 days it is billed, so over the last 7 days it ran 168 of 168 hours: 730 hours a month.
 */
class UtilizationAdviceIT extends IntegrationTest {
    private static final String SAMPLES = "/api/v1/platform/utilization-samples";

    @Test
    void aGpuUnderTheThresholdIsAdvisedToASmallerShareAndAnIdleOneToStop() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "200000.00"), 201);
        Instant d = fx.nextDay();
        fx.advanceTo(d);
        String model = "IT-GPU-" + UUID.randomUUID().toString().substring(0, 8);
        String full = gpuSpec(model, "1/1", "8.00");
        gpuSpec(model, "1/2", "4.40");
        String quarter = gpuSpec(model, "1/4", "2.30");
        gpuSpec(model, "1/8", "1.10");
        String type = "it.gpu." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType", "it",
                "name", "gpu notebook", "metering", "RUNTIME", "specKind", "COMPUTE")), 201);
        String busy30 = fx.create(c, type, full, 1, d);
        String busy15 = fx.create(c, type, full, 1, d);
        String idle = fx.create(c, type, full, 1, d);
        String few = fx.create(c, type, full, 1, d);
        String small = fx.create(c, type, quarter, 1, d);
        fx.settleThrough(d.plus(Duration.ofDays(8)));

        // a day of minutes inside the look-back (days 2-8), each resource shaped on purpose
        Instant from = d.plus(Duration.ofDays(3));
        Random random = new Random(10);
        List<Map<String, Object>> samples = new ArrayList<>();
        // busy30: 1,368 minutes (95% of 1,440) at or under 30% GPU, 72 spikes at 45%: the 95th
        // percentile is the 1,368th smallest, 30.00; memory at most 20%.
        samples.addAll(day(busy30, from, 1440, 1368, "30.00", "45.00", "20.00", random));
        // busy15: 95% at or under 15% GPU, spikes at 49%; memory at most 12%
        samples.addAll(day(busy15, from, 1440, 1368, "15.00", "49.00", "12.00", random));
        // idle: at or under 3% GPU all day (memory 40%: a model loaded and nothing running)
        samples.addAll(day(idle, from, 1440, 1440, "3.00", "3.00", "40.00", random));
        // few: only 1,439 minutes, one short of a day: no judgement
        samples.addAll(day(few, from, 1439, 1439, "3.00", "3.00", "3.00", random));
        // small: the 1/4 share at 45% (under 50%), but 1/8 would need 1/8 x 80 = 10 >= 1/4 x 45 = 11.25: no
        samples.addAll(day(small, from, 1440, 1368, "45.00", "60.00", "10.00", random));
        Api.Response sent = api.post(SAMPLES, PLATFORM_KEY, Map.of("samples", samples));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().path("accepted").asInt()).isEqualTo(1440 * 4 + 1439);

        Map<String, JsonNode> advice = advice(c);
        // busy30 needs a share s with s x 80 >= 1 x 30: 1/2 (40 >= 30) fits, 1/4 (20) does not. At 730
        // hours a month: 8.00 x 730 = 5840.00 now, 4.40 x 730 = 3212.00 on 1/2, a saving of 2628.00.
        JsonNode r30 = advice.get("rightsize:" + busy30);
        assertThat(r30).as(advice.toString()).isNotNull();
        assertThat(r30.path("kind").asString()).isEqualTo("RIGHTSIZE");
        assertThat(r30.path("details").path("gpuUtilP95").asString()).isEqualTo("30.00");
        // memory: the 1,368th smallest of its 1,440 values, found here by sorting them
        assertThat(r30.path("details").path("memoryUtilP95").asString()).isEqualTo(p95(samples, busy30, "memoryUtil"));
        assertThat(r30.path("details").path("toGpuShare").asString()).isEqualTo("1/2");
        assertThat(r30.path("details").path("monthlyCost").asString()).isEqualTo("5840.00");
        assertThat(r30.path("details").path("toMonthlyCost").asString()).isEqualTo("3212.00");
        assertThat(r30.path("monthlySaving").asString()).isEqualTo("2628.00");
        // busy15: 1/4 fits (20 >= 15) and is cheaper than 1/2; 1/8 (10) does not. 2.30 x 730 = 1679.00;
        // 5840.00 - 1679.00 = 4161.00
        JsonNode r15 = advice.get("rightsize:" + busy15);
        assertThat(r15.path("details").path("toSpecCode").asString()).isEqualTo(quarter);
        assertThat(r15.path("details").path("toMonthlyCost").asString()).isEqualTo("1679.00");
        assertThat(r15.path("monthlySaving").asString()).isEqualTo("4161.00");
        // idle: GPU 95th percentile 3% <= 5%: stop it and save what it costs, 8.00 x 730 = 5840.00
        JsonNode i = advice.get("idle:" + idle);
        assertThat(i.path("kind").asString()).isEqualTo("IDLE");
        assertThat(i.path("monthlySaving").asString()).isEqualTo("5840.00");
        assertThat(i.path("details").path("action").asString()).isEqualTo("STOP_OR_DELETE");
        assertThat(advice).doesNotContainKeys("rightsize:" + idle, "idle:" + few, "rightsize:" + few,
                "rightsize:" + small, "idle:" + small);

        fx.expect(api.post("/api/v1/customers/" + c.id() + "/advice/rightsize:" + busy30 + "/dismiss",
                c.adminKey(), Map.of()), 204);
        assertThat(advice(c)).doesNotContainKey("rightsize:" + busy30).containsKeys("rightsize:" + busy15,
                "idle:" + idle);
        for (String r : List.of(busy30, busy15, idle, few, small)) {
            fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
        }
    }

    @Test
    void eachSampleGetsItsOwnFateAndARefusedOneBlocksNone() {
        Fixture.CustomerKeys c = fx.customer();
        Instant d = fx.nextDay();
        fx.advanceTo(d.plus(Duration.ofHours(2)));
        String r = fx.create(c, "it.notebook", fx.computeSpec("1.00"), 1, d);
        Instant now = clock.instant();
        Instant m = now.minus(Duration.ofMinutes(30));
        Api.Response first = api.post(SAMPLES, PLATFORM_KEY, Map.of("samples", List.of(
                sample(r, m.plusSeconds(17), "12.5", "40"))));
        assertThat(java.time.OffsetDateTime.parse(first.json().path("results").get(0).path("minute").asString())
                .toInstant()).isEqualTo(m); // 17 seconds past the minute count for the minute
        Api.Response batch = api.post(SAMPLES, PLATFORM_KEY, Map.of("samples", List.of(
                sample(r, m, "12.50", "40.0"),                        // the same values: DUPLICATE
                sample(r, m, "13", "40"),                             // other values: sample-conflict
                sample("no-such-resource", m, "1", "1"),              // unknown-resource
                sample(r, now.plus(Duration.ofMinutes(2)), "1", "1"), // sample-in-future
                sample(r, m.plusSeconds(60), "101", "1"),             // invalid-utilization
                sample(r, m.plusSeconds(120), "1.005", "1"),          // invalid-utilization
                sample(r, d.minus(Duration.ofDays(1)), "1", "1"),     // before the resource
                sample(r, m.plusSeconds(180), null, "7"))));          // no GPU value: ACCEPTED
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        List<String> fates = new ArrayList<>();
        batch.json().path("results").forEach(o -> fates.add(o.path("status").asString() + " "
                + o.path("code").asString("")));
        assertThat(fates).containsExactly("DUPLICATE ", "REFUSED sample-conflict", "REFUSED unknown-resource",
                "REFUSED sample-in-future", "REFUSED invalid-utilization", "REFUSED invalid-utilization",
                "REFUSED sample-outside-resource-life", "ACCEPTED ");
        assertThat(batch.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(batch.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(batch.json().path("refused").asInt()).isEqualTo(6);
        assertThat(jdbc.queryForList("select coalesce(gpu_util::text, '') || '/' || memory_util::text from cost_utilization_sample "
                + "where resource_id = ? order by minute", String.class, r)).containsExactly("12.50/40.00", "/7.00");
        assertThat(api.post(SAMPLES, c.adminKey(), Map.of("samples", List.of(sample(r, m, "1", "1")))).status())
                .isEqualTo(403);
        assertThat(api.post(SAMPLES, PLATFORM_KEY, Map.of("samples", List.of())).code()).isEqualTo("batch-size");
        fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
    }

    /** The 95th percentile as a value of the set: the ceil(0.95 n)-th smallest. */
    private static String p95(List<Map<String, Object>> samples, String resource, String field) {
        List<java.math.BigDecimal> values = new ArrayList<>();
        samples.stream().filter(s -> s.get("resourceId").equals(resource))
                .forEach(s -> values.add(new java.math.BigDecimal((String) s.get(field))));
        values.sort(null);
        return values.get((int) Math.ceil(0.95 * values.size()) - 1).setScale(2).toPlainString();
    }

    private String gpuSpec(String model, String share, String hourly) {
        String code = "it.gpu." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/specs", fx.operatorKey, Map.of("code", code, "serviceType", "it",
                "kind", "COMPUTE", "name", "test GPU " + share, "vcpus", 4, "memoryGib", 16, "gpuModel", model,
                "gpuShare", share)), 201);
        fx.publish(code, "HOUR", hourly, Instant.parse("2029-01-01T00:00:00Z"));
        return code;
    }

    /**
     * {@code minutes} samples from {@code from}: {@code under} of them at random at or under
     * {@code gpuCap} (one exactly at it), the rest at {@code spike}; memory at random at or under
     * {@code memoryCap} (one exactly at it). Shuffled, so order says nothing.
     */
    private static List<Map<String, Object>> day(String resource, Instant from, int minutes, int under, String gpuCap,
                                                 String spike, String memoryCap, Random random) {
        List<String> gpu = new ArrayList<>();
        for (int k = 0; k < minutes; k++) {
            gpu.add(k == 0 ? gpuCap : k < under ? below(gpuCap, random) : spike);
        }
        java.util.Collections.shuffle(gpu, random);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < minutes; k++) {
            out.add(sample(resource, from.plus(Duration.ofMinutes(k)), gpu.get(k),
                    k == 7 ? memoryCap : below(memoryCap, random)));
        }
        return out;
    }

    private static String below(String cap, Random random) {
        int cents = new java.math.BigDecimal(cap).movePointRight(2).intValueExact();
        return java.math.BigDecimal.valueOf(random.nextInt(cents + 1), 2).toPlainString();
    }

    private static Map<String, Object> sample(String resource, Instant at, String gpu, String memory) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("resourceId", resource);
        s.put("at", at.toString());
        if (gpu != null) {
            s.put("gpuUtil", gpu);
        }
        s.put("memoryUtil", memory);
        return s;
    }

    private Map<String, JsonNode> advice(Fixture.CustomerKeys c) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/advice?lookbackDays=7", c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        r.json().forEach(a -> byKey.put(a.path("key").asString(), a));
        return byKey;
    }
}
