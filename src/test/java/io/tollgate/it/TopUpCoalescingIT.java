package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Write combining of single top-ups (issue 14): concurrent top-ups over real HTTP, with keys
 * replayed (the same amount), reused (another amount) and bad amounts among them, are posted in
 * combined transactions; each answer is checked against an independent model of top-ups applied
 * one after another, and each balance against the sum of the amounts accepted. A combined
 * transaction whose commit fails (a deferred constraint that refuses one poisoned top-up) is run
 * again top-up by top-up: only the poisoned one fails, the others are posted once.
 */
class TopUpCoalescingIT extends IntegrationTest {
    @Autowired
    DataSource dataSource;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry metrics;

    private Api.Response topUp(Fixture.CustomerKeys c, String amount, String key) {
        return api.post("/api/v1/customers/" + c.id() + "/top-ups", c.adminKey(), Api.json(Map.of("amount", amount)),
                key);
    }

    /** A request the test sent and what it was answered. */
    record Sent(Fixture.CustomerKeys customer, String key, String amount, Future<Api.Response> answer) {
    }

    /** The customer's accounts locked elsewhere: a top-up of the customer waits, and the queue fills behind it. */
    private CombiningAids.HeldLock holdAccountsOf(Fixture.CustomerKeys c) throws Exception {
        return new CombiningAids.HeldLock(dataSource, "select id from ledger_account where owner = ? for update", c.id());
    }

    @Test
    void concurrentTopUpsKeepEachAnswerAsIfAppliedOneAfterAnother() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Fixture.CustomerKeys> customers = List.of(fx.customer(), fx.customer(), fx.customer(), fx.customer());
        Fixture.CustomerKeys blocker = customers.get(0);
        fx.expect(topUp(blocker, "1.00", "open-" + run), 201);
        Random random = new Random(20261204L);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Sent> sent = new ArrayList<>();
        try (CombiningAids.HeldLock held = holdAccountsOf(blocker)) {
            // the combiner waits on the blocker's accounts with this one; the next requests queue behind it
            sent.add(new Sent(blocker, "first-" + run, "2.00", pool.submit(() -> topUp(blocker, "2.00",
                    "first-" + run))));
            Thread.sleep(200);
            for (int i = 0; i < 400; i++) {
                Fixture.CustomerKeys c = customers.get(random.nextInt(customers.size()));
                int k = random.nextInt(40);
                String key = "k-" + run + "-" + k;
                // mostly the key's own amount (a retry), sometimes another (a reused key), sometimes a bad one
                int roll = random.nextInt(20);
                String amount = roll == 0 ? "-1.00" : roll == 1 ? (k + 1) + ".50" : (k + 1) + ".00";
                sent.add(new Sent(c, key, amount, pool.submit(() -> topUp(c, amount, key))));
                if (i == 15) {
                    held.close();
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(metrics.find("tollgate.topups.per.transaction").summary().max())
                .as("at least one transaction carried several top-ups").isGreaterThan(1.0);

        // The model, per (customer, key): the first valid request applied wins (one 201); every later request
        // with the winner's amount replays it (200, the same transaction), one with another amount is refused
        // (409); a negative amount is refused (400) and never wins.
        Map<String, JsonNode> winners = new HashMap<>();
        for (Sent s : sent) {
            Api.Response r = s.answer().get();
            if (r.status() == 201) {
                assertThat(winners.put(s.customer().id() + "|" + s.key(), r.json())).as("one 201 per key").isNull();
                assertThat(r.json().path("amount").asString()).isEqualTo(s.amount());
            }
        }
        Map<String, BigDecimal> expectedCash = new HashMap<>();
        // the blocker's opening 1.00
        expectedCash.put(blocker.id(), new BigDecimal("1.00"));
        for (Sent s : sent) {
            Api.Response r = s.answer().get();
            JsonNode winner = winners.get(s.customer().id() + "|" + s.key());
            if (s.amount().equals("-1.00")) {
                assertThat(r.status() + ":" + r.code()).isEqualTo("400:non-positive-amount");
            } else if (r.status() == 201) {
                expectedCash.merge(s.customer().id(), new BigDecimal(s.amount()), BigDecimal::add);
            } else {
                assertThat(winner).as("a valid request of a key that has no winner: %s", r.body()).isNotNull();
                if (winner.path("amount").asString().equals(s.amount())) {
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(r.json()).as("a replay answers the first result").isEqualTo(winner);
                } else {
                    assertThat(r.status() + ":" + r.code()).as(r.body()).isEqualTo("409:idempotency-key-reused");
                }
            }
        }
        for (Fixture.CustomerKeys c : customers) {
            // cash = the sum of the amounts of the winning requests (no arrears, no credit here)
            BigDecimal cash = expectedCash.getOrDefault(c.id(), BigDecimal.ZERO).setScale(2);
            assertThat(fx.balance(c).path("cash").asString()).as(c.id()).isEqualTo(cash.toPlainString());
            long keys = winners.keySet().stream().filter(k -> k.startsWith(c.id() + "|")).count()
                    + (c == blocker ? 1 : 0);
            assertThat(jdbc.queryForObject("select count(*) from ledger_entry where customer_id = ?", Long.class,
                    c.id())).as("one journal entry per winning key").isEqualTo(keys);
        }
    }

    @Test
    void aCombinedTransactionWhoseCommitFailsIsRetriedTopUpByTopUp() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poison = "poison-" + run;
        Fixture.CustomerKeys blocker = fx.customer();
        fx.expect(topUp(blocker, "1.00", "open-" + run), 201);
        List<Fixture.CustomerKeys> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            others.add(fx.customer());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (CombiningAids.PoisonAtCommit crash = new CombiningAids.PoisonAtCommit(jdbc, "ledger_idempotency",
                "idempotency_key", poison)) {
            try (CombiningAids.HeldLock held = holdAccountsOf(blocker)) {
                answers.add(pool.submit(() -> topUp(blocker, "2.00", "first-" + run)));
                Thread.sleep(200);
                for (int i = 0; i < 6; i++) {
                    Fixture.CustomerKeys c = others.get(i);
                    String key = i == 3 ? poison : "ok-" + run + "-" + i;
                    answers.add(pool.submit(() -> topUp(c, "10.00", key)));
                }
                Thread.sleep(300);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(crash.hits()).as("the poison failed in the combined transaction and once more on its own")
                    .isEqualTo(2L);
        }
        assertThat(answers.get(0).get().status()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            Api.Response r = answers.get(i + 1).get();
            Fixture.CustomerKeys c = others.get(i);
            if (i == 3) {
                assertThat(r.status()).as(r.body()).isGreaterThanOrEqualTo(500);
                assertThat(fx.balance(c).path("cash").asString()).isEqualTo("0.00");
                assertThat(jdbc.queryForObject("select count(*) from ledger_entry where customer_id = ?", Long.class,
                        c.id())).isZero();
            } else {
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                // 0 + 10.00, posted once although its first transaction rolled back
                assertThat(fx.balance(c).path("cash").asString()).isEqualTo("10.00");
                assertThat(jdbc.queryForObject("select count(*) from ledger_entry where customer_id = ?", Long.class,
                        c.id())).isEqualTo(1L);
            }
        }
        // the blocker: 1.00 + 2.00
        assertThat(fx.balance(blocker).path("cash").asString()).isEqualTo("3.00");
    }
}
