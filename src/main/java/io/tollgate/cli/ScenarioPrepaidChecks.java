package io.tollgate.cli;

import io.tollgate.subscription.Order;
import io.tollgate.subscription.OrderStatus;
import io.tollgate.subscription.RenewalAttempt;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The prepaid expectations of a scenario (docs/scenarios.md): each resource's orders with their
 * amounts, refunds and terms, the total refunded per resource, and the renewal attempts with
 * their times. Kept apart from the runner's other checks so other expectations can be added
 * beside it.
 */
final class ScenarioPrepaidChecks {
    private ScenarioPrepaidChecks() {
    }

    static List<ScenarioRunner.Check> check(ScenarioRunner.CustomerResult r, Scenario.Expectation e) {
        List<ScenarioRunner.Check> checks = new ArrayList<>();
        if (e.orders() != null) {
            e.orders().forEach((rid, want) -> checks.addAll(orders(r, rid, want)));
        }
        if (e.refunds() != null) {
            e.refunds().forEach((rid, want) -> {
                BigDecimal refunded = ordersOf(r, rid).stream().filter(o -> o.status() == OrderStatus.PAID)
                        .map(Order::refundAmount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
                checks.add(new ScenarioRunner.Check(r.id(), rid + ".refunds", want, refunded.toPlainString(),
                        new BigDecimal(want).compareTo(refunded) == 0));
            });
        }
        if (e.renewalAttempts() != null) {
            e.renewalAttempts().forEach((rid, want) -> checks.addAll(attempts(r, rid, want)));
        }
        return checks;
    }

    private static List<Order> ordersOf(ScenarioRunner.CustomerResult r, String rid) {
        return r.orders().stream().filter(o -> o.resourceId().equals(rid)).toList();
    }

    private static List<ScenarioRunner.Check> orders(ScenarioRunner.CustomerResult r, String rid,
                                                     List<Scenario.OrderExpectation> want) {
        List<Order> got = ordersOf(r, rid);
        List<ScenarioRunner.Check> checks = new ArrayList<>();
        checks.add(same(r, rid + ".orders.count", Integer.toString(want.size()), Integer.toString(got.size())));
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            Scenario.OrderExpectation w = want.get(i);
            Order o = got.get(i);
            String at = rid + ".orders[" + i + "].";
            if (w.type() != null) {
                checks.add(same(r, at + "type", w.type(), o.type().name()));
            }
            if (w.status() != null) {
                checks.add(same(r, at + "status", w.status(), o.status().name()));
            }
            if (w.amount() != null) {
                checks.add(amount(r, at + "amount", w.amount(), o.listAmount()));
            }
            if (w.refund() != null) {
                checks.add(amount(r, at + "refund", w.refund(), o.refundAmount()));
            }
            if (w.effectiveFrom() != null) {
                checks.add(same(r, at + "effectiveFrom", w.effectiveFrom().toString(), text(o.effectiveFrom())));
            }
            if (w.expiresAt() != null) {
                checks.add(same(r, at + "expiresAt", w.expiresAt().toString(), text(o.expiresAt())));
            }
        }
        return checks;
    }

    private static List<ScenarioRunner.Check> attempts(ScenarioRunner.CustomerResult r, String rid,
                                                       List<Scenario.AttemptExpectation> want) {
        List<RenewalAttempt> got = r.renewalAttempts().getOrDefault(rid, List.of());
        List<ScenarioRunner.Check> checks = new ArrayList<>();
        checks.add(same(r, rid + ".renewalAttempts.count", Integer.toString(want.size()),
                Integer.toString(got.size())));
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            String at = rid + ".renewalAttempts[" + i + "].";
            if (want.get(i).at() != null) {
                checks.add(same(r, at + "at", want.get(i).at().toString(), got.get(i).attemptedAt().toString()));
            }
            if (want.get(i).outcome() != null) {
                checks.add(same(r, at + "outcome", want.get(i).outcome(), got.get(i).outcome()));
            }
        }
        return checks;
    }

    private static ScenarioRunner.Check same(ScenarioRunner.CustomerResult r, String field, String want, String got) {
        return new ScenarioRunner.Check(r.id(), field, want, got, Objects.equals(want, got));
    }

    private static ScenarioRunner.Check amount(ScenarioRunner.CustomerResult r, String field, String want,
                                               BigDecimal got) {
        return new ScenarioRunner.Check(r.id(), field, want, got.toPlainString(),
                new BigDecimal(want).compareTo(got) == 0);
    }

    private static String text(Instant t) {
        return t == null ? "none" : t.toString();
    }
}
