package io.tollgate.cli;

import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.TransactionView;
import io.tollgate.cli.ScenarioRunner.Check;
import io.tollgate.cli.ScenarioRunner.CustomerResult;
import io.tollgate.notify.OutboxEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scenario checks of single lines: a resource's fee lines (amounts to 8 decimals, charged
 * amounts and their parts), the customer's transactions with their parts, and each resource's
 * lifecycle transitions with their times. Lists are compared in order and by length.
 */
final class ScenarioLineChecks {
    private ScenarioLineChecks() {
    }

    static List<Check> feeLines(CustomerResult r, Map<String, List<Scenario.LineExpectation>> want) {
        List<Check> checks = new ArrayList<>();
        want.forEach((resourceId, lines) -> {
            List<FeeRecordView> got = r.feeRecords().stream().filter(f -> f.resourceId().equals(resourceId)).toList();
            String where = resourceId + ".feeLines";
            checks.add(new Check(r.id(), where + ".count", Integer.toString(lines.size()), Integer.toString(got.size()),
                    lines.size() == got.size()));
            for (int i = 0; i < Math.min(lines.size(), got.size()); i++) {
                Scenario.LineExpectation e = lines.get(i);
                FeeRecordView g = got.get(i);
                String at = where + "[" + i + "].";
                text(checks, r, at + "meter", e.meter(), g.meter());
                text(checks, r, at + "kind", e.kind(), g.kind());
                instant(checks, r, at + "hourStart", e.hourStart(), g.hourStart());
                instant(checks, r, at + "periodStart", e.periodStart(), g.periodStart());
                instant(checks, r, at + "adjustsHour", e.adjustsHour(), g.adjustsHour());
                text(checks, r, at + "usage", e.usage(), g.usage());
                text(checks, r, at + "amount", e.amount(), g.amount());
                amount(checks, r, at + "charged", e.charged(), g.chargedAmount());
                amount(checks, r, at + "cash", e.cash(), g.cashAmount());
                amount(checks, r, at + "credit", e.credit(), g.creditAmount());
                amount(checks, r, at + "arrears", e.arrears(), g.arrearsAmount());
            }
        });
        return checks;
    }

    static List<Check> transactions(CustomerResult r, List<Scenario.TransactionExpectation> want) {
        List<Check> checks = new ArrayList<>();
        List<TransactionView> got = r.transactions();
        checks.add(new Check(r.id(), "transactions.count", Integer.toString(want.size()), Integer.toString(got.size()),
                want.size() == got.size()));
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            Scenario.TransactionExpectation e = want.get(i);
            TransactionView g = got.get(i);
            String at = "transactions[" + i + "].";
            text(checks, r, at + "type", e.type(), g.type().name());
            amount(checks, r, at + "amount", e.amount(), g.amount());
            amount(checks, r, at + "cash", e.cash(), g.cash());
            amount(checks, r, at + "credit", e.credit(), g.credit());
            amount(checks, r, at + "coupons", e.coupons(), g.coupons());
            amount(checks, r, at + "arrears", e.arrears(), g.arrears());
        }
        return checks;
    }

    static List<Check> transitions(CustomerResult r, Map<String, List<Scenario.TransitionExpectation>> want) {
        List<Check> checks = new ArrayList<>();
        want.forEach((resourceId, steps) -> {
            List<OutboxEvent> got = r.events().stream().filter(e -> resourceId.equals(e.subjectId())
                    && e.topic().startsWith("lifecycle.")).toList();
            String where = resourceId + ".lifecycleTransitions";
            checks.add(new Check(r.id(), where + ".count", Integer.toString(steps.size()), Integer.toString(got.size()),
                    steps.size() == got.size()));
            for (int i = 0; i < Math.min(steps.size(), got.size()); i++) {
                String state = got.get(i).topic().substring("lifecycle.".length()).toUpperCase();
                text(checks, r, where + "[" + i + "].state", steps.get(i).state(), state);
                instant(checks, r, where + "[" + i + "].at", steps.get(i).at(), got.get(i).occurredAt());
            }
        });
        return checks;
    }

    private static void text(List<Check> checks, CustomerResult r, String field, String expected, String actual) {
        if (expected != null) {
            checks.add(new Check(r.id(), field, expected, String.valueOf(actual), expected.equals(actual)));
        }
    }

    private static void amount(List<Check> checks, CustomerResult r, String field, String expected, String actual) {
        if (expected != null) {
            boolean ok = actual != null && new BigDecimal(expected).compareTo(new BigDecimal(actual)) == 0;
            checks.add(new Check(r.id(), field, expected, String.valueOf(actual), ok));
        }
    }

    private static void instant(List<Check> checks, CustomerResult r, String field, Instant expected, Instant actual) {
        if (expected != null) {
            checks.add(new Check(r.id(), field, expected.toString(), String.valueOf(actual),
                    Objects.equals(expected, actual)));
        }
    }
}
