package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint checks the role and the customer scope of the key. */
class AccessIT extends IntegrationTest {

    private record Call(String method, String path, String body) {
    }

    private List<Call> customerEndpoints(String customerId, String resourceId) {
        String base = "/api/v1/customers/" + customerId;
        return List.of(
                new Call("GET", base, null),
                new Call("GET", base + "/balance", null),
                new Call("POST", base + "/top-ups", "{\"amount\":\"1.00\"}"),
                new Call("GET", base + "/transactions", null),
                new Call("GET", base + "/bills/detail", null),
                new Call("GET", base + "/resources", null),
                new Call("GET", base + "/resources/" + resourceId, null),
                new Call("POST", base + "/api-keys", "{\"role\":\"CUSTOMER_FINANCE\"}"));
    }

    private Api.Response call(Call c, String key) {
        HttpRequest.Builder b = api.builder(c.path(), key).header("Content-Type", "application/json")
                .header("Idempotency-Key", "access-" + java.util.UUID.randomUUID());
        b = c.body() == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(c.body()));
        return api.send(b.build());
    }

    @Test
    void eachCustomerEndpointRefusesAForeignCustomersKeyAndWritesNothing() {
        Fixture.CustomerKeys owner = fx.customer();
        Fixture.CustomerKeys stranger = fx.customer();
        String spec = fx.computeSpec("1.00");
        fx.advanceTo(fx.nextDay());
        String r = fx.create(owner, "it.compute", spec, 1, clock.instant());
        Map<String, Long> before = rowCounts();
        for (Call c : customerEndpoints(owner.id(), r)) {
            for (String key : List.of(stranger.adminKey(), stranger.financeKey())) {
                Api.Response resp = call(c, key);
                assertThat(resp.status()).as(c + " with a foreign key: " + resp.body()).isEqualTo(403);
                assertThat(resp.code()).isEqualTo("customer-scope");
                assertThat(resp.contentType()).startsWith("application/problem+json");
            }
            Api.Response anonymous = call(c, null);
            assertThat(anonymous.status()).as(c + " without a key").isEqualTo(401);
            assertThat(call(c, "tg_not_a_real_key_123").status()).isEqualTo(401);
        }
        assertThat(rowCounts()).isEqualTo(before);
        // The owner's keys work (reads for finance, writes for admin only).
        for (Call c : customerEndpoints(owner.id(), r)) {
            Api.Response resp = call(c, c.method().equals("GET") ? owner.financeKey() : owner.adminKey());
            assertThat(resp.status()).as(c + ": " + resp.body()).isBetween(200, 201);
        }
        fx.expect(fx.event("DELETED", r, owner, clock.instant(), Map.of()), 201);
    }

    @Test
    void financeKeysAreReadOnlyAndCustomerKeysCannotActAsOperatorOrPlatform() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Long> before = rowCounts();
        assertThat(call(new Call("POST", "/api/v1/customers/" + c.id() + "/top-ups", "{\"amount\":\"5.00\"}"),
                c.financeKey()).status()).isEqualTo(403);
        List<Call> privileged = List.of(
                new Call("POST", "/api/v1/customers", "{\"id\":\"x-" + c.id() + "\",\"currency\":\"CNY\"}"),
                new Call("POST", "/api/v1/api-keys", "{\"role\":\"OPERATOR\"}"),
                new Call("POST", "/api/v1/catalog/specs", "{\"code\":\"x.y\",\"serviceType\":\"it\",\"kind\":\"COMPUTE\",\"name\":\"x\"}"),
                new Call("POST", "/api/v1/catalog/prices", "{}"),
                new Call("POST", "/api/v1/catalog/service-types", "{\"code\":\"zz\"}"),
                new Call("POST", "/api/v1/catalog/resource-types", "{}"),
                new Call("POST", "/api/v1/clock/advance", "{\"by\":\"PT1H\"}"),
                new Call("POST", "/api/v1/platform/resource-events", "{\"eventId\":\"e1\",\"type\":\"CREATED\","
                        + "\"resourceId\":\"r1\",\"customerId\":\"" + c.id() + "\",\"occurredAt\":\""
                        + Instant.now().minusSeconds(60) + "\"}"));
        for (Call call : privileged) {
            for (String key : List.of(c.adminKey(), c.financeKey())) {
                Api.Response resp = call(call, key);
                assertThat(resp.status()).as(call + ": " + resp.body()).isEqualTo(403);
                assertThat(resp.code()).isEqualTo("role-not-allowed");
            }
        }
        // The platform reports events but does not run the catalog, the clock or customers' money.
        for (Call call : List.of(privileged.get(0), privileged.get(2), privileged.get(6))) {
            assertThat(call(call, PLATFORM_KEY).status()).isEqualTo(403);
        }
        assertThat(call(new Call("POST", "/api/v1/customers/" + c.id() + "/top-ups", "{\"amount\":\"5.00\"}"),
                PLATFORM_KEY).status()).isEqualTo(403);
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void chosenKeysNeedEntropyAndDemoKeysAreRefusedOutsideDemoMode() {
        for (String weak : List.of("tg_short_key", "tg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tg_demo_operator_key")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> customers.registerKey(weak,
                            io.tollgate.customer.Role.OPERATOR, null, "weak"))
                    .as(weak).isInstanceOf(io.tollgate.shared.Failure.class)
                    .extracting(e -> ((io.tollgate.shared.Failure) e).code()).isEqualTo("weak-key");
        }
        // This context runs with demo mode off: a demo key seeded earlier must not work.
        String demoKey = "tg_demo_key_" + java.util.UUID.randomUUID();
        customers.registerDemoKey(demoKey, io.tollgate.customer.Role.OPERATOR, null, "demo operator");
        Api.Response demo = api.get("/api/v1/customers", demoKey);
        assertThat(demo.status()).isEqualTo(401);
        assertThat(demo.code()).isEqualTo("key-demo-only");
        Api.Response unknown = api.get("/api/v1/customers", "tg_" + java.util.UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.code()).isEqualTo("key-unknown");
        Api.Response missing = api.get("/api/v1/customers", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.code()).isEqualTo("key-missing");
        assertThat(api.get("/api/v1/customers", OPERATOR_KEY).status()).isEqualTo(200);
    }

    @Test
    void keysCanBeRevokedAndExpire() {
        Fixture.CustomerKeys c = fx.customer();
        String base = "/api/v1/customers/" + c.id();
        Api.Response issued = api.post(base + "/api-keys", c.adminKey(), Map.of("role", "CUSTOMER_FINANCE"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String key = issued.json().path("key").asString();
        long id = issued.json().path("id").asLong();
        assertThat(api.get(base + "/balance", key).status()).isEqualTo(200);
        Api.Response foreign = api.send(api.builder(base + "/api-keys/" + id, fx.customer().adminKey()).DELETE().build());
        assertThat(foreign.status()).isEqualTo(403);
        Api.Response revoked = api.send(api.builder(base + "/api-keys/" + id, c.adminKey()).DELETE().build());
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        Api.Response afterRevoke = api.get(base + "/balance", key);
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.code()).isEqualTo("key-revoked");
        Api.Response again = api.send(api.builder("/api/v1/api-keys/" + id, OPERATOR_KEY).DELETE().build());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("unknown-key");

        Instant expiry = clock.instant().plus(java.time.Duration.ofHours(1));
        Api.Response expiring = api.post("/api/v1/api-keys", OPERATOR_KEY,
                Map.of("role", "PLATFORM", "label", "expiring", "expiresAt", expiry.toString()));
        assertThat(expiring.status()).as(expiring.body()).isEqualTo(201);
        String platformKey = expiring.json().path("key").asString();
        assertThat(api.get("/api/v1/platform/events?limit=1", platformKey).status()).isEqualTo(200);
        fx.advanceTo(expiry);
        Api.Response afterExpiry = api.get("/api/v1/platform/events?limit=1", platformKey);
        assertThat(afterExpiry.status()).isEqualTo(401);
        assertThat(afterExpiry.code()).isEqualTo("key-expired");
        Api.Response past = api.post("/api/v1/api-keys", OPERATOR_KEY,
                Map.of("role", "PLATFORM", "expiresAt", clock.instant().minusSeconds(1).toString()));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.code()).isEqualTo("key-expiry-in-past");
    }
}
