package io.tollgate.lifecycle;

import io.tollgate.catalog.CatalogService;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.ArrearsChanged;
import io.tollgate.ledger.LedgerService;
import io.tollgate.lifecycle.core.Lifecycle;
import io.tollgate.jobs.Batches;
import io.tollgate.jobs.JobItems;
import io.tollgate.lifecycle.store.LifecycleStore;
import io.tollgate.notify.OutboxService;
import io.tollgate.resource.EventType;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceChanged;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.TermExpired;
import io.tollgate.subscription.TermRenewed;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Moves resources through ACTIVE -> GRACE -> FROZEN -> RELEASED and tells the platform through the outbox. */
@Service
public class LifecycleService {
    private static final int BATCH = 500;
    private static final String PPU = BillingMode.PAY_PER_USE.name();

    private final LifecycleStore store;
    private final ResourceService resources;
    private final CustomerService customers;
    private final LedgerService ledger;
    private final CatalogService catalog;
    private final OutboxService outbox;
    private final io.tollgate.settlement.SettlementService settlement;
    private final Clock clock;
    private final TransactionTemplate tx;

    public LifecycleService(LifecycleStore store, ResourceService resources, CustomerService customers,
                            LedgerService ledger, CatalogService catalog, OutboxService outbox,
                            io.tollgate.settlement.SettlementService settlement, Clock clock,
                            PlatformTransactionManager transactions) {
        this.settlement = settlement;
        this.store = store;
        this.resources = resources;
        this.customers = customers;
        this.ledger = ledger;
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** New resources start ACTIVE (or in GRACE, for pay-per-use while the customer is in arrears); deletions end the row. */
    @EventListener
    public void onResourceChanged(ResourceChanged e) {
        if (e.type() == EventType.CREATED) {
            Resource r = resources.resource(e.resourceId());
            ResourceLifecycle row = new ResourceLifecycle(r.id(), r.customerId(), r.billingMode().name(),
                    LifecycleState.ACTIVE, null, e.occurredAt(), null, 0, false);
            store.insert(row);
            if (r.billingMode() == BillingMode.PAY_PER_USE && ledger.balance(r.customerId()).inArrears()) {
                enterGrace(store.lock(r.id()).orElseThrow(), Lifecycle.Reason.ARREARS, e.occurredAt());
            }
        } else if (e.type() == EventType.DELETED) {
            store.lock(e.resourceId()).ifPresent(row -> store.update(new ResourceLifecycle(row.resourceId(),
                    row.customerId(), row.billingMode(), row.state(), row.reason(), row.since(), null, row.seq(), true)));
        } else if (e.type() == EventType.RELEASED) {
            // Released by an unsubscription (the lifecycle's own releases are saved before they happen).
            store.lock(e.resourceId()).filter(row -> row.state() != LifecycleState.RELEASED)
                    .ifPresent(row -> save(row, new Lifecycle.Step(LifecycleState.RELEASED, null), row.reason(),
                            e.occurredAt()));
        } else if (e.type() == EventType.MODE_CHANGED) {
            Resource r = resources.resource(e.resourceId());
            store.lock(e.resourceId()).ifPresent(row -> {
                ResourceLifecycle moved = new ResourceLifecycle(row.resourceId(), row.customerId(),
                        r.billingMode().name(), row.state(), row.reason(), row.since(), row.nextTransitionAt(),
                        row.seq(), row.deleted());
                store.update(moved);
                // A paid prepaid term owes no arrears: a pay-per-use resource in grace or frozen for the
                // customer's arrears that turns yearly/monthly leaves that lifecycle (ACTIVE, no deadline),
                // and the arrears schedule no longer sees it (it only moves pay-per-use rows).
                boolean arrears = Lifecycle.Reason.ARREARS.name().equals(row.reason())
                        && (row.state() == LifecycleState.GRACE || row.state() == LifecycleState.FROZEN);
                if (r.billingMode() == BillingMode.YEARLY_MONTHLY && arrears) {
                    restore(moved, e.occurredAt());
                }
            });
        }
    }

    /**
     * Applies the arrears changes the ledger recorded (job {@code arrears}, item = customer): arrears
     * put the customer's active pay-per-use resources in grace, paying them off restores them. Runs
     * after the money moves committed, in transactions of its own (lifecycle rows, then resources and
     * their schedules; never a ledger lock first), so it cannot deadlock with settlement or top-ups.
     */
    public int applyArrears(JobItems items) {
        int applied = 0;
        while (true) {
            Batches.Done n = Batches.run(tx, () -> ledger.claimArrearsChanges(BATCH, items.held(), null),
                    ArrearsChanged::customerId, id -> ledger.claimArrearsChanges(Integer.MAX_VALUE, List.of(), id),
                    changes -> {
                        changes.forEach(this::applyArrears);
                        return (long) changes.size();
                    }, items);
            if (n.items() == 0) {
                return applied;
            }
            applied += n.items();
        }
    }

    /** Applies one customer's recorded arrears changes now (right after a top-up of that customer). */
    public void applyArrearsOf(String customerId) {
        applyArrearsOf(List.of(customerId));
    }

    /** As {@link #applyArrearsOf(String)} for several customers (a combined group of top-ups), in one transaction. */
    public void applyArrearsOf(java.util.Collection<String> customerIds) {
        tx.executeWithoutResult(status -> new java.util.TreeSet<>(customerIds).forEach(id ->
                ledger.claimArrearsChanges(Integer.MAX_VALUE, List.of(), id).forEach(this::applyArrears)));
    }

    private void applyArrears(ArrearsChanged e) {
        if (e.inArrears()) {
            for (ResourceLifecycle row : store.lockCustomer(e.customerId(), PPU, List.of(LifecycleState.ACTIVE))) {
                enterGrace(row, Lifecycle.Reason.ARREARS, e.at());
            }
        } else {
            for (ResourceLifecycle row : store.lockCustomer(e.customerId(), PPU,
                    List.of(LifecycleState.GRACE, LifecycleState.FROZEN))) {
                if (Lifecycle.Reason.ARREARS.name().equals(row.reason())) {
                    restore(row, e.at());
                }
            }
        }
    }

    @EventListener
    public void onTermExpired(TermExpired e) {
        store.lock(e.resourceId()).filter(row -> row.state() == LifecycleState.ACTIVE && !row.deleted())
                .ifPresent(row -> enterGrace(row, Lifecycle.Reason.EXPIRY, e.expiredAt()));
    }

    @EventListener
    public void onTermRenewed(TermRenewed e) {
        store.lock(e.resourceId()).filter(row -> row.state() == LifecycleState.GRACE
                        || row.state() == LifecycleState.FROZEN)
                .ifPresent(row -> restore(row, e.at()));
    }

    /** Runs the deadlines that fell due (grace -> frozen -> released), batch by batch; returns how many moved. */
    public int runDue(int maxBatches) {
        return runDue(maxBatches, JobItems.STRICT);
    }

    /** As {@link #runDue(int)}, one resource's failure rolling back only its own transition. */
    public int runDue(int maxBatches, JobItems items) {
        int moved = 0;
        Instant now = clock.instant();
        for (int i = 0; i < maxBatches; i++) {
            Batches.Done n = Batches.run(tx, () -> store.claimDue(now, BATCH, items.held()),
                    ResourceLifecycle::resourceId, id -> store.claimDueOne(now, id), this::runBatch, items);
            if (n.items() == 0) {
                break;
            }
            moved += n.items();
        }
        return moved;
    }

    public Optional<Instant> nextDue() {
        return store.nextDue();
    }

    private long runBatch(List<ResourceLifecycle> due) {
        for (ResourceLifecycle row : due) {
            Instant at = row.nextTransitionAt();
            Lifecycle.Step step = Lifecycle.deadline(row.state(), at, policy(row.customerId()));
            if (step.state() == LifecycleState.FROZEN) {
                // A freeze due inside an hour already settled (no grace days, or downtime longer than
                // the grace period) takes effect at the first open hour: the settled hours stand, the
                // resource was usable until then, and the release deadline stays where the policy put it.
                Instant effective = settlement.firstOpenHour(row.resourceId()).filter(t -> t.isAfter(at)).orElse(at);
                save(row, step, row.reason(), effective);
                resources.freeze(row.resourceId(), effective);
            } else {
                save(row, step, row.reason(), at);
                resources.release(row.resourceId(), at);
            }
        }
        return due.size();
    }

    private void enterGrace(ResourceLifecycle row, Lifecycle.Reason reason, Instant at) {
        save(row, Lifecycle.enterGrace(row.state(), at, policy(row.customerId())), reason.name(), at);
    }

    private void restore(ResourceLifecycle row, Instant at) {
        if (row.state() == LifecycleState.FROZEN) {
            resources.unfreeze(row.resourceId(), at);
        }
        save(row, Lifecycle.restore(row.state()), null, at);
    }

    private void save(ResourceLifecycle row, Lifecycle.Step step, String reason, Instant at) {
        int seq = row.seq() + 1;
        store.update(new ResourceLifecycle(row.resourceId(), row.customerId(), row.billingMode(), step.state(), reason,
                at, step.nextTransitionAt(), seq, step.state() == LifecycleState.RELEASED || row.deleted()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("resourceId", row.resourceId());
        payload.put("state", step.state().name());
        payload.put("previousState", row.state().name());
        payload.put("reason", reason == null ? row.reason() : reason);
        payload.put("at", at.toString());
        payload.put("nextTransitionAt", step.nextTransitionAt() == null ? null : step.nextTransitionAt().toString());
        outbox.append("lifecycle:" + row.resourceId() + ":" + seq, "lifecycle." + step.state().name().toLowerCase(),
                row.customerId(), row.resourceId(), payload, at);
    }

    private Lifecycle.Policy policy(String customerId) {
        return store.policy(customers.customer(customerId).level());
    }

    /** May the platform create or start a resource of this type and mode for this customer now? */
    public Admission admission(String customerId, String resourceType, BillingMode mode) {
        customers.customer(customerId);
        catalog.resourceType(resourceType);
        BillingMode m = mode == null ? BillingMode.PAY_PER_USE : mode;
        if (m == BillingMode.PAY_PER_USE && ledger.balance(customerId).inArrears()) {
            return new Admission(false, "customer-in-arrears",
                    "customer " + customerId + " is in arrears: top up before creating or starting pay-per-use resources");
        }
        return new Admission(true, null, null);
    }

    public ResourceLifecycle state(String resourceId) {
        return store.find(resourceId).orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + resourceId));
    }

    /** Resources in {@code state} (GRACE: the deadline is the freeze; FROZEN: the release) due in [from, to). */
    public List<ResourceLifecycle> withDeadlineBetween(LifecycleState state, Instant from, Instant to, String afterId,
                                                       int limit) {
        return store.withDeadlineBetween(state.name(), from, to, afterId, limit);
    }

    public List<ResourceLifecycle> page(String customerId, String afterId, int limit) {
        return store.page(customerId, afterId, limit);
    }

    /** The levels with a policy of their own; any other level has {@link io.tollgate.lifecycle.core.Lifecycle.Policy#DEFAULT}. */
    public java.util.Map<String, Lifecycle.Policy> policies() {
        return store.policies();
    }

    @Transactional
    public void setPolicy(String level, int graceDays, int retentionDays) {
        if (level == null || level.isBlank() || graceDays < 0 || graceDays > 365 || retentionDays < 0
                || retentionDays > 365) {
            throw Failure.invalid("invalid-policy", "grace and retention are 0 to 365 days for a named level");
        }
        store.savePolicy(level, graceDays, retentionDays);
    }
}
