package io.tollgate.funds;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.promotion.BalanceAlerts;
import io.tollgate.combining.Combiner;
import io.tollgate.combining.Fate;
import io.tollgate.combining.Savepoint;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A top-up and what follows it, in order (package-info): the one way money comes in, for the API
 * and the scenario runner.
 *
 * <p>Top-ups are write-combined (issue 14, {@code tollgate.topups.combiners}, default 0: off,
 * see BENCHMARKS.md): those
 * that arrive while a top-up transaction is in flight are posted together in the next one, each in
 * a savepoint of its own (a refused top-up, an idempotency conflict or an unknown customer rolls
 * back to its savepoint and fails alone; its neighbours commit), after the group's accounts were
 * locked in id order. Each caller gets its own result, or its own refusal, once the transaction
 * has committed; a replayed key answers its first result as before. Any other failure (a deadlock,
 * a lost connection, a failed commit) fails the group, which is then run top-up by top-up, so
 * what cannot be done fails alone. The follow-ups run once per group, for its customers.
 */
@Service
public class TopUps {
    private static final Logger LOG = LoggerFactory.getLogger(TopUps.class);
    private static final int MAX_GROUP = 500;
    private final LedgerService ledger;
    private final LifecycleService lifecycle;
    private final BalanceAlerts alerts;
    private final TransactionTemplate tx;
    private final Savepoint savepoint;
    private final Combiner<Request, Fate<TopUpResult>> combiner;

    /** One top-up asked for. */
    record Request(String customerId, String amount, String idempotencyKey) {
    }

    TopUps(LedgerService ledger, LifecycleService lifecycle, BalanceAlerts alerts, PlatformTransactionManager txm,
           @Value("${tollgate.topups.combiners:0}") int combiners, MeterRegistry metrics) {
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.alerts = alerts;
        this.tx = new TransactionTemplate(txm);
        this.savepoint = new Savepoint(txm);
        this.combiner = new Combiner<>("top-up", combiners, MAX_GROUP, r -> 1, this::group, this::alone, metrics,
                "tollgate.topups.per.transaction");
    }

    public TopUpResult topUp(String customerId, String amount, String idempotencyKey) {
        return combiner.submit(new Request(customerId, amount, idempotencyKey)).get();
    }

    /** One top-up in its own transaction, then its follow-ups; a refusal is thrown. */
    private Fate<TopUpResult> alone(Request r) {
        // 1. the money (its own transaction)
        TopUpResult t = ledger.topUp(r.customerId(), r.amount(), r.idempotencyKey());
        followUps(List.of(r.customerId()));
        return Fate.of(t);
    }

    /** Top-ups in one transaction, each in a savepoint; a failure of the transaction itself is thrown. */
    private List<Fate<TopUpResult>> group(List<Request> requests) {
        List<Fate<TopUpResult>> fates = tx.execute(status -> {
            ledger.lockAccountsOf(requests.stream().map(Request::customerId).filter(java.util.Objects::nonNull)
                    .toList());
            return savepoint.each(requests, r -> ledger.topUp(r.customerId(), r.amount(), r.idempotencyKey()));
        });
        Set<String> topped = new LinkedHashSet<>();
        fates.stream().filter(f -> f.failure() == null).forEach(f -> topped.add(f.result().customerId()));
        if (!topped.isEmpty()) {
            followUps(topped);
        }
        return fates;
    }

    /**
     * 2. what the money changed for the customers' resources (a transaction of its own, after the
     * money's); 3. the balance alerts: back above the threshold, they are armed again (their own
     * transaction). The money is in by now: a follow-up that fails is logged, and the arrears job
     * applies what it left at its next run.
     */
    private void followUps(java.util.Collection<String> customerIds) {
        each(customerIds, "arrears not applied after a top-up (the arrears job applies them)",
                lifecycle::applyArrearsOf);
        each(customerIds, "balance alerts not checked after a top-up", alerts::checkNow);
    }

    /** The step for all the customers at once; if that fails, customer by customer, so one cannot hold back the others. */
    private static void each(java.util.Collection<String> customerIds, String failed,
                             java.util.function.Consumer<java.util.Collection<String>> step) {
        try {
            step.accept(customerIds);
        } catch (RuntimeException all) {
            for (String id : customerIds.size() == 1 ? List.<String>of() : customerIds) {
                try {
                    step.accept(List.of(id));
                } catch (RuntimeException e) {
                    LOG.warn("customer {}: {} ({})", id, failed, e.toString());
                }
            }
            if (customerIds.size() == 1) {
                LOG.warn("customer {}: {} ({})", customerIds.iterator().next(), failed, all.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        combiner.close();
    }
}
