package io.tollgate.cli;

import io.tollgate.app.DemoCatalog;
import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.TransactionView;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.clock.ClockService;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.Balance;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.Transaction;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.settlement.FeeRecord;
import io.tollgate.settlement.SettlementService;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.metering.PackageService;
import io.tollgate.lifecycle.ResourceLifecycle;
import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.OutboxService;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.RenewalAttempt;
import io.tollgate.subscription.Subscription;
import io.tollgate.subscription.SubscriptionService;
import org.springframework.stereotype.Component;

/** Plays a {@link Scenario} through the domain services and reports what it produced. */
@Component
public class ScenarioRunner {
    private static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2200-01-01T00:00:00Z");
    private static final int PAGE = 5000;

    private final CatalogService catalog;
    private final CustomerService customers;
    private final LedgerService ledger;
    private final SettlementService settlement;
    private final ClockService clock;
    private final ScenarioActions actions;
    private final SubscriptionService subscriptions;
    private final LifecycleService lifecycle;
    private final OutboxService outbox;
    private final MeterService meters;
    private final PackageService packages;

    public ScenarioRunner(CatalogService catalog, CustomerService customers, LedgerService ledger,
                          SettlementService settlement, ClockService clock, ScenarioActions actions, SubscriptionService subscriptions, LifecycleService lifecycle,
                          OutboxService outbox, MeterService meters, PackageService packages) {
        this.meters = meters;
        this.packages = packages;
        this.catalog = catalog;
        this.customers = customers;
        this.ledger = ledger;
        this.settlement = settlement;
        this.clock = clock;
        this.actions = actions;
        this.subscriptions = subscriptions;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
    }

    public record Check(String customer, String field, String expected, String actual, boolean ok) {
    }

    public record CustomerResult(String id, String currency, String cash, String arrears, String creditUsed,
                                 String charged, int feeRecordCount, List<FeeRecordView> feeRecords,
                                 List<TransactionView> transactions, List<Order> orders,
                                 List<Subscription> subscriptions, Map<String, List<RenewalAttempt>> renewalAttempts,
                                 List<ResourceLifecycle> lifecycle, List<OutboxEvent> events,
                                 List<PackageResult> packages) {
    }

    /** A resource package at the end of the run; quantities in the meter's price units, as strings. */
    public record PackageResult(String packageId, String meter, String name, String period, String status,
                                String quota, Instant periodStart, Instant periodEnd, String consumed,
                                String remaining, String consumedTotal) {
        static PackageResult of(PackageService.PackageBalance b) {
            return new PackageResult(b.pkg().id(), b.pkg().meter(), b.pkg().name(), b.pkg().period().name(),
                    b.status().name(), Amounts.format(b.pkg().quota()), b.periodStart(), b.periodEnd(),
                    Amounts.format(b.consumed()), Amounts.format(b.remaining()), Amounts.format(b.consumedTotal()));
        }
    }

    public record Result(String scenario, Instant start, Instant end, List<CustomerResult> customers,
                         List<Check> checks, boolean ok) {
    }

    public Result play(Scenario s) {
        if (s.start() == null || s.end() == null || s.end().isBefore(s.start())) {
            throw Failure.invalid("invalid-scenario", "a scenario needs start and end, end not before start");
        }
        installCatalog(s.catalog());
        for (Scenario.CustomerPart c : nullToEmpty(s.customers())) {
            customers.create(c.id(), c.name(), c.currency(), c.level());
        }
        int index = 0;
        for (Scenario.Step step : nullToEmpty(s.timeline())) {
            index++;
            try {
                playStep(step, index);
            } catch (Failure f) {
                throw new Failure(f.status(), f.code(), "step " + index + " at " + step.at() + ": " + f.getMessage());
            }
        }
        advance(s.end());
        List<CustomerResult> results = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (Scenario.CustomerPart c : nullToEmpty(s.customers())) {
            CustomerResult r = collect(c.id());
            results.add(r);
            Scenario.Expectation e = s.expect() == null ? null : s.expect().get(c.id());
            if (e != null) {
                checks.addAll(check(r, e));
            }
        }
        return new Result(s.name(), s.start(), s.end(), results, checks, checks.stream().allMatch(Check::ok));
    }

    private void installCatalog(Scenario.CatalogPart part) {
        if (part == null) {
            return;
        }
        if (Boolean.TRUE.equals(part.demo())) {
            DemoCatalog.install(catalog, meters, clock.clock().instant());
        }
        for (Scenario.ServiceTypePart t : nullToEmpty(part.serviceTypes())) {
            catalog.defineServiceType(t.code(), t.name());
        }
        for (Spec spec : nullToEmpty(part.specs())) {
            catalog.addSpec(spec);
        }
        for (ResourceType type : nullToEmpty(part.resourceTypes())) {
            catalog.defineResourceType(type);
        }
        for (CatalogService.PriceDraft p : nullToEmpty(part.prices())) {
            catalog.publishPrice(p);
        }
        for (Meter m : nullToEmpty(part.meters())) {
            meters.define(m);
        }
        for (MeterService.PriceDraft p : nullToEmpty(part.meterPrices())) {
            meters.publish(p);
        }
    }

    private void playStep(Scenario.Step step, int index) {
        if (step.at() == null) {
            throw Failure.invalid("invalid-scenario", "every step needs 'at'");
        }
        long count = java.util.stream.Stream.of(step.topUp(), step.event(), step.publishPrice(), step.purchase(),
                step.payOrder(), step.cancelOrder(), step.renew(), step.change(), step.unsubscribe(), step.toPrepaid(),
                step.toPayPerUseAtExpiry(), step.autoRenew(), step.deductionDays(), step.creditLimit(),
                step.lifecyclePolicy(), step.usage(), step.grantPackage()).filter(java.util.Objects::nonNull).count();
        if (count != 1) {
            throw Failure.invalid("invalid-scenario", "a step does exactly one thing (" + count + " given)");
        }
        advance(step.at());
        if (step.refused() == null) {
            actions.act(step, index);
            return;
        }
        try {
            actions.act(step, index);
        } catch (Failure f) {
            if (!f.code().equals(step.refused())) {
                throw new Failure(f.status(), f.code(), "expected refusal " + step.refused() + " but got " + f.code()
                        + ": " + f.getMessage());
            }
            return;
        }
        throw Failure.unprocessable("scenario-expectation", "the step was expected to be refused with "
                + step.refused() + " but succeeded");
    }


    private void advance(Instant to) {
        if (to.isAfter(clock.clock().instant())) {
            clock.advanceTo(to);
        }
    }

    private CustomerResult collect(String customerId) {
        Balance b = ledger.balance(customerId);
        List<FeeRecordView> fees = new ArrayList<>();
        BigDecimal charged = BigDecimal.ZERO.setScale(2);
        long after = 0;
        while (true) {
            List<FeeRecord> page = settlement.feeRecords(customerId, FAR_PAST, FAR_FUTURE, null, after, PAGE);
            for (FeeRecord f : page) {
                fees.add(FeeRecordView.of(f));
                charged = charged.add(f.chargedAmount());
                after = f.id();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        List<TransactionView> txs = new ArrayList<>();
        long afterTx = 0;
        while (true) {
            List<Transaction> page = ledger.transactions(customerId, FAR_PAST, FAR_FUTURE, afterTx, PAGE);
            for (Transaction t : page) {
                txs.add(TransactionView.of(t, b.currency()));
                afterTx = t.id();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        List<Subscription> subs = subscriptions.subscriptions(customerId, null, PAGE);
        Map<String, List<RenewalAttempt>> attempts = new LinkedHashMap<>();
        subs.forEach(s -> attempts.put(s.resourceId(), subscriptions.attempts(customerId, s.resourceId())));
        return new CustomerResult(customerId, b.currency(), Amounts.format(b.cash()), Amounts.format(b.arrears()),
                Amounts.format(b.creditUsed()), Amounts.format(charged), fees.size(), fees, txs,
                subscriptions.orders(customerId, null, null, 0, PAGE), subs, attempts,
                lifecycle.page(customerId, null, PAGE), outbox.after(0, customerId, null, PAGE),
                packages.page(customerId, null, null, PAGE).stream().map(PackageResult::of).toList());
    }

    private static List<Check> check(CustomerResult r, Scenario.Expectation e) {
        Map<String, String[]> pairs = new LinkedHashMap<>();
        pairs.put("cash", new String[] {e.cash(), r.cash()});
        pairs.put("arrears", new String[] {e.arrears(), r.arrears()});
        pairs.put("creditUsed", new String[] {e.creditUsed(), r.creditUsed()});
        pairs.put("charged", new String[] {e.charged(), r.charged()});
        pairs.put("feeRecords", new String[] {e.feeRecords() == null ? null : e.feeRecords().toString(),
                Integer.toString(r.feeRecordCount())});
        List<Check> checks = new ArrayList<>();
        pairs.forEach((field, v) -> {
            if (v[0] != null) {
                boolean ok = field.equals("feeRecords") ? v[0].equals(v[1])
                        : new BigDecimal(v[0]).compareTo(new BigDecimal(v[1])) == 0;
                checks.add(new Check(r.id(), field, v[0], v[1], ok));
            }
        });
        if (e.subscriptions() != null) {
            e.subscriptions().forEach((resourceId, want) -> {
                Subscription got = r.subscriptions().stream().filter(s -> s.resourceId().equals(resourceId))
                        .findFirst().orElse(null);
                String expiry = got == null ? "none" : got.expiresAt().toString();
                String status = got == null ? "none" : got.status();
                if (want.expiresAt() != null) {
                    checks.add(new Check(r.id(), resourceId + ".expiresAt", want.expiresAt().toString(), expiry,
                            want.expiresAt().toString().equals(expiry)));
                }
                if (want.status() != null) {
                    checks.add(new Check(r.id(), resourceId + ".status", want.status(), status,
                            want.status().equals(status)));
                }
            });
        }
        if (e.packages() != null) {
            e.packages().forEach((id, want) -> checks.addAll(checkPackage(r, id, want)));
        }
        if (e.feeLines() != null) {
            checks.addAll(ScenarioLineChecks.feeLines(r, e.feeLines()));
        }
        if (e.transactions() != null) {
            checks.addAll(ScenarioLineChecks.transactions(r, e.transactions()));
        }
        if (e.lifecycleTransitions() != null) {
            checks.addAll(ScenarioLineChecks.transitions(r, e.lifecycleTransitions()));
        }
        checks.addAll(ScenarioPrepaidChecks.check(r, e));
        if (e.lifecycle() != null) {
            e.lifecycle().forEach((resourceId, want) -> {
                String state = r.lifecycle().stream().filter(l -> l.resourceId().equals(resourceId))
                        .map(l -> l.state().name()).findFirst().orElse("none");
                checks.add(new Check(r.id(), resourceId + ".lifecycle", want, state, want.equals(state)));
            });
        }
        return checks;
    }

    private static List<Check> checkPackage(CustomerResult r, String id, Scenario.PackageExpectation want) {
        PackageResult got = r.packages().stream().filter(p -> p.packageId().equals(id)).findFirst().orElse(null);
        List<Check> checks = new ArrayList<>();
        if (want.status() != null) {
            String status = got == null ? "none" : got.status();
            checks.add(new Check(r.id(), id + ".status", want.status(), status, want.status().equals(status)));
        }
        Map<String, String[]> amounts = new LinkedHashMap<>();
        amounts.put("remaining", new String[] {want.remaining(), got == null ? null : got.remaining()});
        amounts.put("consumedTotal", new String[] {want.consumedTotal(), got == null ? null : got.consumedTotal()});
        amounts.forEach((field, v) -> {
            if (v[0] != null) {
                boolean ok = v[1] != null && new BigDecimal(v[0]).compareTo(new BigDecimal(v[1])) == 0;
                checks.add(new Check(r.id(), id + "." + field, v[0], v[1] == null ? "none" : v[1], ok));
            }
        });
        return checks;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
