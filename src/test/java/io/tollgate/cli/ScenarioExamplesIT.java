package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every file in examples/ is played by the real command (fresh embedded PostgreSQL, or
 * TOLLGATE_DB_URL) and must meet its own expectations; a few figures are also checked here.
 */
class ScenarioExamplesIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Run(int exit, JsonNode output, String errors) {
        JsonNode customer(String id) {
            for (JsonNode c : output.path("customers")) {
                if (c.path("id").asString().equals(id)) {
                    return c;
                }
            }
            throw new AssertionError("no customer " + id + " in " + output);
        }
    }

    static Run play(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScenarioCommand.execute(file, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                context -> io.tollgate.it.LedgerAuditor.audit(context.getBean(
                        org.springframework.jdbc.core.JdbcTemplate.class),
                        context.getBean(io.tollgate.shared.BillingClock.class).getZone()));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(exit, text.isBlank() ? null : JSON.readTree(text), err.toString(StandardCharsets.UTF_8));
    }

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleMeetsItsExpectations(Path file) {
        Run run = play(file);
        assertThat(run.exit()).as(run.errors()).isZero();
        assertThat(run.output().path("ok").asBoolean()).isTrue();
        assertThat(run.output().path("checks").size()).as("an example states what it expects").isPositive();
    }

    @Test
    void tenMinutesIsOneLineOf600Seconds() {
        Run run = play(Path.of("examples/ten-minutes.yaml"));
        JsonNode line = run.customer("acme").path("feeRecords").get(0);
        assertThat(line.path("usageSeconds").asInt()).isEqualTo(600);
        assertThat(Instant.parse(line.path("periodStart").asString())).isEqualTo(Instant.parse("2026-03-08T00:45:30Z"));
        assertThat(line.path("chargedAmount").asString()).isEqualTo("0.11");
    }

    @Test
    void theNotebookDiskBillsWhileStopped() {
        Run run = play(Path.of("examples/demo-notebook.yaml"));
        JsonNode nova = run.customer("nova");
        long diskLines = 0;
        for (JsonNode l : nova.path("feeRecords")) {
            if (l.path("meter").asString().equals("DISK")) {
                diskLines++;
                assertThat(l.path("enterpriseProject").asString()).isEqualTo("vision");
                assertThat(l.path("tags").path("team").asString()).isEqualTo("research");
            }
        }
        assertThat(diskLines).isEqualTo(6);
        // the top-up and five hourly charges: the last hour's 0.007 moves the month from 12.635 (12.64) to 12.642
        // (12.64), so it charges nothing and makes no transaction
        assertThat(nova.path("transactions").size()).isEqualTo(6);
    }

    @Test
    void aWrongExpectationFailsTheCommand(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path wrong = dir.resolve("wrong.yaml");
        Files.writeString(wrong, Files.readString(Path.of("examples/ten-minutes.yaml")).replace("charged: \"0.11\"",
                "charged: \"0.12\""));
        Run run = play(wrong);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errors()).contains("acme charged expected 0.12 but was 0.11");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "name: x\nstart: 2026-01-01T00:00:00Z\nend: 2026-01-02T00:00:00Z\nnonsense: 1\n");
        assertThat(play(broken).exit()).isEqualTo(2);
    }

    @Test
    void autoRenewalIsAttemptedAt0300OnTheDeductionDayAndRetriedTheNextDay() {
        Run run = play(Path.of("examples/prepaid-auto-renewal.yaml"));
        JsonNode attempts = run.customer("acme").path("renewalAttempts").path("pool-1");
        assertThat(attempts.size()).isEqualTo(2);
        // 03:00 at +08:00 is 19:00Z the day before.
        assertThat(Instant.parse(attempts.get(0).path("attemptedAt").asString())).isEqualTo(Instant.parse("2026-05-24T19:00:00Z"));
        assertThat(attempts.get(0).path("outcome").asString()).isEqualTo("FAILED");
        assertThat(attempts.get(0).path("reason").asString()).isEqualTo("insufficient-balance");
        assertThat(Instant.parse(attempts.get(1).path("attemptedAt").asString())).isEqualTo(Instant.parse("2026-05-25T19:00:00Z"));
        assertThat(attempts.get(1).path("outcome").asString()).isEqualTo("SUCCEEDED");
        java.util.List<String> topics = new java.util.ArrayList<>();
        run.customer("acme").path("events").forEach(e -> topics.add(e.path("topic").asString()));
        assertThat(topics).contains("subscription.renewal.failed", "subscription.renewal.succeeded");
        // Switched on after the deduction day: charged at once, at 10:00 (+08:00).
        JsonNode late = run.customer("acme").path("renewalAttempts").path("pool-2");
        assertThat(late.size()).isEqualTo(1);
        assertThat(Instant.parse(late.get(0).path("attemptedAt").asString())).isEqualTo(Instant.parse("2026-05-28T02:00:00Z"));
        assertThat(late.get(0).path("outcome").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aPendingOrderCreatesNothingUntilPaidAndAModeChangeSplitsTheHour() {
        Run run = play(Path.of("examples/pending-order-and-mode-change.yaml"));
        JsonNode acme = run.customer("acme");
        JsonNode first = acme.path("orders").get(0);
        assertThat(first.path("type").asString()).isEqualTo("NEW");
        assertThat(first.path("status").asString()).isEqualTo("PAID");
        assertThat(Instant.parse(first.path("createdAt").asString())).isEqualTo(Instant.parse("2026-07-31T16:00:00Z"));
        assertThat(Instant.parse(first.path("paidAt").asString())).isEqualTo(Instant.parse("2026-08-01T02:00:00Z"));
        assertThat(Instant.parse(first.path("effectiveFrom").asString())).isEqualTo(Instant.parse("2026-08-01T02:00:00Z"));
        JsonNode last = acme.path("feeRecords").get(acme.path("feeRecords").size() - 1);
        assertThat(last.path("resourceId").asString()).isEqualTo("pool-b");
        assertThat(Instant.parse(last.path("periodEnd").asString())).isEqualTo(Instant.parse("2026-08-01T04:30:00Z"));
        assertThat(last.path("usageSeconds").asInt()).isEqualTo(1800);
        assertThat(last.path("chargedAmount").asString()).isEqualTo("0.50");
    }

    @Test
    void arrearsMoveResourcesThroughGraceFrozenAndReleasedAndTheOutboxTellsEachStep() {
        Run run = play(Path.of("examples/arrears-grace-frozen-released.yaml"));
        java.util.List<String> lab = new java.util.ArrayList<>();
        run.customer("lab").path("events").forEach(e -> lab.add(e.path("topic").asString() + "@"
                + Instant.parse(e.path("occurredAt").asString())));
        // In arrears from hour 01 (+08:00) = 17:00Z; grace 2 days; restored by the top-up on 09-04 12:00.
        assertThat(lab).containsExactly("lifecycle.grace@2026-08-31T17:00:00Z", "lifecycle.frozen@2026-09-02T17:00:00Z",
                "lifecycle.active@2026-09-04T04:00:00Z");
        java.util.List<String> late = new java.util.ArrayList<>();
        run.customer("late").path("events").forEach(e -> late.add(e.path("eventId").asString() + "="
                + e.path("topic").asString()));
        assertThat(late).containsExactly("lifecycle:job-2:1=lifecycle.grace", "lifecycle:job-2:2=lifecycle.frozen",
                "lifecycle:job-2:3=lifecycle.released");
    }

    @Test
    void aTermBoughtAt155004EndsAt235959OfTheSameDayAMonthLater() {
        Run run = play(Path.of("examples/prepaid-renewal-in-grace.yaml"));
        JsonNode orders = run.customer("acme").path("orders");
        assertThat(Instant.parse(orders.get(0).path("effectiveFrom").asString())).isEqualTo(Instant.parse("2023-03-08T07:50:04Z"));
        assertThat(Instant.parse(orders.get(0).path("expiresAt").asString())).isEqualTo(Instant.parse("2023-04-08T15:59:59Z"));
        // The renewal runs from the old expiry, the one made in grace from the expired one.
        assertThat(Instant.parse(orders.get(1).path("effectiveFrom").asString())).isEqualTo(Instant.parse("2023-04-08T16:00:00Z"));
        assertThat(Instant.parse(orders.get(1).path("expiresAt").asString())).isEqualTo(Instant.parse("2023-06-08T15:59:59Z"));
        assertThat(Instant.parse(orders.get(2).path("effectiveFrom").asString())).isEqualTo(Instant.parse("2023-06-08T16:00:00Z"));
        java.util.List<String> topics = new java.util.ArrayList<>();
        run.customer("acme").path("events").forEach(e -> topics.add(e.path("topic").asString()));
        assertThat(topics).contains("lifecycle.grace", "lifecycle.active");
    }

    @Test
    void anUnsubscriptionRefundsEachTermByItsRule() {
        Run run = play(Path.of("examples/prepaid-change-and-unsubscribe.yaml"));
        JsonNode orders = run.customer("acme").path("orders");
        JsonNode unsubscription = orders.get(orders.size() - 1);
        assertThat(unsubscription.path("type").asString()).isEqualTo("UNSUBSCRIPTION");
        // 34.70 (purchase) + 40.83 (upgrade) - 62.99 (the downgrade's slice): the old 75.31 refunded the
        // second node's rest twice (see the file's header for the arithmetic).
        assertThat(unsubscription.path("refundAmount").asString()).isEqualTo("12.54");
        JsonNode term = unsubscription.path("details").path("terms").get(0);
        // From 03-01 10:00 (the start of the hour of 10:30) to 05-02 00:00: 1478 hours (the old code said 1477).
        assertThat(term.path("orderHours").asInt()).isEqualTo(1478);
        assertThat(term.path("usedHours").asInt()).isEqualTo(1202);
        assertThat(term.path("handlingFee").asString()).isEqualTo("40.00");
        assertThat(term.path("refund").asString()).isEqualTo("34.70");
        JsonNode downgrade = unsubscription.path("details").path("terms").get(2);
        assertThat(downgrade.path("kind").asString()).isEqualTo("DOWNGRADE");
        // the downgrade's negative slice: -106.46 over 399 hours, 123 used: consumed -106.46 x 123 / 399 = -32.82,
        // fee -10.65; -106.46 + 32.82 + 10.65 = -62.99 (what it already returned, taken back from the refund)
        assertThat(downgrade.path("orderHours").asInt()).isEqualTo(399);
        assertThat(downgrade.path("usedHours").asInt()).isEqualTo(123);
        assertThat(downgrade.path("refund").asString()).isEqualTo("-62.99");
        assertThat(orders.get(1).path("details").path("remainingFactor").asString()).isEqualTo("1.7097");
        assertThat(orders.get(2).path("refundAmount").asString()).isEqualTo("106.46");
    }
}
