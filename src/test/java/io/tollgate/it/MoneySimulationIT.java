package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Seeded random pay-per-use months against a small independent model (billing-rules.md section 3):
 * customers with random cash and credit run resources at sub-cent and ordinary prices, starting,
 * stopping, resizing and deleting across a month boundary, while they top up. The model rates
 * every stretch of every clock hour itself (seconds / 3600 truncated to 10 decimals x nodes x
 * price, half-up to 8 decimals) and says what each month must be charged: the rounded sum of its
 * fee amounts. After the run every customer's fee lines, charges and balances must agree with it,
 * and no money may be created or lost: cash - credit used + arrears = top-ups - charged.
 */
class MoneySimulationIT extends IntegrationTest {
    private static final String[] PRICES = {"0.0013", "0.007", "0.0049", "0.66", "1.2345", "0.01"};

    /** One stretch of a resource at a node count: [from, to). */
    private record Stretch(Instant from, Instant to, int nodes, BigDecimal price) {
    }

    private record Step(Instant at, Runnable action) {
    }

    private static BigDecimal lineAmount(Stretch s, Instant hour) {
        Instant from = s.from().isAfter(hour) ? s.from() : hour;
        Instant hourEnd = hour.plus(Duration.ofHours(1));
        Instant to = s.to().isBefore(hourEnd) ? s.to() : hourEnd;
        long seconds = Duration.between(from, to).toSeconds();
        if (seconds <= 0) {
            return null;
        }
        BigDecimal hours = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 10, RoundingMode.DOWN);
        return s.price().multiply(hours.multiply(BigDecimal.valueOf(s.nodes()))).setScale(8, RoundingMode.HALF_UP);
    }

    @Test
    void randomMonthsAreChargedTheRoundedSumOfTheirFeesAndNoMoneyIsCreatedOrLost() {
        LocalDate next = fx.nextDay().atZone(Fixture.ZONE).toLocalDate();
        LocalDate lastDay = YearMonth.from(next).atEndOfMonth();
        Instant start = lastDay.atTime(12, 0).atZone(Fixture.ZONE).toInstant();
        Instant end = start.plus(Duration.ofHours(30));
        List<Step> steps = new ArrayList<>();
        Map<String, List<Stretch>> stretches = new HashMap<>();
        Map<String, BigDecimal> toppedUp = new HashMap<>();
        List<Fixture.CustomerKeys> customers = new ArrayList<>();
        Map<String, String> specs = new HashMap<>();
        for (String p : PRICES) {
            specs.put(p, fx.computeSpec(p));
        }
        fx.advanceTo(start);
        for (long seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            Fixture.CustomerKeys c = fx.customer();
            customers.add(c);
            String cash = BigDecimal.valueOf(random.nextInt(2000), 2).toPlainString();
            fx.expect(fx.topUp(c, cash), 201);
            toppedUp.merge(c.id(), new BigDecimal(cash), BigDecimal::add);
            if (random.nextBoolean()) {
                String limit = BigDecimal.valueOf(random.nextInt(1000), 2).toPlainString();
                fx.creditLimit(c, limit);
            }
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                String price = PRICES[random.nextInt(PRICES.length)];
                String r = "sim-" + seed + "-" + k + "-" + java.util.UUID.randomUUID().toString().substring(0, 6);
                List<Stretch> mine = new ArrayList<>();
                stretches.put(c.id() + "|" + r, mine);
                Instant t = start.plus(Duration.ofMinutes(random.nextInt(120)));
                int nodes = 1 + random.nextInt(3);
                Instant created = t;
                int createdNodes = nodes;
                steps.add(new Step(created, () -> fx.expect(fx.event("CREATED", r, c, created, Map.of("resourceType",
                        "it.compute", "specCode", specs.get(price), "region", Fixture.REGION, "nodes", createdNodes)),
                        201)));
                boolean running = true;
                Instant since = t;
                while (true) {
                    t = t.plus(Duration.ofMinutes(1 + random.nextInt(300))).plusSeconds(random.nextInt(60));
                    if (!t.isBefore(end.minus(Duration.ofHours(1)))) {
                        break;
                    }
                    Instant at = t;
                    int action = random.nextInt(3);
                    if (action == 0 && running) {
                        mine.add(new Stretch(since, at, nodes, new BigDecimal(price)));
                        running = false;
                        steps.add(new Step(at, () -> fx.expect(fx.event("STOPPED", r, c, at, Map.of()), 201)));
                    } else if (action == 0) {
                        running = true;
                        since = at;
                        steps.add(new Step(at, () -> fx.expect(fx.event("STARTED", r, c, at, Map.of()), 201)));
                    } else if (action == 1 && running) {
                        int newNodes = 1 + random.nextInt(4);
                        if (newNodes == nodes) {
                            continue;
                        }
                        mine.add(new Stretch(since, at, nodes, new BigDecimal(price)));
                        nodes = newNodes;
                        since = at;
                        steps.add(new Step(at, () -> fx.expect(fx.event("RESIZED", r, c, at, Map.of("nodes", newNodes)),
                                201)));
                    } else if (action == 2) {
                        String amount = BigDecimal.valueOf(random.nextInt(500), 2).max(new BigDecimal("0.01"))
                                .toPlainString();
                        toppedUp.merge(c.id(), new BigDecimal(amount), BigDecimal::add);
                        steps.add(new Step(at, () -> fx.expect(fx.topUp(c, amount), 201)));
                    }
                }
                Instant deleted = end.minus(Duration.ofMinutes(30));
                if (running) {
                    mine.add(new Stretch(since, deleted, nodes, new BigDecimal(price)));
                }
                steps.add(new Step(deleted, () -> fx.expect(fx.event("DELETED", r, c, deleted, Map.of()), 201)));
            }
        }
        steps.sort(Comparator.comparing(Step::at));
        for (Step s : steps) {
            fx.advanceTo(s.at());
            s.action().run();
        }
        fx.settleThrough(end);

        for (Fixture.CustomerKeys c : customers) {
            // The model: every stretch's line per clock hour, summed per billing month, rounded.
            Map<YearMonth, BigDecimal> fees = new TreeMap<>();
            int lines = 0;
            for (var e : stretches.entrySet()) {
                if (!e.getKey().startsWith(c.id() + "|")) {
                    continue;
                }
                for (Stretch s : e.getValue()) {
                    for (Instant h = s.from().truncatedTo(ChronoUnit.HOURS); h.isBefore(s.to());
                         h = h.plus(Duration.ofHours(1))) {
                        BigDecimal amount = lineAmount(s, h);
                        if (amount != null) {
                            fees.merge(YearMonth.from(h.atZone(Fixture.ZONE)), amount, BigDecimal::add);
                            lines++;
                        }
                    }
                }
            }
            BigDecimal expectedCharged = fees.values().stream().map(f -> f.setScale(2, RoundingMode.HALF_UP))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            List<JsonNode> got = new ArrayList<>(fx.feeRecords(c, start, null));
            got.addAll(fx.feeRecords(c, end, null));
            assertThat(got).as("fee lines of %s", c.id()).hasSize(lines);
            Map<YearMonth, BigDecimal[]> months = new TreeMap<>();
            for (JsonNode l : got) {
                YearMonth m = YearMonth.from(Instant.parse(l.path("hourStart").asString()).atZone(Fixture.ZONE));
                BigDecimal[] sums = months.computeIfAbsent(m, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(new BigDecimal(l.path("amount").asString()));
                sums[1] = sums[1].add(new BigDecimal(l.path("chargedAmount").asString()));
                // each line's parts add up to what it was charged
                assertThat(new BigDecimal(l.path("cashAmount").asString()).add(new BigDecimal(l.path("creditAmount")
                        .asString())).add(new BigDecimal(l.path("arrearsAmount").asString())))
                        .isEqualByComparingTo(l.path("chargedAmount").asString());
            }
            for (var m : months.entrySet()) {
                assertThat(m.getValue()[0]).as("%s fees in %s", c.id(), m.getKey()).isEqualByComparingTo(
                        fees.getOrDefault(m.getKey(), BigDecimal.ZERO));
                assertThat(m.getValue()[1]).as("%s charged in %s", c.id(), m.getKey())
                        .isEqualByComparingTo(fees.get(m.getKey()).setScale(2, RoundingMode.HALF_UP));
            }
            JsonNode b = fx.balance(c);
            BigDecimal held = new BigDecimal(b.path("cash").asString())
                    .subtract(new BigDecimal(b.path("creditUsed").asString()))
                    .add(new BigDecimal(b.path("arrears").asString()));
            assertThat(held).as("money of %s", c.id()).isEqualByComparingTo(toppedUp.get(c.id()).subtract(expectedCharged));
        }
    }
}
