package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.customer.KeyCache;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The API-key cache stays correct when keys change (issue 14): a revocation through the API is
 * refused at once on the next request; a revocation committed by another instance (its update and
 * NOTIFY in one transaction, as CustomerStore.revokeKey does) is refused here as soon as the commit
 * is announced; a key created after the cache was filled works at once.
 */
class KeyCacheIT extends IntegrationTest {
    @Autowired
    KeyCache cache;

    private Api.Response issue(Fixture.CustomerKeys c) {
        return api.post("/api/v1/customers/" + c.id() + "/api-keys", c.adminKey(), Map.of("role", "CUSTOMER_FINANCE"));
    }

    @Test
    void revocationsHereAndElsewhereAreRefusedFromTheNextRequest() throws Exception {
        for (int i = 0; i < 50 && !cache.listening(); i++) {
            Thread.sleep(100);
        }
        assertThat(cache.listening()).as("the invalidation channel is listened to").isTrue();
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

        // another instance revokes a key: its update and NOTIFY commit together; this one drops the key
        Api.Response other = issue(c);
        fx.expect(other, 201);
        String otherKey = other.json().path("key").asString();
        assertThat(api.get(balance, otherKey).status()).isEqualTo(200);
        transactions.executeWithoutResult(s -> {
            String hash = jdbc.queryForObject("update customer_api_key set revoked_at = now() where id = ? "
                    + "returning key_hash", String.class, other.json().path("id").asLong());
            jdbc.queryForList("select pg_notify('tollgate_api_keys', ?)", Object.class, hash);
        });
        int status = 200;
        for (int i = 0; i < 50 && status == 200; i++) {
            status = api.get(balance, otherKey).status();
            if (status == 200) {
                Thread.sleep(20);
            }
        }
        assertThat(status).as("refused once the other instance's commit is announced").isEqualTo(401);
        assertThat(api.get(balance, c.adminKey()).status()).as("the other keys are unaffected").isEqualTo(200);
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;
}
