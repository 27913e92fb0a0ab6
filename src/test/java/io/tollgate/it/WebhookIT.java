package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.notify.OutboxService;
import io.tollgate.notify.webhook.WebhookDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Webhook delivery (issue 11 part 1, docs/notifications.md) against receivers started here that
 * verify the signature with their own HMAC: retries with the same id and the back-off, secret
 * rotation, dead letters and replay, one subject's order under retries, a slow endpoint beside a
 * fast one. The passes are run by the test (no background jobs in tests); the clock is moved by hand.
 */
class WebhookIT extends IntegrationTest {
    private static final String BASE = "/api/v1/platform/webhooks";
    @Autowired
    WebhookDispatcher dispatcher;
    @Autowired
    OutboxService outbox;
    @Autowired
    TransactionTemplate transactions;
    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<Long> endpoints = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void disableEndpoints() {
        for (long id : endpoints) {
            api.send(api.builder(BASE + "/endpoints/" + id, OPERATOR_KEY).header("Content-Type", "application/json")
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build());
        }
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void anEventFailingTwiceIsSentThreeTimesWithTheSameIdAndSignatureUntilItIsDelivered() throws Exception {
        WebhookReceiver r = receiver();
        r.answer = (id, before) -> before < 2 ? 500 : 204;
        JsonNode ep = register(r, List.of("test."), null);
        String secret = ep.path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        String id = event("test.ping", "s1", Map.of("amount", "12.50"));

        assertThat(dispatcher.passAndWait()).isEqualTo(1);
        JsonNode d = delivery(ep, id);
        assertThat(d.path("state").asString()).isEqualTo("PENDING");
        assertThat(d.path("attempts").asInt()).isEqualTo(1);
        assertThat(d.path("lastStatus").asInt()).isEqualTo(500);
        // first back-off: 10 s, jittered to between 5 and 10 s after the failure
        assertThat(instant(d, "nextAttemptAt")).isBetween(clock.instant().plusSeconds(5), clock.instant().plusSeconds(10));
        assertThat(dispatcher.passAndWait()).as("not due yet").isZero();

        clock.advanceBy(Duration.ofSeconds(10));
        assertThat(dispatcher.passAndWait()).isEqualTo(1);
        d = delivery(ep, id);
        assertThat(d.path("attempts").asInt()).isEqualTo(2);
        // second back-off: 20 s, jittered to between 10 and 20 s
        assertThat(instant(d, "nextAttemptAt")).isBetween(clock.instant().plusSeconds(10), clock.instant().plusSeconds(20));

        clock.advanceBy(Duration.ofSeconds(20));
        assertThat(dispatcher.passAndWait()).isEqualTo(1);
        assertThat(delivery(ep, id).path("state").asString()).isEqualTo("DELIVERED");
        assertThat(dispatcher.passAndWait()).isZero();

        List<WebhookReceiver.Received> got = r.received();
        assertThat(got).hasSize(3).allSatisfy(x -> {
            assertThat(x.id()).isEqualTo(id);
            assertThat(WebhookReceiver.signedWith(x, secret)).isTrue();
            assertThat(Math.abs(Long.parseLong(x.timestamp()) - Instant.now().getEpochSecond())).isLessThan(300);
            assertThat(x.text()).isEqualTo(got.get(0).text());
        });
        assertThat(got).extracting(WebhookReceiver.Received::status).containsExactly(500, 500, 204);
        assertThat(r.processedTimes(id)).isEqualTo(1);
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(got.get(0).body());
        assertThat(body.path("id").asString()).isEqualTo(id);
        assertThat(body.path("type").asString()).isEqualTo("test.ping");
        assertThat(body.path("customerId").asString()).isEqualTo("cust-" + run);
        assertThat(body.path("subjectId").asString()).isEqualTo("s1-" + run);
        assertThat(body.path("data").path("amount").asString()).isEqualTo("12.50");

        JsonNode detail = api.get(BASE + "/deliveries/" + d.path("id").asLong(), OPERATOR_KEY).json();
        List<String> outcomes = new ArrayList<>();
        detail.path("attempts").forEach(a -> outcomes.add(a.path("attempt").asInt() + " " + a.path("outcome").asString()
                + " " + a.path("statusCode").asInt()));
        assertThat(outcomes).containsExactly("1 FAILED 500", "2 FAILED 500", "3 DELIVERED 204");
    }

    @Test
    void duringARotationBothSecretsSignAndAfterTheOverlapOnlyTheNewOne() throws Exception {
        WebhookReceiver r = receiver();
        String oldSecret = secret(1);
        String newSecret = secret(2);
        JsonNode ep = register(r, List.of("test."), oldSecret);
        JsonNode rotated = api.post(BASE + "/endpoints/" + ep.path("endpoint").path("id").asLong() + "/rotate-secret",
                OPERATOR_KEY, Map.of("secret", newSecret, "overlap", "PT1H")).json();
        assertThat(rotated.path("secret").asString()).isEqualTo(newSecret);
        assertThat(instant(rotated.path("endpoint"), "previousSecretSignsUntil")).isEqualTo(clock.instant().plusSeconds(3600));

        event("test.ping", "s1", Map.of());
        dispatcher.passAndWait();
        WebhookReceiver.Received during = r.received().get(0);
        assertThat(during.signature().split(" ")).hasSize(2);
        assertThat(WebhookReceiver.signedWith(during, oldSecret)).isTrue();
        assertThat(WebhookReceiver.signedWith(during, newSecret)).isTrue();

        clock.advanceBy(Duration.ofMinutes(61));
        event("test.ping", "s2", Map.of());
        dispatcher.passAndWait();
        WebhookReceiver.Received after = r.received().get(1);
        assertThat(after.signature().split(" ")).hasSize(1);
        assertThat(WebhookReceiver.signedWith(after, newSecret)).isTrue();
        assertThat(WebhookReceiver.signedWith(after, oldSecret)).isFalse();
        assertThat(WebhookReceiver.signedWith(after, secret(3))).isFalse();
    }

    @Test
    void anEventRefusedForADayIsDeadLetteredHoldsBackItsSubjectAndIsReplayedInOrder() throws Exception {
        WebhookReceiver r = receiver();
        r.answer = (id, before) -> 503;
        JsonNode ep = register(r, List.of("lifecycle."), null);
        long endpointId = ep.path("endpoint").path("id").asLong();
        String frozen = event("lifecycle.frozen", "res-a", Map.of("state", "FROZEN"));
        String released = event("lifecycle.released", "res-a", Map.of("state", "RELEASED"));
        Instant firstDue = clock.instant();
        dispatcher.fanOut();
        int passes = 0;
        while (!delivery(ep, frozen).path("state").asString().equals("DEAD") && passes++ < 60) {
            dispatcher.passAndWait();
            clock.advanceBy(Duration.ofHours(1));
        }
        JsonNode dead = delivery(ep, frozen);
        assertThat(dead.path("state").asString()).isEqualTo("DEAD");
        JsonNode attempts = api.get(BASE + "/deliveries/" + dead.path("id").asLong(), OPERATOR_KEY).json()
                .path("attempts");
        // retried for at least 24 hours: the last attempt came 24 hours or more after it fell due
        Instant last = instant(attempts.get(attempts.size() - 1), "attemptedAt");
        assertThat(last).isAfterOrEqualTo(firstDue.plus(Duration.ofHours(24)));
        assertThat(instant(attempts.get(attempts.size() - 2), "attemptedAt"))
                .isBefore(firstDue.plus(Duration.ofHours(24)));
        // the release waited behind the freeze: never sent
        JsonNode waiting = delivery(ep, released);
        assertThat(waiting.path("state").asString()).isEqualTo("PENDING");
        assertThat(waiting.path("attempts").asInt()).isZero();
        assertThat(r.received()).extracting(WebhookReceiver.Received::id).containsOnly(frozen);
        JsonNode failures = api.get(BASE + "/deliveries?state=DEAD&endpointId=" + endpointId, OPERATOR_KEY).json();
        assertThat(failures.path("items")).hasSize(1);
        assertThat(failures.path("items").get(0).path("eventId").asString()).isEqualTo(frozen);

        r.answer = (id, before) -> 200;
        Api.Response notDead = api.post(BASE + "/deliveries/" + waiting.path("id").asLong() + "/replay", OPERATOR_KEY,
                Map.of());
        assertThat(notDead.status()).isEqualTo(409);
        assertThat(notDead.code()).isEqualTo("delivery-not-dead");
        Api.Response replayed = api.post(BASE + "/deliveries/" + dead.path("id").asLong() + "/replay", OPERATOR_KEY,
                Map.of());
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.json().path("state").asString()).isEqualTo("PENDING");
        dispatcher.passAndWait();
        List<WebhookReceiver.Received> got = r.received();
        assertThat(got.subList(got.size() - 2, got.size())).extracting(WebhookReceiver.Received::id)
                .containsExactly(frozen, released);
        assertThat(delivery(ep, frozen).path("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivery(ep, released).path("state").asString()).isEqualTo("DELIVERED");

        // replay all: two dead events of another subject, sent again in their order
        r.answer = (id, before) -> 503;
        String a = event("lifecycle.frozen", "res-b", Map.of());
        dispatcher.fanOut();
        passes = 0;
        while (!delivery(ep, a).path("state").asString().equals("DEAD") && passes++ < 60) {
            dispatcher.passAndWait();
            clock.advanceBy(Duration.ofHours(1));
        }
        r.answer = (id, before) -> 200;
        assertThat(api.post(BASE + "/endpoints/" + endpointId + "/replay", OPERATOR_KEY, Map.of()).json()
                .path("replayed").asInt()).isEqualTo(1);
        dispatcher.passAndWait();
        assertThat(delivery(ep, a).path("state").asString()).isEqualTo("DELIVERED");
        assertThat(r.processedTimes(a)).isEqualTo(1);
    }

    @Test
    void eventsOfOneResourceArriveInOrderWhileAnEarlierOneIsRetriedAndOtherResourcesGoOn() throws Exception {
        WebhookReceiver r = receiver();
        String[] ids = new String[4];
        r.answer = (id, before) -> id.equals(ids[0]) && before == 0 ? 500 : 200;
        JsonNode ep = register(r, List.of("lifecycle."), null);
        ids[0] = event("lifecycle.frozen", "res-a", Map.of());
        ids[1] = event("lifecycle.unfrozen", "res-a", Map.of());
        ids[2] = event("lifecycle.released", "res-a", Map.of());
        ids[3] = event("lifecycle.frozen", "res-b", Map.of());

        dispatcher.passAndWait();
        // the freeze of res-a failed; res-b's event went; res-a's later events waited
        assertThat(r.received()).extracting(WebhookReceiver.Received::id).containsExactly(ids[0], ids[3]);
        clock.advanceBy(Duration.ofSeconds(10));
        dispatcher.passAndWait();
        assertThat(r.received()).extracting(WebhookReceiver.Received::id)
                .containsExactly(ids[0], ids[3], ids[0], ids[1], ids[2]);
        for (String id : ids) {
            assertThat(delivery(ep, id).path("state").asString()).isEqualTo("DELIVERED");
            assertThat(r.processedTimes(id)).isEqualTo(1);
        }
    }

    @Test
    void aSlowEndpointDoesNotDelayAnother() throws Exception {
        WebhookReceiver slow = receiver();
        WebhookReceiver fast = receiver();
        CountDownLatch release = new CountDownLatch(1);
        slow.before = id -> {
            try {
                release.await(8, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
        JsonNode slowEp = register(slow, List.of("test."), null);
        JsonNode fastEp = register(fast, List.of("test."), null);
        String id = event("test.ping", "s1", Map.of());
        dispatcher.pass();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!delivery(fastEp, id).path("state").asString().equals("DELIVERED") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(delivery(fastEp, id).path("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivery(slowEp, id).path("state").asString()).as("still waiting for the slow one")
                .isEqualTo("PENDING");
        release.countDown();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!delivery(slowEp, id).path("state").asString().equals("DELIVERED") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(delivery(slowEp, id).path("state").asString()).isEqualTo("DELIVERED");
    }

    /**
     * A second process sends the event and is killed (SIGKILL) by the receiver before it can
     * record the outcome; once its lease has expired this instance sends it again with the same
     * webhook-id, the receiver processes it once, and the attempts say what happened.
     */
    @Test
    void aSenderKilledBetweenSendingAndRecordingLeavesOneMessageInEffect() throws Exception {
        WebhookReceiver r = receiver();
        Process[] child = new Process[1];
        r.before = id -> {
            if (r.received().isEmpty() && child[0] != null) {
                child[0].destroyForcibly();
                try {
                    child[0].waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        };
        JsonNode ep = register(r, List.of("test."), null);
        String id = event("test.ping", "s1", Map.of());
        dispatcher.fanOut();
        com.zaxxer.hikari.HikariDataSource ds = jdbc.getDataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class);
        java.nio.file.Path log = java.nio.file.Files.createTempFile("webhook-child", ".log");
        child[0] = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), WebhookCrashChild.class.getName(),
                ds.getJdbcUrl(), ds.getUsername(), ds.getPassword() == null ? "" : ds.getPassword(),
                clock.instant().toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child[0].waitFor(90, TimeUnit.SECONDS)).as("child ended").isTrue();
        assertThat(child[0].exitValue()).as(java.nio.file.Files.readString(log)).isEqualTo(137);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (r.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // the receiver's thread notes the request after killing the sender
        }
        assertThat(r.received()).hasSize(1);
        JsonNode inFlight = delivery(ep, id);
        assertThat(inFlight.path("state").asString()).isEqualTo("PENDING");
        assertThat(api.get(BASE + "/deliveries/" + inFlight.path("id").asLong(), OPERATOR_KEY).json()
                .path("attempts").get(0).path("outcome").asString()).isEqualTo("IN_FLIGHT");
        assertThat(dispatcher.passAndWait()).as("leased by the killed process").isZero();

        clock.advanceBy(Duration.ofMinutes(1));
        assertThat(dispatcher.passAndWait()).isEqualTo(1);
        assertThat(r.received()).extracting(WebhookReceiver.Received::id).containsExactly(id, id);
        assertThat(r.processedTimes(id)).isEqualTo(1);
        JsonNode detail = api.get(BASE + "/deliveries/" + inFlight.path("id").asLong(), OPERATOR_KEY).json();
        assertThat(detail.path("delivery").path("state").asString()).isEqualTo("DELIVERED");
        List<String> outcomes = new ArrayList<>();
        detail.path("attempts").forEach(a -> outcomes.add(a.path("outcome").asString()));
        assertThat(outcomes).containsExactly("UNKNOWN", "DELIVERED");
    }

    @Test
    void badRegistrationsAreRefusedAndWriteNothing() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Long> before = rowCounts();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("url", "ftp://x.example/hook"),
                Map.of("url", "not a url"), Map.of("url", "http://x.example/h", "secret", "plain"),
                Map.of("url", "http://x.example/h", "eventTypes", List.of("Bad Type")))) {
            Api.Response res = api.post(BASE + "/endpoints", OPERATOR_KEY, bad);
            assertThat(res.status()).as(res.body()).isEqualTo(400);
            assertThat(res.code()).isIn("invalid-webhook-url", "invalid-webhook-secret", "invalid-event-types");
        }
        assertThat(api.post(BASE + "/endpoints", c.adminKey(), Map.of("url", "http://x.example/h")).status())
                .isEqualTo(403);
        assertThat(rowCounts()).isEqualTo(before);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private WebhookReceiver receiver() throws java.io.IOException {
        WebhookReceiver r = new WebhookReceiver();
        receivers.add(r);
        return r;
    }

    private JsonNode register(WebhookReceiver r, List<String> types, String secret) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("url", r.url(), "eventTypes", types,
                "description", "it " + run));
        if (secret != null) {
            body.put("secret", secret);
        }
        Api.Response res = api.post(BASE + "/endpoints", OPERATOR_KEY, body);
        assertThat(res.status()).as(res.body()).isEqualTo(201);
        endpoints.add(res.json().path("endpoint").path("id").asLong());
        return res.json();
    }

    /** Appends an event of this run, as the services do, in a transaction of its own. */
    private String event(String topic, String subject, Map<String, Object> payload) {
        String id = "it-" + run + "-" + UUID.randomUUID();
        transactions.executeWithoutResult(s -> outbox.append(id, topic, "cust-" + run, subject + "-" + run, payload,
                clock.instant()));
        return id;
    }

    private JsonNode delivery(JsonNode endpoint, String eventId) {
        long id = endpoint.path("endpoint").path("id").asLong();
        for (JsonNode d : api.get(BASE + "/deliveries?limit=500&endpointId=" + id, OPERATOR_KEY).json().path("items")) {
            if (d.path("eventId").asString().equals(eventId)) {
                return d;
            }
        }
        throw new AssertionError("no delivery of " + eventId + " to endpoint " + id);
    }

    private static Instant instant(JsonNode node, String field) {
        return OffsetDateTime.parse(node.path(field).asString()).toInstant();
    }

    /** A Standard Webhooks secret from seeded bytes. */
    private static String secret(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
