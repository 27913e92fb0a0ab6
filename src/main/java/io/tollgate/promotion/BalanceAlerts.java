package io.tollgate.promotion;

import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.Balance;
import io.tollgate.ledger.LedgerService;
import io.tollgate.notify.OutboxService;
import io.tollgate.promotion.store.PromotionStore;
import io.tollgate.promotion.store.PromotionStore.Alert;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Balance alerts (issue 9 part 8): a customer's threshold on its available balance, cash + unused
 * credit + usable cash coupons. The money paths call {@link #check} after they moved money, in
 * their own transaction and in the visible order of consequences (no listeners): crossing the
 * threshold downward publishes one outbox event and disarms the alert; being back at or above it
 * re-arms it, so each downward crossing is told once.
 */
@Service
public class BalanceAlerts {
    private static final BigDecimal MAX_THRESHOLD = new BigDecimal("100000000");

    private final PromotionStore store;
    private final LedgerService ledger;
    private final PromotionService promotion;
    private final CustomerService customers;
    private final OutboxService outbox;

    public BalanceAlerts(PromotionStore store, LedgerService ledger, PromotionService promotion,
                         CustomerService customers, OutboxService outbox) {
        this.store = store;
        this.ledger = ledger;
        this.promotion = promotion;
        this.customers = customers;
        this.outbox = outbox;
    }

    /** An alert with the available balance it is compared with now. */
    public record AlertState(String customerId, BigDecimal threshold, boolean armed, int crossings,
                             BigDecimal available) {
    }

    /** Sets (or replaces) the threshold; armed when the balance is at or above it now. */
    @Transactional
    public AlertState set(String customerId, String thresholdText) {
        customers.customer(customerId);
        BigDecimal threshold = Amounts.parse("threshold", thresholdText, Amounts.CENT_SCALE, MAX_THRESHOLD);
        if (threshold.signum() < 0) {
            throw Failure.invalid("negative-amount", "a threshold is not negative");
        }
        Instant now = promotion.now();
        BigDecimal available = available(customerId, now);
        int crossings = store.lockAlerts(java.util.List.of(customerId)).stream().findFirst().map(Alert::crossings)
                .orElse(0);
        store.saveAlert(new Alert(customerId, threshold, available.compareTo(threshold) >= 0, crossings, now));
        return state(customerId).orElseThrow();
    }

    @Transactional
    public void remove(String customerId) {
        customers.customer(customerId);
        store.deleteAlert(customerId);
    }

    public Optional<AlertState> state(String customerId) {
        customers.customer(customerId);
        return store.alert(customerId).map(a -> new AlertState(a.customerId(), a.threshold(), a.armed(),
                a.crossings(), available(customerId, promotion.now())));
    }

    /** Cash + unused credit (limit - used, never below zero) + what usable cash coupons hold. */
    public BigDecimal available(String customerId, Instant at) {
        Balance b = ledger.balance(customerId);
        BigDecimal unusedCredit = b.creditLimit().subtract(b.creditUsed()).max(BigDecimal.ZERO);
        return b.cash().add(unusedCredit).add(promotion.usableCouponValue(customerId, at));
    }

    /**
     * Compares the alerts of these customers with their balances after a money move (in its
     * transaction, after the ledger accounts were locked and posted): publishes one event per
     * downward crossing and re-arms alerts whose balance is back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void check(Collection<String> customerIds, Instant at) {
        for (Alert a : store.lockAlerts(customerIds.stream().distinct().sorted().toList())) {
            BigDecimal available = available(a.customerId(), at);
            boolean above = available.compareTo(a.threshold()) >= 0;
            if (a.armed() && !above) {
                int n = a.crossings() + 1;
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("threshold", Amounts.format(a.threshold()));
                payload.put("available", Amounts.format(available));
                payload.put("crossing", n);
                outbox.append("balance-alert:" + a.customerId() + ":" + n, "balance.below-threshold", a.customerId(),
                        a.customerId(), payload, at);
                store.saveAlert(new Alert(a.customerId(), a.threshold(), false, n, at));
            } else if (!a.armed() && above) {
                store.saveAlert(new Alert(a.customerId(), a.threshold(), true, a.crossings(), at));
            }
        }
    }

    /** As {@link #check}, in a transaction of its own: after a top-up, which commits first. */
    @Transactional
    public void checkNow(String customerId) {
        check(java.util.List.of(customerId), promotion.now());
    }

    /** As {@link #checkNow(String)} for several customers (a combined group of top-ups), in one transaction. */
    @Transactional
    public void checkNow(Collection<String> customerIds) {
        check(customerIds, promotion.now());
    }
}
