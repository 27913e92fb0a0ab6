package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.caching.Invalidations;
import io.tollgate.customer.CustomerService;
import io.tollgate.resource.ResourceService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The caches of committed rows stay correct when the rows change (issue 14): a change made through
 * this instance is seen at once; a change committed by another instance (here: plain SQL on another
 * connection, which is what another instance's write is to this one) is seen as soon as the table's
 * trigger announces the commit; a change rolled back is never seen; a transaction sees its own
 * uncommitted writes.
 */
class CommittedCacheIT extends IntegrationTest {
    @Autowired
    Invalidations invalidations;
    @Autowired
    CustomerService customers;
    @Autowired
    ResourceService resources;
    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void listening() throws InterruptedException {
        for (int i = 0; i < 50 && !invalidations.listening(); i++) {
            Thread.sleep(100);
        }
        assertThat(invalidations.listening()).as("the invalidation channel is listened to").isTrue();
    }

    /** Waits (up to 2 s) until {@code check} holds: an announcement arrives a moment after the commit. */
    private static boolean eventually(Supplier<Boolean> check) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (check.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private Api.Response issue(Fixture.CustomerKeys c) {
        return api.post("/api/v1/customers/" + c.id() + "/api-keys", c.adminKey(), Map.of("role", "CUSTOMER_FINANCE"));
    }

    @Test
    void keysRevokedHereOrElsewhereAreRefusedFromTheNextRequest() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        String balance = "/api/v1/customers/" + c.id() + "/balance";
        Api.Response issued = issue(c);
        fx.expect(issued, 201);
        String key = issued.json().path("key").asString();
        long id = issued.json().path("id").asLong();
        assertThat(api.get(balance, key).status()).isEqualTo(200);
        assertThat(api.get(balance, key).status()).as("served from the cache").isEqualTo(200);
        fx.expect(api.delete("/api/v1/customers/" + c.id() + "/api-keys/" + id, c.adminKey()), 204);
        assertThat(api.get(balance, key).status()).isEqualTo(401);

        // another instance revokes a key: a plain update, which the table's trigger announces at the commit
        Api.Response other = issue(c);
        fx.expect(other, 201);
        String otherKey = other.json().path("key").asString();
        assertThat(api.get(balance, otherKey).status()).isEqualTo(200);
        jdbc.update("update customer_api_key set revoked_at = now() where id = ?", other.json().path("id").asLong());
        assertThat(eventually(() -> api.get(balance, otherKey).status() == 401))
                .as("refused once the other instance's commit is announced").isTrue();
        assertThat(api.get(balance, c.adminKey()).status()).as("the other keys are unaffected").isEqualTo(200);
    }

    @Test
    void aResourceFrozenElsewhereRefusesUsageOnceTheCommitIsAnnounced() throws Exception {
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "08:30"));
        Fixture.CustomerKeys c = fx.customer();
        String meter = fx.usageMeter("it.cache.bucket", "request", "1,000 requests", "1000", "0.01", "0");
        String bucket = "cb-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", bucket, c, Fixture.at(day, "08:00"), Map.of("resourceType", "it.cache.bucket",
                "region", Fixture.REGION)), 201);
        assertThat(send(c, bucket, meter, day)).isEqualTo("ACCEPTED");
        assertThat(resources.cached(bucket).orElseThrow().frozen()).isFalse();
        assertThat(resources.cached(bucket).orElseThrow()).as("served from memory, not read again")
                .isSameAs(resources.cached(bucket).orElseThrow());

        // another instance freezes it (plain SQL on another connection, committed)
        jdbc.update("update resource_resource set frozen = true where id = ?", bucket);
        assertThat(eventually(() -> resources.cached(bucket).orElseThrow().frozen())).isTrue();
        assertThat(send(c, bucket, meter, day)).isEqualTo("REFUSED:resource-frozen");

        // a freeze rolled back is never seen; this instance's own change is seen by its transaction at once
        jdbc.update("update resource_resource set frozen = false where id = ?", bucket);
        assertThat(eventually(() -> !resources.cached(bucket).orElseThrow().frozen())).isTrue();
        transactions.executeWithoutResult(s -> {
            resources.freeze(bucket, Fixture.at(day, "08:20"));
            assertThat(resources.cached(bucket).orElseThrow().frozen()).as("its own write").isTrue();
            s.setRollbackOnly();
        });
        assertThat(resources.cached(bucket).orElseThrow().frozen()).isFalse();
        assertThat(send(c, bucket, meter, day)).isEqualTo("ACCEPTED");
    }

    @Test
    void aCustomerChangedElsewhereIsSeenOnceTheCommitIsAnnounced() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        String level = customers.cached(c.id()).orElseThrow().level();
        assertThat(customers.cached(c.id()).orElseThrow()).as("served from memory, not read again")
                .isSameAs(customers.cached(c.id()).orElseThrow());
        jdbc.update("update customer_customer set level = 'VIP-IT' where id = ?", c.id());
        assertThat(eventually(() -> customers.cached(c.id()).orElseThrow().level().equals("VIP-IT"))).isTrue();
        // and back
        jdbc.update("update customer_customer set level = ? where id = ?", level, c.id());
        assertThat(eventually(() -> customers.cached(c.id()).orElseThrow().level().equals(level))).isTrue();
    }

    private String send(Fixture.CustomerKeys c, String bucket, String meter, Instant day) {
        Api.Response r = api.post("/api/v1/platform/usage-records", PLATFORM_KEY, Map.of("records", List.of(
                Map.of("recordId", "cr-" + UUID.randomUUID(), "customerId", c.id(), "resourceId", bucket, "meter", meter,
                        "quantity", "100", "windowStart", Fixture.at(day, "08:00").toString(),
                        "windowEnd", Fixture.at(day, "08:10").toString()))));
        fx.expect(r, 200);
        var result = r.json().path("results").get(0);
        return result.path("status").asString() + (result.path("code").isMissingNode() || result.path("code").isNull()
                ? "" : ":" + result.path("code").asString());
    }
}
