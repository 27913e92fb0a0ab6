package io.tollgate.metering.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.it.Api;
import io.tollgate.it.Fixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test data for usage over Kafka: a resource type billed only by usage records, a COUNT meter on
 * it (1,000 calls a price unit, 0.50 CNY each), customers with 100 CNY and one resource each,
 * and usage records of 250 calls (0.25 units) in one window of an hour that has passed. Record ids share a prefix unique to the
 * world, so the database counts below see this test's rows only.
 */
final class UsageWorld {
    static final BigDecimal UNITS_PER_RECORD = new BigDecimal("0.25");

    record Customer(String id, String resourceId) {
    }

    final String meter;
    /** A meter of another resource type: records naming it for a compute resource are refused. */
    final String volumeMeter;
    final List<Customer> customers = new ArrayList<>();
    final Instant windowStart;
    final Instant windowEnd;
    private final String prefix = "kafka-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    UsageWorld(Api api, Fixture fx, JdbcTemplate jdbc, JsonMapper json, int customerCount) {
        this.jdbc = jdbc;
        this.json = json;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String type = "it.kafka.endpoint." + suffix;
        meter = "it.kafka.calls." + suffix;
        volumeMeter = "it.kafka.volume." + suffix;
        created(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType", "it-evs",
                "name", "test endpoint billed by calls", "metering", "USAGE", "specKind", "STORAGE")));
        created(api.post("/api/v1/catalog/meters", fx.operatorKey, meter(meter, type)));
        created(api.post("/api/v1/catalog/meters", fx.operatorKey, meter(volumeMeter, "it.volume")));
        created(api.post("/api/v1/catalog/meter-prices", fx.operatorKey, Map.of("meterCode", meter, "region",
                Fixture.REGION, "currency", "CNY", "model", "FLAT", "tiers", List.of(Map.of("unitPrice", "0.50")),
                "effectiveFrom", "2029-01-01T00:00:00Z")));
        Instant start = fx.nextDay().plus(Duration.ofHours(1));
        fx.advanceTo(start);
        for (int i = 0; i < customerCount; i++) {
            // Enough money for every record the tests send, so that no customer falls into arrears.
            Fixture.CustomerKeys c = fx.customer();
            fx.expect(fx.topUp(c, "100.00"), 201);
            String resource = "ep-" + UUID.randomUUID();
            fx.expect(fx.event("CREATED", resource, c, start, Map.of("resourceType", type, "region", Fixture.REGION)),
                    201);
            customers.add(new Customer(c.id(), resource));
        }
        windowStart = start.plus(Duration.ofMinutes(10));
        windowEnd = start.plus(Duration.ofMinutes(20));
        fx.advanceTo(start.plus(Duration.ofMinutes(50)));
    }

    private static Map<String, Object> meter(String code, String resourceType) {
        return Map.of("code", code, "resourceType", resourceType, "name", "kafka test calls", "quantityUnit", "call",
                "priceUnit", "1k calls", "measure", "COUNT", "unitSize", "1000", "roundUpHours", false);
    }

    private static void created(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    String recordId(int n) {
        return prefix + n;
    }

    Customer customerOf(int n) {
        return customers.get(n % customers.size());
    }

    /** The fields of valid record {@code n}, to send as they are or to spoil. */
    Map<String, Object> fields(int n) {
        Customer c = customerOf(n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", recordId(n));
        m.put("customerId", c.id());
        m.put("resourceId", c.resourceId());
        m.put("meter", meter);
        m.put("quantity", "250");
        m.put("windowStart", windowStart.toString());
        m.put("windowEnd", windowEnd.toString());
        m.put("attributes", Map.of("endpointId", "ep-" + (n % 3)));
        return m;
    }

    byte[] json(Map<String, Object> fields) {
        return json.writeValueAsBytes(fields);
    }

    /** Record {@code n} keyed by its customer, on the partition of that customer (index modulo the partitions). */
    ProducerRecord<String, byte[]> message(String topic, int n) {
        return message(topic, n, json(fields(n)));
    }

    ProducerRecord<String, byte[]> message(String topic, int n, byte[] value) {
        int partition = (n % customers.size()) % KafkaBroker.PARTITIONS;
        return new ProducerRecord<>(topic, partition, customerOf(n).id(), value);
    }

    List<ProducerRecord<String, byte[]>> messages(String topic, int from, int toExclusive) {
        List<ProducerRecord<String, byte[]>> list = new ArrayList<>();
        for (int n = from; n < toExclusive; n++) {
            list.add(message(topic, n));
        }
        return list;
    }

    /** Rows in metering_record of this world. */
    long storedRecords() {
        return jdbc.queryForObject("select count(*) from metering_record where record_id like ?", Long.class,
                prefix + "%");
    }

    /** Usage lines of this world, and how many distinct records they rate. */
    long[] lines() {
        Map<String, Object> row = jdbc.queryForMap("select count(*) as n, count(distinct record_id) as d "
                + "from metering_usage_line where record_id like ?", prefix + "%");
        return new long[] {((Number) row.get("n")).longValue(), ((Number) row.get("d")).longValue()};
    }

    /** The month's counted usage of the meter over all customers, in price units. */
    BigDecimal monthUsed() {
        BigDecimal used = jdbc.queryForObject("select coalesce(sum(used), 0) from metering_month_usage where meter = ?",
                BigDecimal.class, meter);
        return used.stripTrailingZeros();
    }

    /** Checks that records 0..n-1 are each stored, rated and counted exactly once. */
    void assertCountedOnce(int n) {
        assertThat(storedRecords()).as("records stored").isEqualTo(n);
        assertThat(lines()).as("usage lines and distinct records in them").containsExactly(n, n);
        assertThat(monthUsed()).as("month usage counted")
                .isEqualByComparingTo(UNITS_PER_RECORD.multiply(BigDecimal.valueOf(n)));
    }
}
