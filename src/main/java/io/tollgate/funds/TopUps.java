package io.tollgate.funds;

import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.promotion.BalanceAlerts;
import org.springframework.stereotype.Service;

/** A top-up and what follows it, in order (package-info): the one way money comes in, for the API and the scenario runner. */
@Service
public class TopUps {
    private final LedgerService ledger;
    private final LifecycleService lifecycle;
    private final BalanceAlerts alerts;

    TopUps(LedgerService ledger, LifecycleService lifecycle, BalanceAlerts alerts) {
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.alerts = alerts;
    }

    public TopUpResult topUp(String customerId, String amount, String idempotencyKey) {
        // 1. the money (its own transaction)
        TopUpResult t = ledger.topUp(customerId, amount, idempotencyKey);
        // 2. what the money changed for the customer's resources (a transaction of its own, after the first)
        lifecycle.applyArrearsOf(customerId);
        // 3. the balance alert: back above its threshold, it is armed again (its own transaction)
        alerts.checkNow(customerId);
        return t;
    }
}
