package io.tollgate.it;

import static io.tollgate.it.DemoItems.record;
import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.MeterService;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every usage-metered billing item of the demo catalog end to end (docs/billing-items.md): usage
 * records over HTTP, each line's cost in the detailed bill at once (UNSETTLED), then the hourly
 * settlement into one fee record per resource, meter and hour, charged at the cent.
 */
class BillingItemsIT extends IntegrationTest {
    @Autowired
    CatalogService catalog;
    @Autowired
    MeterService meters;
    DemoItems items;

    @BeforeEach
    void demoCatalog() {
        DemoItems.installOnce(catalog, meters);
        items = new DemoItems(api, fx, PLATFORM_KEY);
    }

    private record Setup(Fixture.CustomerKeys customer, Instant day, Instant h8, Instant h9, String resource) {
    }

    /** A customer with 100.00 and a fresh day; the clock at 08:00. */
    private Setup setup() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        return new Setup(c, day, at(day, "08:00"), at(day, "09:00"), null);
    }

    /**
     * As {@link #setup()}, with a resource of {@code type} created at 08:00 and the clock at 09:00:
     * records of hour 8 arrive before the hour is settled (at 09:05), so they are on time.
     */
    private Setup setup(String type) {
        Setup s = setup();
        String resource = items.resource(s.customer(), type, s.h8());
        fx.advanceTo(s.h9());
        return new Setup(s.customer(), s.day(), s.h8(), s.h9(), resource);
    }

    private static List<String> field(List<JsonNode> lines, String name) {
        return lines.stream().map(l -> l.path(name).asString(null)).toList();
    }

    private static BigDecimal sum(List<JsonNode> lines, String name) {
        return lines.stream().map(l -> new BigDecimal(l.path(name).asString())).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void objectStorageBillsGbMonthsByStorageClassRequestsPerThousandAndTrafficPerGb() {
        Setup s = setup("obs.bucket");
        String bucket = s.resource();
        Fixture.CustomerKeys c = s.customer();
        items.report(List.of(
                record(c, bucket, "obs.storage.standard", "120", s.h8(), s.h9()),
                record(c, bucket, "obs.storage.infrequent", "1000", s.h8(), s.h9()),
                record(c, bucket, "obs.storage.archive", "10000", s.h8(), at(s.day(), "08:30")),
                record(c, bucket, "obs.requests.read", "2500", s.h8(), s.h9()),
                record(c, bucket, "obs.requests.write", "1234", s.h8(), s.h9()),
                record(c, bucket, "obs.requests.delete", "999", s.h8(), s.h9()),
                record(c, bucket, "obs.traffic.out", "1500000000", s.h8(), s.h9())));

        List<JsonNode> pending = fx.feeRecords(c, s.day(), bucket);
        assertThat(field(pending, "status")).containsOnly("UNSETTLED");
        assertThat(field(pending, "kind")).containsOnly("USAGE");
        assertThat(field(pending, "meter")).containsExactly("obs.storage.standard", "obs.storage.infrequent",
                "obs.storage.archive", "obs.requests.read", "obs.requests.write", "obs.requests.delete",
                "obs.traffic.out");
        // standard: 120 GB x 3600 s / 2,628,000 s = 0.1643835616 GB-months x 0.099 = 0.01627397
        // infrequent: 1000 GB x 3600 / 2,628,000 = 1.3698630136 x 0.08 = 0.10958904
        // archive: 10,000 GB x 1800 / 2,628,000 = 6.8493150684 x 0.033 = 0.22602740
        // requests: 2.5 x 0.001 = 0.0025; 1.234 x 0.01 = 0.01234; 0.999 x 0.001 = 0.000999 (per 1,000)
        // traffic: 1,500,000,000 bytes = 1.5 GB x 0.50 (first tier, under 10,000 GB) = 0.75
        assertThat(field(pending, "usage")).containsExactly("0.1643835616", "1.3698630136", "6.8493150684",
                "2.5000000000", "1.2340000000", "0.9990000000", "1.5000000000");
        assertThat(field(pending, "amount")).containsExactly("0.01627397", "0.10958904", "0.22602740", "0.00250000",
                "0.01234000", "0.00099900", "0.75000000");
        assertThat(field(pending, "unit")).containsExactly("GB-month", "GB-month", "GB-month", "1,000 requests",
                "1,000 requests", "1,000 requests", "GB");

        fx.settleThrough(s.h9());
        List<JsonNode> settled = fx.feeRecords(c, s.day(), bucket);
        assertThat(field(settled, "status")).containsOnly("SETTLED");
        // One fee record per meter and hour, charged with the month's carry in line order (meters sorted):
        // delete 0.000999, read 0.0025, write 0.01234, archive 0.2260274, infrequent 0.10958904, standard
        // 0.01627397, traffic 0.75; running sums 0.000999 0.003499 0.015839 0.2418664 0.35145544 0.36772941
        // 1.11772941 round to 0.00 0.00 0.02 0.24 0.35 0.37 1.12, so the lines are charged their differences.
        assertThat(field(settled, "meter")).containsExactly("obs.requests.delete", "obs.requests.read",
                "obs.requests.write", "obs.storage.archive", "obs.storage.infrequent", "obs.storage.standard",
                "obs.traffic.out");
        assertThat(field(settled, "chargedAmount")).containsExactly("0.00", "0.00", "0.02", "0.22", "0.11", "0.02",
                "0.75");
        // 100.00 - round(1.11772941) = 100.00 - 1.12 = 98.88
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("98.88");
    }

    @Test
    void fileStorageCountsAStartedHourAsAWholeHour() {
        Setup s = setup();
        String share = items.resource(s.customer(), "sfs.share", s.h8());
        fx.advanceTo(at(s.day(), "08:20"));
        items.report(List.of(record(s.customer(), share, "sfs.capacity", "500", s.h8(), at(s.day(), "08:20"))));
        fx.advanceTo(at(s.day(), "09:00:01"));
        items.report(List.of(record(s.customer(), share, "sfs.capacity", "500", s.h9(), at(s.day(), "09:00:01"))));
        List<JsonNode> pending = items.lines(s.customer(), s.day(), share, "sfs.capacity");
        assertThat(field(pending, "kind")).containsOnly("USAGE");
        // 20 minutes and 1 second each count a whole hour: 500 GB-hours x 0.00048 = 0.24
        assertThat(field(pending, "usage")).containsExactly("500.0000000000", "500.0000000000");
        assertThat(field(pending, "amount")).containsExactly("0.24000000", "0.24000000");
        fx.settleThrough(at(s.day(), "10:00"));
        assertThat(field(items.lines(s.customer(), s.day(), share, "sfs.capacity"), "chargedAmount"))
                .containsExactly("0.24", "0.24");
        assertThat(fx.balance(s.customer()).path("cash").asString()).isEqualTo("99.52");
    }

    @Test
    void fileStorageBillsEachShareAndClockHourOnceAtItsLargestCapacity() {
        Setup s = setup();
        String share = items.resource(s.customer(), "sfs.share", s.h8());
        Fixture.CustomerKeys c = s.customer();
        // hour 8: two half-hour records of 100 GB in two batches: 100 GB-hours, not 200
        fx.advanceTo(at(s.day(), "08:30"));
        items.report(List.of(record(c, share, "sfs.capacity", "100", s.h8(), at(s.day(), "08:30"))));
        fx.advanceTo(s.h9());
        Map<String, Object> second = record(c, share, "sfs.capacity", "100", at(s.day(), "08:30"), s.h9());
        items.report(List.of(second));
        // the same record again is a duplicate and counts once
        Api.Response replay = api.post("/api/v1/platform/usage-records", PLATFORM_KEY, Map.of("records", List.of(second)));
        assertThat(replay.json().path("duplicates").asInt()).as(replay.body()).isEqualTo(1);
        // 08:00-08:30 at 100 GB counts the whole hour: 100 GB-hours; 08:30-09:00 at 100 GB raises no peak: 0
        assertThat(field(items.lines(c, s.day(), share, "sfs.capacity"), "usage"))
                .containsExactly("100.0000000000", "0.0000000000");
        fx.advanceTo(at(s.day(), "10:00"));
        // hour 9: 100 GB for 10 minutes is 100 GB-hours; grown to 150 GB later in the hour adds only 50;
        // shrunk to 120 GB adds nothing: the hour is its peak, 150 GB-hours
        items.report(List.of(record(c, share, "sfs.capacity", "100", s.h9(), at(s.day(), "09:10")),
                record(c, share, "sfs.capacity", "150", at(s.day(), "09:10"), at(s.day(), "09:40")),
                record(c, share, "sfs.capacity", "120", at(s.day(), "09:40"), at(s.day(), "10:00"))));
        // (hour 8 was settled when the clock passed 09:05: one fee record of 100 GB-hours)
        List<JsonNode> pending = items.lines(c, s.day(), share, "sfs.capacity");
        assertThat(field(pending, "status")).containsExactly("SETTLED", "UNSETTLED", "UNSETTLED", "UNSETTLED");
        assertThat(field(pending, "usage")).containsExactly("100.0000000000", "100.0000000000", "50.0000000000",
                "0.0000000000");
        // 100 x 0.00048 = 0.048; 50 x 0.00048 = 0.024
        assertThat(field(pending, "amount")).containsExactly("0.04800000", "0.04800000", "0.02400000", "0.00000000");
        // settled per hour: 100 GB-hours = 0.048 -> 0.05; 150 GB-hours = 0.072 -> 0.07
        fx.settleThrough(at(s.day(), "10:00"));
        List<JsonNode> settled = items.lines(c, s.day(), share, "sfs.capacity");
        assertThat(field(settled, "usage")).as(settled.toString()).containsExactly("100.0000000000", "150.0000000000");
        assertThat(field(settled, "chargedAmount")).containsExactly("0.05", "0.07");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.88");
    }

    @Test
    void notificationsBillMessagesCallsAndTrafficBeyondTheFreeGigabyte() {
        Setup s = setup("smn.topic");
        String topic = s.resource();
        Fixture.CustomerKeys c = s.customer();
        items.report(List.of(
                record(c, topic, "smn.sms", "3", s.h8(), s.h9()),
                record(c, topic, "smn.email", "1000", s.h8(), s.h9()),
                record(c, topic, "smn.http", "250000", s.h8(), s.h9()),
                record(c, topic, "smn.traffic.out", "800000000", s.h8(), at(s.day(), "08:30")),
                record(c, topic, "smn.traffic.out", "700000000", at(s.day(), "08:30"), s.h9())));
        List<JsonNode> pending = fx.feeRecords(c, s.day(), topic);
        // 3 SMS x 0.045 = 0.135; 1,000 e-mails x 0.00002 = 0.02; 250,000 calls = 0.25 million x 0.60 = 0.15;
        // traffic, first GB of the month free: 0.8 GB free, then 0.2 GB free and 0.5 GB x 0.50 = 0.25
        assertThat(field(pending, "amount")).containsExactly("0.13500000", "0.02000000", "0.15000000", "0.00000000",
                "0.25000000");
        assertThat(field(pending, "freeUsage")).containsExactly("0.0000000000", "0.0000000000", "0.0000000000",
                "0.8000000000", "0.2000000000");
        fx.settleThrough(s.h9());
        List<JsonNode> traffic = items.lines(c, s.day(), topic, "smn.traffic.out");
        // the two traffic records of the hour are one fee record: 1.5 GB, 1.0 free, 0.25 charged
        assertThat(traffic).hasSize(1);
        assertThat(traffic.get(0).path("usage").asString()).isEqualTo("1.5000000000");
        assertThat(traffic.get(0).path("freeUsage").asString()).isEqualTo("1.0000000000");
        assertThat(traffic.get(0).path("chargedAmount").asString()).isEqualTo("0.25");
        // 0.14 + 0.02 + 0.15 + 0.25 = 0.56
        assertThat(sum(fx.feeRecords(c, s.day(), topic), "chargedAmount")).isEqualByComparingTo("0.56");
    }

    @Test
    void logsHaveExactly500MbFreeAMonthAndOneByteMoreIsBilled() {
        Setup s = setup("lts.group");
        String group = s.resource();
        Fixture.CustomerKeys c = s.customer();
        // read/write volume: exactly 500 MB (500,000,000 bytes = 0.5 GB) is all free
        items.report(List.of(record(c, group, "lts.readwrite", "500000000", s.h8(), s.h9())));
        JsonNode exactly = items.lines(c, s.day(), group, "lts.readwrite").get(0);
        assertThat(exactly.path("usage").asString()).isEqualTo("0.5000000000");
        assertThat(exactly.path("freeUsage").asString()).isEqualTo("0.5000000000");
        assertThat(exactly.path("amount").asString()).isEqualTo("0.00000000");
        // one byte more: 0.000000001 GB and none of it free (it costs 0.35 x 10^-9, 0.00000000 at 8 decimals)
        items.report(List.of(record(c, group, "lts.readwrite", "1", at(s.day(), "08:59"), s.h9())));
        JsonNode oneMore = items.lines(c, s.day(), group, "lts.readwrite").get(1);
        assertThat(oneMore.path("usage").asString()).isEqualTo("0.0000000010");
        assertThat(oneMore.path("freeUsage").asString()).isEqualTo("0.0000000000");
        // index volume: 2 GB, 0.5 free, 1.5 x 0.35 = 0.525
        // standard storage in GB-days: 12 GB for an hour = 12 x 3600 / 86,400 = 0.5 GB-days; its free quota is
        // 500 MB stored all month, 0.5 GB x the month's days (14 to 15.5 GB-days), so all of it is free
        items.report(List.of(record(c, group, "lts.index", "2000000000", s.h8(), s.h9()),
                record(c, group, "lts.storage", "12000000000", s.h8(), s.h9())));
        assertThat(items.lines(c, s.day(), group, "lts.index").get(0).path("amount").asString())
                .isEqualTo("0.52500000");
        assertThat(items.lines(c, s.day(), group, "lts.storage").get(0).path("freeUsage").asString())
                .isEqualTo("0.5000000000");

        // the next hour: another GB of read/write beyond the quota (1 x 0.35) and 12 GB stored for another hour,
        // 0.5 GB-days more, 1 GB-day in the month: still free (at least 0.5 x 28 = 14 GB-days are).
        // (This test used to expect the storage billed, 0.5 x 0.001128 = 0.000564, as if the month had only
        // 0.5 GB-days free: that was the defect of a fixed free quota in a per-day price unit.)
        fx.advanceTo(at(s.day(), "10:00"));
        items.report(List.of(record(c, group, "lts.readwrite", "1000000000", s.h9(), at(s.day(), "10:00")),
                record(c, group, "lts.storage", "12000000000", s.h9(), at(s.day(), "10:00"))));
        List<JsonNode> hour9 = fx.feeRecords(c, s.day(), group).stream()
                .filter(l -> l.path("status").asString().equals("UNSETTLED")).toList();
        // read/write: 1 GB beyond the used-up quota, 0 free, 1 x 0.35 = 0.35; storage: 12 GB x 3600 / 86,400 =
        // 0.5 GB-days, all free, 0.00
        assertThat(field(hour9, "freeUsage")).containsExactly("0.0000000000", "0.5000000000");
        assertThat(field(hour9, "amount")).containsExactly("0.35000000", "0.00000000");

        // settled hourly: hour 8 holds read/write (0), index (0.525 -> 0.53) and storage (0); hour 9 read/write
        // (0.35) and storage (0)
        fx.settleThrough(at(s.day(), "10:00"));
        List<JsonNode> settled = fx.feeRecords(c, s.day(), group);
        assertThat(field(settled, "status")).containsOnly("SETTLED");
        assertThat(field(settled, "kind")).containsOnly("USAGE");
        assertThat(field(settled, "chargedAmount")).containsExactlyInAnyOrder("0.00", "0.53", "0.00", "0.35", "0.00");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.12");
    }

    @Test
    void aJobOnTheCustomersOwnPoolAddsNoComputeChargeAndItsDiskStillBills() {
        Setup s = setup();
        Fixture.CustomerKeys c = s.customer();
        String pool = "pool-" + java.util.UUID.randomUUID();
        fx.expect(fx.event("CREATED", pool, c, s.h8(), Map.of("resourceType", "modelarts.pool",
                "specCode", "modelarts.vm.cpu.2u8g", "region", DemoItems.REGION, "nodes", 1)), 201);
        String job = "job-" + java.util.UUID.randomUUID();
        fx.expect(fx.event("CREATED", job, c, s.h8(), Map.of("resourceType", "modelarts.training",
                "specCode", "modelarts.vm.gpu.t4", "region", DemoItems.REGION, "nodes", 2, "poolId", pool)), 201);
        String notebook = "nb-" + java.util.UUID.randomUUID();
        fx.expect(fx.event("CREATED", notebook, c, s.h8(), Map.of("resourceType", "modelarts.notebook",
                "specCode", "modelarts.vm.cpu.2u8g", "region", DemoItems.REGION, "poolId", pool)), 201);

        // refusals write nothing: another customer's pool, a pool id that is no pool, a pool that does not exist
        Fixture.CustomerKeys other = fx.customer();
        Map<String, Long> before = rowCounts();
        Api.Response foreign = fx.event("CREATED", "job-x-" + java.util.UUID.randomUUID(), other, s.h8(),
                Map.of("resourceType", "modelarts.training", "specCode", "modelarts.vm.gpu.t4",
                        "region", DemoItems.REGION, "poolId", pool));
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.code()).isEqualTo("pool-of-another-customer");
        Api.Response notAPool = fx.event("CREATED", "job-y-" + java.util.UUID.randomUUID(), c, s.h8(),
                Map.of("resourceType", "modelarts.training", "specCode", "modelarts.vm.gpu.t4",
                        "region", DemoItems.REGION, "poolId", notebook));
        assertThat(notAPool.code()).isEqualTo("not-a-pool");
        Api.Response missing = fx.event("CREATED", "job-z-" + java.util.UUID.randomUUID(), c, s.h8(),
                Map.of("resourceType", "modelarts.training", "specCode", "modelarts.vm.gpu.t4",
                        "region", DemoItems.REGION, "poolId", "no-such-pool"));
        assertThat(missing.code()).isEqualTo("unknown-pool");
        assertThat(rowCounts()).isEqualTo(before);

        // stopping and starting the job on the pool opens no compute either
        fx.advanceTo(at(s.day(), "08:30"));
        fx.expect(fx.event("STOPPED", job, c, at(s.day(), "08:20"), Map.of()), 201);
        fx.expect(fx.event("STARTED", job, c, at(s.day(), "08:30"), Map.of()), 201);
        fx.settleThrough(s.h9());
        // the pool bills its node for the hour: 0.66; the job (2 x T4 at 6.30 would be 12.60) bills nothing;
        // the notebook bills only its 5 GB disk: 5 x 0.0014 = 0.007. The month: round(0.66 + 0.007 = 0.667) = 0.67;
        // cash 100 - 0.67 = 99.33.
        assertThat(fx.feeRecords(c, s.day(), job)).isEmpty();
        assertThat(field(fx.feeRecords(c, s.day(), pool), "chargedAmount")).containsExactly("0.66");
        List<JsonNode> nb = fx.feeRecords(c, s.day(), notebook);
        assertThat(field(nb, "specCode")).containsExactly("evs.notebook.ssd");
        assertThat(field(nb, "amount")).containsExactly("0.00700000");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.33");
    }

    @Test
    void modelTokensArePricedPerThousandInputAndOutputTokensPerModel() {
        Setup s = setup("maas.service");
        String service = s.resource();
        Fixture.CustomerKeys c = s.customer();
        items.report(List.of(
                record(c, service, "maas.model-deepseek-v3.input", "1234", s.h8(), s.h9()),
                record(c, service, "maas.model-deepseek-v3.output", "5678", s.h8(), s.h9()),
                record(c, service, "maas.model-deepseek-r1.input", "10000", s.h8(), s.h9()),
                record(c, service, "maas.model-deepseek-r1.output", "2500", s.h8(), s.h9())));
        // V3: 1.234 x 0.002 = 0.002468 and 5.678 x 0.008 = 0.045424; R1: 10 x 0.004 = 0.04 and 2.5 x 0.016 = 0.04
        assertThat(field(fx.feeRecords(c, s.day(), service), "amount")).containsExactly("0.00246800", "0.04542400",
                "0.04000000", "0.04000000");
        fx.settleThrough(s.h9());
        // charged: 0.00 + 0.05 + 0.04 + 0.04 = 0.13
        assertThat(sum(fx.feeRecords(c, s.day(), service), "chargedAmount")).isEqualByComparingTo("0.13");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.87");
    }

    @Test
    void blockDisksBillGbHoursByTypeAndANotebooksDiskBillsWhileItIsStopped() {
        Setup s = setup();
        Fixture.CustomerKeys c = s.customer();
        String ssd = "vol-" + java.util.UUID.randomUUID();
        fx.expect(fx.event("CREATED", ssd, c, s.h8(), Map.of("resourceType", "evs.volume", "specCode", "evs.ssd",
                "region", DemoItems.REGION, "sizeGb", 1000)), 201);
        String notebook = "nb-" + java.util.UUID.randomUUID();
        fx.expect(fx.event("CREATED", notebook, c, s.h8(), Map.of("resourceType", "modelarts.notebook", "specCode",
                "modelarts.vm.cpu.2u8g", "region", DemoItems.REGION)), 201);
        fx.advanceTo(at(s.day(), "08:30"));
        fx.expect(fx.event("STOPPED", notebook, c, at(s.day(), "08:30"), Map.of()), 201);
        fx.advanceTo(at(s.day(), "10:00"));
        fx.expect(fx.event("DELETED", ssd, c, at(s.day(), "10:00"), Map.of()), 201);
        fx.expect(fx.event("DELETED", notebook, c, at(s.day(), "10:00"), Map.of()), 201);
        fx.settleThrough(at(s.day(), "10:00"));
        // SSD: 1000 GB x 1 h x 0.000064 = 0.064 an hour; notebook: compute half an hour x 0.66 = 0.33 and its
        // disk 5 GB x 0.0014 = 0.007 an hour. The month's carry runs by hour, resource id ("nb-" before "vol-"),
        // line: 08h 0.33 -> 0.33, +0.007 = 0.337 -> 0.34, +0.064 = 0.401 -> 0.40; 09h +0.007 = 0.408 -> 0.41,
        // +0.064 = 0.472 -> 0.47. SSD charged 0.06, 0.06; disk 0.01, 0.01; in all round(0.472) = 0.47.
        assertThat(field(fx.feeRecords(c, s.day(), ssd), "chargedAmount")).containsExactly("0.06", "0.06");
        List<JsonNode> nb = fx.feeRecords(c, s.day(), notebook);
        assertThat(sum(nb, "chargedAmount").add(sum(fx.feeRecords(c, s.day(), ssd), "chargedAmount")))
                .isEqualByComparingTo("0.47");
        // compute: half an hour x 0.66 = 0.33; disk: 5 GB x 0.0014 = 0.007 an hour, also while stopped
        assertThat(nb.stream().filter(l -> l.path("meter").asString().equals("COMPUTE")).map(l -> l.path("amount")
                .asString()).toList()).containsExactly("0.33000000");
        assertThat(nb.stream().filter(l -> l.path("meter").asString().equals("DISK")).map(l -> l.path("amount")
                .asString()).toList()).containsExactly("0.00700000", "0.00700000");
    }
}
