package io.tollgate.simulation;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Unit;
import io.tollgate.clock.ClockService;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.metering.MeteringService;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageRecord;
import io.tollgate.resource.EventOutcome;
import io.tollgate.resource.EventType;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.SubscriptionService;
import io.tollgate.subscription.UnsubscriptionService;
import io.tollgate.subscription.core.Term;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies steps through the services the scenario runner uses (the API's services), in one running
 * application. A business refusal comes out as the service's {@link Failure}; what a fault step must
 * do (a duplicate or a reordered event, a replayed top-up, a re-sent record: the first result again,
 * or the refusal, and nothing written) is checked here against the database, and a breach is a
 * {@link Violation}.
 */
final class SimulationPlayer {
    private final ClockService clock;
    private final CustomerService customers;
    private final LedgerService ledger;
    private final ResourceService resources;
    private final MeteringService metering;
    private final SubscriptionService subscriptions;
    private final UnsubscriptionService unsubscriptions;
    private final LifecycleService lifecycle;
    private final CatalogService catalog;
    private final JdbcTemplate jdbc;
    /** First answers of top-ups by key, kept across restarts by the simulation. */
    private final Map<String, TopUpResult> topUps;

    SimulationPlayer(ApplicationContext context, Map<String, TopUpResult> topUps) {
        this.clock = context.getBean(ClockService.class);
        this.customers = context.getBean(CustomerService.class);
        this.ledger = context.getBean(LedgerService.class);
        this.resources = context.getBean(ResourceService.class);
        this.metering = context.getBean(MeteringService.class);
        this.subscriptions = context.getBean(SubscriptionService.class);
        this.unsubscriptions = context.getBean(UnsubscriptionService.class);
        this.lifecycle = context.getBean(LifecycleService.class);
        this.catalog = context.getBean(CatalogService.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.topUps = topUps;
    }

    /** Moves the clock to the step's time (the jobs run on the way); never backwards. */
    void advance(Instant to) {
        // The jobs run before every step, as the scheduler runs them every minute in real time, even when
        // two steps share an instant: a resource created in arrears with no grace days is due to freeze at
        // once (seed 304 found the check after a restart seeing it before any job had run).
        Instant now = clock.clock().instant();
        clock.advanceTo(to.isAfter(now) ? to : now);
    }

    Instant now() {
        return clock.clock().instant();
    }

    /** Applies one step (the clock is already at its time). */
    void apply(Step step) {
        String key = "sim-" + step.id();
        if (step instanceof Step.NewCustomer s) {
            customers.create(s.customer(), "simulated " + s.customer(), "CNY", s.level());
        } else if (step instanceof Step.TopUp s) {
            topUp(s);
        } else if (step instanceof Step.CreditLimit s) {
            ledger.setCreditLimit(s.customer(), s.amount());
        } else if (step instanceof Step.Event s) {
            event(s);
        } else if (step instanceof Step.Usage s) {
            usage(s);
        } else if (step instanceof Step.Purchase s) {
            subscriptions.purchase(s.customer(), new SubscriptionService.PurchaseRequest("modelarts.lite-server",
                    s.spec(), SimulationGenerator.REGION, s.nodes(), months(s.months()), s.autoRenew(), s.resource(),
                    null), key);
        } else if (step instanceof Step.Renew s) {
            subscriptions.renew(s.customer(), s.resource(), months(s.months()), key);
        } else if (step instanceof Step.Change s) {
            subscriptions.change(s.customer(), s.resource(), new SubscriptionService.ChangeRequest(s.spec(), s.nodes(),
                    null), key);
        } else if (step instanceof Step.Unsubscribe s) {
            unsubscriptions.unsubscribe(s.customer(), s.resource(), key);
        } else if (step instanceof Step.AutoRenew s) {
            subscriptions.setAutoRenew(s.customer(), s.resource(), s.enabled());
        } else if (step instanceof Step.ToPrepaid s) {
            subscriptions.toPrepaid(s.customer(), s.resource(), months(s.months()), false, key);
        } else if (step instanceof Step.PublishPrice s) {
            catalog.publishPrice(new CatalogService.PriceDraft(s.spec(), SimulationGenerator.REGION,
                    BillingMode.PAY_PER_USE, Unit.HOUR, s.unitPrice(), "CNY", s.at()));
        } else if (step instanceof Step.LifecyclePolicy s) {
            lifecycle.setPolicy(s.level(), s.graceDays(), s.retentionDays());
        } else if (!(step instanceof Step.Downtime)) {
            throw new IllegalArgumentException("the player does not apply " + step);
        }
    }

    private static SubscriptionService.TermRequest months(int count) {
        return new SubscriptionService.TermRequest(Term.TermUnit.MONTH, count);
    }

    private void topUp(Step.TopUp s) {
        TopUpResult first = topUps.get(s.idempotencyKey());
        String before = fingerprint();
        TopUpResult result = ledger.topUp(s.customer(), s.amount(), s.idempotencyKey());
        if (first == null) {
            topUps.put(s.idempotencyKey(), result);
            return;
        }
        if (!result.replay() || result.entryId() != first.entryId() || result.amount().compareTo(first.amount()) != 0
                || result.toArrears().compareTo(first.toArrears()) != 0 || result.toCash().compareTo(first.toCash()) != 0
                || result.toCredit().compareTo(first.toCredit()) != 0 || !result.businessTime().equals(first.businessTime())) {
            throw new Violation("top-up-replay", "key " + s.idempotencyKey() + " answered " + result + ", first " + first);
        }
        unchanged("top-up-replay", before, s);
    }

    private void event(Step.Event s) {
        ResourceEvent e = new ResourceEvent(s.eventId(), EventType.valueOf(s.type()), s.resource(), s.customer(),
                s.occurredAt(), s.resourceType(), s.spec(), s.type().equals("CREATED") ? SimulationGenerator.REGION : null,
                null, s.nodes(), s.sizeGb(), null, null, null);
        boolean known = Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from resource_event where event_id = ?)", Boolean.class, s.eventId()));
        Timestamp last = jdbc.queryForObject("select max(occurred_at) from resource_event where resource_id = ?",
                Timestamp.class, s.resource());
        boolean older = !known && last != null && !s.type().equals("CREATED") && s.occurredAt().isBefore(last.toInstant());
        String before = fingerprint();
        EventOutcome outcome;
        try {
            outcome = resources.report(e);
        } catch (Failure f) {
            if (older && !f.code().equals("event-out-of-order")) {
                throw new Violation("event-out-of-order", s.eventId() + " older than " + last.toInstant()
                        + " was refused " + f.code() + ", not event-out-of-order");
            }
            unchanged("refusal-writes-nothing", before, s);
            throw f;
        }
        if (older) {
            throw new Violation("event-out-of-order", s.eventId() + " at " + s.occurredAt() + " older than the last event "
                    + last.toInstant() + " of " + s.resource() + " was applied");
        }
        if (known && outcome.status() != EventOutcome.Status.DUPLICATE) {
            throw new Violation("event-duplicate", s.eventId() + " re-sent was " + outcome.status());
        }
        if (known) {
            unchanged("event-duplicate", before, s);
        }
    }

    private void usage(Step.Usage s) {
        boolean known = Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from metering_record where record_id = ?)", Boolean.class, s.recordId()));
        String before = fingerprint();
        List<RecordOutcome> outcomes = metering.ingest(List.of(new UsageRecord(s.recordId(), s.customer(), s.resource(),
                s.meter(), s.quantity(), s.windowStart(), s.windowEnd(), null, null, null)));
        RecordOutcome o = outcomes.get(0);
        if (known) {
            // A record id already stored with this content answers DUPLICATE, whatever happened to its
            // resource since (frozen, deleted): the platform retrying a delivery is told it was taken.
            if (o.status() != RecordOutcome.Status.DUPLICATE) {
                throw new Violation("usage-duplicate", s.recordId() + " re-sent was " + o.status() + " "
                        + (o.code() == null ? "" : o.code()));
            }
            unchanged("usage-duplicate", before, s);
            return;
        }
        if (o.status() == RecordOutcome.Status.REFUSED) {
            unchanged("refusal-writes-nothing", before, s);
            throw Failure.unprocessable(o.code(), "usage record " + s.recordId() + " refused: " + o.detail());
        }
    }

    private void unchanged(String invariant, String before, Step s) {
        String after = fingerprint();
        if (!after.equals(before)) {
            throw new Violation(invariant, "step " + s.id() + " changed " + before + " to " + after);
        }
    }

    /** Row counts of what a step may write, and the sum of all balances. */
    private String fingerprint() {
        return jdbc.queryForObject("select concat_ws(' ', (select count(*) from resource_event), "
                + "(select count(*) from resource_segment), (select count(*) from ledger_posting), "
                + "(select count(*) from settlement_fee_record), (select count(*) from metering_record), "
                + "(select count(*) from metering_usage_line), (select count(*) from notify_outbox), "
                + "(select count(*) from subscription_order), (select coalesce(sum(balance), 0) from ledger_account))",
                String.class);
    }
}
