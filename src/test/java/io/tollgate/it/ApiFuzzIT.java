package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A seeded fuzzer over every operation of the served OpenAPI document: it builds a plausible
 * request from each operation's schema, mutates it (wrong types, missing fields, huge and negative
 * numbers, 20 decimals, long strings, bad dates, deep nesting, wrong content types, empty bodies,
 * NUL characters, path and query tricks) and sends it with valid and invalid keys. No answer may be
 * a 5xx, and a refused request (4xx) must write no row. Replay a failure with
 * {@code -Dtollgate.fuzz.seed=<seed printed in the message>}.
 */
class ApiFuzzIT extends IntegrationTest {
    private static final int REQUESTS = 3000;
    private static final Duration BUDGET = Duration.ofSeconds(50);
    /** Advancing the shared clock by random amounts would settle every other test's resources. */
    private static final String CLOCK_ADVANCE = "/api/v1/clock/advance";

    private record Operation(String method, String path, JsonNode op) {
    }

    private record Request(String method, String target, String key, String contentType, String body) {
        @Override
        public String toString() {
            String b = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return method + " " + target + " [" + contentType + "] " + b.replace("\u0000", "\\u0000");
        }
    }

    private JsonNode docs;
    private Random random;
    private Fixture.CustomerKeys customer;

    @Test
    void noMutatedRequestGetsA5xxOrWritesWhenRefused() {
        long seed = Long.getLong("tollgate.fuzz.seed", System.nanoTime());
        random = new Random(seed);
        docs = api.get("/v3/api-docs", null).json();
        customer = fx.customer();
        fx.expect(fx.topUp(customer, "50.00"), 201);
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").properties().iterator(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().properties().iterator(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> o = ops.next();
                operations.add(new Operation(o.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey(), o.getValue()));
            }
        }
        assertThat(operations).hasSizeGreaterThan(40);
        String counter = countQuery();
        Map<String, Long> counts = counts(counter);
        Instant deadline = Instant.now().plus(BUDGET);
        int sent = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < REQUESTS && Instant.now().isBefore(deadline); i++) {
            // Every operation first, then at random.
            Operation op = i < operations.size() ? operations.get(i) : operations.get(random.nextInt(operations.size()));
            Request request = mutate(op);
            Api.Response response = api.raw(request.method(), request.target(), request.key(), request.contentType(),
                    request.body());
            sent++;
            statuses.merge(response.status(), 1, Integer::sum);
            assertThat(response.status()).as("seed %d, request %d: %s -> %s", seed, i, request, response.body())
                    .isLessThan(500);
            Map<String, Long> after = counts(counter);
            if (response.status() >= 400) {
                assertThat(after).as("seed %d, request %d refused with %d wrote rows: %s", seed, i, response.status(),
                        request).isEqualTo(counts);
            }
            counts = after;
        }
        System.out.printf("ApiFuzzIT: seed %d, %d requests over %d operations in %s, statuses %s%n", seed, sent,
                operations.size(), Duration.between(deadline.minus(BUDGET), Instant.now()), statuses);
        assertThat(sent).as("seed %d", seed).isGreaterThan(operations.size());
    }

    // ---- row counts -------------------------------------------------------------------------------------------

    private String countQuery() {
        List<String> tables = jdbc.queryForList("select tablename from pg_tables where schemaname = current_schema() "
                + "and tablename <> 'flyway_schema_history' order by tablename", String.class);
        return String.join(" union all ", tables.stream()
                .map(t -> "select '" + t + "' as t, count(*) as n from " + t).toList());
    }

    private Map<String, Long> counts(String query) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(query, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    /**
     * Revoking API keys with the shared operator or platform key could revoke the keys every other
     * test uses (key ids are small numbers): those operations are fuzzed with the fuzz customer's keys.
     */
    private static boolean isKeyRevocation(Operation op) {
        return op.method().equalsIgnoreCase("DELETE") && op.path().contains("api-keys");
    }

    private Request mutate(Operation op) {
        String key = pick(OPERATOR_KEY, PLATFORM_KEY, customer.adminKey(), customer.financeKey(), OPERATOR_KEY,
                PLATFORM_KEY, customer.adminKey(), "tg_wrong_" + random.nextInt(1000), null);
        if ((op.path().equals(CLOCK_ADVANCE) || isKeyRevocation(op)) && key != null && key.startsWith("tg_it_")) {
            key = customer.financeKey();
        }
        String target = target(op);
        JsonNode bodySchema = op.op().path("requestBody").path("content").path("application/json").path("schema");
        boolean hasBody = !bodySchema.isMissingNode();
        String contentType = hasBody || random.nextInt(4) == 0 ? "application/json" : null;
        String body = hasBody ? Api.json(value(bodySchema, 0)) : null;
        switch (random.nextInt(16)) {
            case 0, 1, 2 -> { } // the plausible request as built
            case 3 -> body = hasBody ? Api.json(mutateTree(value(bodySchema, 0), this::dropField)) : body;
            case 4 -> body = Api.json(mutateTree(hasBody ? value(bodySchema, 0) : Map.of(), v -> wrongType()));
            case 5 -> body = Api.json(mutateTree(hasBody ? value(bodySchema, 0) : Map.of(), v -> pick(
                    "1e400", 1e300, -1, -999999999999L, new java.math.BigInteger("9".repeat(40)), 0, Long.MIN_VALUE,
                    "-0.00", "99999999999999999999.99")));
            case 6 -> body = Api.json(mutateTree(hasBody ? value(bodySchema, 0) : Map.of(), v -> pick(
                    "1.12345678901234567890", "0.00000000000000000001", "1e5", "NaN", "Infinity", " 1.00", "1,00")));
            case 7 -> body = Api.json(mutateTree(hasBody ? value(bodySchema, 0) : Map.of(), v -> "x".repeat(
                    1 + random.nextInt(20_000))));
            case 8 -> body = Api.json(mutateTree(hasBody ? value(bodySchema, 0) : Map.of(), v -> pick(
                    "2024-13-45T99:00:00Z", "yesterday", "2024-02-30", "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z", "2024-05-31T23:59:59+25:00", "P-1D", "PT99999999999H", "")));
            case 9 -> body = "[".repeat(3000 + random.nextInt(2000)) + "]".repeat(10);
            case 10 -> body = Api.json(mutateTree(hasBody ? value(bodySchema, 0) : Map.of(), v -> v instanceof String s
                    ? s + "\u0000" : "\u0000\u0001\u001f"));
            case 11 -> contentType = pick("text/plain", "application/xml", "multipart/form-data; boundary=zz",
                    "multipart/form-data", "application/x-www-form-urlencoded", "application/json; charset=bogus",
                    "*/*", "application/json;;;");
            case 12 -> body = pick("", "null", "[]", "{}", "[null]", "\"text\"", "42", "{\"a\":", "\u0000",
                    "{\"records\":[null]}", "{\"tiers\":[null]}");
            case 13 -> target = pathTrick(target);
            case 14 -> target = target + (target.contains("?") ? "&" : "?") + pick("limit=-1", "limit=99999999999",
                    "cursor=%zz", "month=%", "month=2024-00", "limit=%E0%A4%A", "cursor=" + "A".repeat(5000),
                    "customerId=%00", "month=2024-5");
            default -> body = Api.json(mutateTree(hasBody ? value(bodySchema, 0) : Map.of(), v -> pick(
                    Map.of("nested", List.of(Map.of())), java.util.Arrays.asList(1, "a", null), true, null)));
        }
        if (body != null && contentType == null) {
            contentType = "application/json";
        }
        return new Request(op.method(), target, key, contentType, body);
    }

    private String target(Operation op) {
        String path = op.path();
        for (JsonNode p : op.op().path("parameters")) {
            String name = p.path("name").asString();
            if (p.path("in").asString().equals("path")) {
                String value = name.equals("customerId") && random.nextInt(4) != 0 ? customer.id()
                        : pick("x", "r-" + random.nextInt(100), "nobody", "%00", "a%2Fb", "..", "%2e%2e", "%zz",
                        "x".repeat(300), "\u00e9", "PAY_PER_USE", "VIP", "1");
                path = path.replace("{" + name + "}", value.replace("\u00e9", "%C3%A9"));
            }
        }
        StringBuilder query = new StringBuilder();
        for (JsonNode p : op.op().path("parameters")) {
            if (p.path("in").asString().equals("query") && random.nextBoolean()) {
                Object v = value(p.path("schema"), 0);
                query.append(query.isEmpty() ? "?" : "&").append(p.path("name").asString()).append('=')
                        .append(java.net.URLEncoder.encode(String.valueOf(v), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return path + query;
    }

    private String pathTrick(String target) {
        return switch (random.nextInt(8)) {
            case 0 -> target.replaceFirst("^/api", "/%61pi");
            case 1 -> target.replaceFirst("^/api", "/api;x=1");
            case 2 -> target.replaceFirst("/v1", "/v1;jsessionid=1");
            case 3 -> "/v3/api-docs/../.." + target;
            case 4 -> "/swagger-ui/..;" + target;
            case 5 -> target.replaceFirst("/v1/", "/v1//");
            case 6 -> target + "/%00";
            default -> target.replace("/", "/./");
        };
    }

    // ---- values from schemas ----------------------------------------------------------------------------------

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.isEmpty() ? schema : docs.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private Object value(JsonNode raw, int depth) {
        JsonNode schema = resolve(raw);
        if (schema.has("enum")) {
            JsonNode e = schema.path("enum");
            return e.get(random.nextInt(e.size())).asString();
        }
        String type = schema.path("type").asString(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                if (depth < 4) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").properties().iterator();
                         it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        m.put(f.getKey(), value(f.getValue(), depth + 1));
                    }
                    if (schema.path("additionalProperties").isObject()) {
                        m.put("k" + random.nextInt(5), value(schema.path("additionalProperties"), depth + 1));
                    }
                }
                yield m;
            }
            case "array" -> {
                List<Object> l = new ArrayList<>();
                int n = depth < 4 ? 1 + random.nextInt(3) : 0;
                for (int i = 0; i < n; i++) {
                    l.add(value(schema.path("items"), depth + 1));
                }
                yield l;
            }
            case "integer" -> pick(1, 2, 10, 0, 500);
            case "number" -> pick(1, 0.5, 100);
            case "boolean" -> random.nextBoolean();
            default -> switch (schema.path("format").asString("")) {
                case "date-time" -> clock.instant().minusSeconds(random.nextInt(7200)).toString();
                case "date" -> clock.instant().atZone(Fixture.ZONE).toLocalDate().toString();
                default -> pick("1.00", "10", "it-region-1", "CNY", customer.id(), "x-" + random.nextInt(1000),
                        "PT1H", "P1D", "it.compute", "modelarts.vm.gpu.a100.1-7", "2030-01", "0.5");
            };
        };
    }

    /** Replaces one value somewhere in the tree (or the whole body when it is not an object). */
    @SuppressWarnings("unchecked")
    private Object mutateTree(Object tree, java.util.function.UnaryOperator<Object> change) {
        if (tree instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            String k = new ArrayList<>(copy.keySet()).get(random.nextInt(copy.size()));
            Object v = copy.get(k);
            copy.put(k, (v instanceof Map || v instanceof List) && random.nextBoolean() ? mutateTree(v, change)
                    : change.apply(v));
            return copy;
        }
        if (tree instanceof List<?> list && !list.isEmpty()) {
            List<Object> copy = new ArrayList<>(list);
            int i = random.nextInt(copy.size());
            copy.set(i, random.nextBoolean() ? mutateTree(copy.get(i), change) : change.apply(copy.get(i)));
            return copy;
        }
        return change.apply(tree);
    }

    private Object dropField(Object ignored) {
        return null;
    }

    private Object wrongType() {
        return pick(12345, -7, true, List.of("a"), Map.of("x", 1), "not-a-value", 3.14);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
