package io.tollgate.cli;

import io.tollgate.catalog.CatalogService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.metering.MeteringService;
import io.tollgate.metering.PackageService;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageRecord;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterService;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.OrderStatus;
import io.tollgate.subscription.SubscriptionService;
import io.tollgate.subscription.UnsubscriptionService;
import java.util.List;
import org.springframework.stereotype.Component;

/** Carries out one scenario step through the same services the API uses. */
@Component
class ScenarioActions {
    private final CatalogService catalog;
    private final LedgerService ledger;
    private final ResourceService resources;
    private final SubscriptionService subscriptions;
    private final UnsubscriptionService unsubscriptions;
    private final LifecycleService lifecycle;
    private final MeteringService metering;
    private final PackageService packages;
    private final MeterService meters;
    private final io.tollgate.funds.TopUps topUps;
    private final java.time.ZoneId zone;

    ScenarioActions(CatalogService catalog, LedgerService ledger, ResourceService resources,
                    SubscriptionService subscriptions, UnsubscriptionService unsubscriptions, LifecycleService lifecycle,
                    MeteringService metering, PackageService packages, MeterService meters,
                    io.tollgate.funds.TopUps topUps, java.time.Clock clock) {
        this.meters = meters;
        this.topUps = topUps;
        this.zone = clock.getZone();
        this.metering = metering;
        this.packages = packages;
        this.catalog = catalog;
        this.ledger = ledger;
        this.resources = resources;
        this.subscriptions = subscriptions;
        this.unsubscriptions = unsubscriptions;
        this.lifecycle = lifecycle;
    }

    /**
     * {@code index} is the step's place in the timeline: with the time it makes the step's
     * idempotency key, so two steps at the same instant (two purchases, a top-up and a renewal)
     * never share one.
     */
    void act(Scenario.Step step, int index) {
        String key = "scenario-" + index + "-" + step.at().toEpochMilli();
        if (step.topUp() != null) {
            Scenario.TopUpPart t = step.topUp();
            topUps.topUp(t.customer(), t.amount(), t.idempotencyKey() == null ? key : t.idempotencyKey());
        } else if (step.event() != null) {
            ResourceEvent e = step.event();
            resources.report(e.occurredAt() != null ? e : new ResourceEvent(e.eventId(), e.type(), e.resourceId(),
                    e.customerId(), step.at(), e.resourceType(), e.specCode(), e.region(), e.billingMode(), e.nodes(),
                    e.sizeGb(), e.enterpriseProject(), e.tags(), e.poolId()));
        } else if (step.publishPrice() != null) {
            catalog.publishPrice(step.publishPrice());
        } else if (step.purchase() != null) {
            Scenario.PurchasePart p = step.purchase();
            subscriptions.purchase(p.customer(), new SubscriptionService.PurchaseRequest(p.resourceType(), p.specCode(),
                    p.region(), p.nodes(), p.term(), p.autoRenew(), p.resourceId(), p.sizeGb()),
                    p.idempotencyKey() == null ? key : p.idempotencyKey());
        } else if (step.payOrder() != null) {
            subscriptions.pay(step.payOrder().customer(), latestOrder(step.payOrder()).id());
        } else if (step.cancelOrder() != null) {
            subscriptions.cancel(step.cancelOrder().customer(), latestOrder(step.cancelOrder()).id());
        } else if (step.renew() != null) {
            subscriptions.renew(step.renew().customer(), step.renew().resourceId(), step.renew().term(), key);
        } else if (step.change() != null) {
            Scenario.ChangePart c = step.change();
            subscriptions.change(c.customer(), c.resourceId(),
                    new SubscriptionService.ChangeRequest(c.specCode(), c.nodes(), c.sizeGb()), key);
        } else if (step.unsubscribe() != null) {
            unsubscriptions.unsubscribe(step.unsubscribe().customer(), step.unsubscribe().resourceId(), key);
        } else if (step.toPrepaid() != null) {
            Scenario.RenewPart r = step.toPrepaid();
            subscriptions.toPrepaid(r.customer(), r.resourceId(), r.term(), r.autoRenew(), key);
        } else if (step.toPayPerUseAtExpiry() != null) {
            subscriptions.toPayPerUseAtExpiry(step.toPayPerUseAtExpiry().customer(),
                    step.toPayPerUseAtExpiry().resourceId(), true);
        } else if (step.autoRenew() != null) {
            Scenario.TogglePart t = step.autoRenew();
            subscriptions.setAutoRenew(t.customer(), t.resourceId(), t.enabled() == null || t.enabled());
        } else if (step.deductionDays() != null) {
            subscriptions.setDeductionDays(step.deductionDays().customer(), step.deductionDays().days());
        } else if (step.creditLimit() != null) {
            ledger.setCreditLimit(step.creditLimit().customer(), step.creditLimit().amount());
        } else if (step.lifecyclePolicy() != null) {
            Scenario.PolicyPart p = step.lifecyclePolicy();
            lifecycle.setPolicy(p.level(), p.graceDays(), p.retentionDays());
        } else if (step.usage() != null) {
            report(step);
        } else {
            Scenario.GrantPart g = step.grantPackage();
            packages.grant(g.customer(), new PackageService.Grant(g.packageId(), g.meter(), g.name(), g.quota(),
                    g.period(), g.startsAt() == null ? step.at() : g.startsAt(), g.expiresAt()));
        }
    }

    /**
     * Ingests the step's usage records as the API does, a record spanning several clock hours split
     * at the hours first ({@link UsageSplit}); a refused record fails the step with its code.
     */
    private void report(Scenario.Step step) {
        java.util.Map<String, Meter.Measure> measures = new java.util.HashMap<>();
        meters.meters().forEach(m -> measures.put(m.code(), m.measure()));
        List<UsageRecord> records = new java.util.ArrayList<>();
        for (UsageRecord r : step.usage()) {
            Meter.Measure measure = r == null || r.meter() == null ? null : measures.get(r.meter());
            records.addAll(r == null || measure == null ? java.util.Collections.singletonList(r)
                    : UsageSplit.byHour(r, measure, zone));
        }
        for (RecordOutcome o : metering.ingest(records)) {
            if (o.status() == RecordOutcome.Status.REFUSED) {
                throw Failure.unprocessable(o.code(), "usage record " + o.recordId() + " refused: " + o.detail());
            }
        }
    }

    /** The latest order of a resource (what a scenario pays or cancels). */
    private Order latestOrder(Scenario.OrderRef ref) {
        List<Order> orders = subscriptions.orders(ref.customer(), null, OrderStatus.PENDING_PAYMENT.name(), 0, 500);
        return orders.stream().filter(o -> o.resourceId().equals(ref.resourceId())).reduce((a, b) -> b)
                .orElseThrow(() -> Failure.notFound("unknown-order", "no pending order for " + ref.resourceId()));
    }
}
