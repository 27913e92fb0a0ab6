package io.tollgate.ledger;

import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.core.Journal;
import io.tollgate.ledger.core.Posting;
import io.tollgate.ledger.store.LedgerStore;
import io.tollgate.ledger.store.LedgerStore.AccountKey;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Moves money: top-ups, usage charges; and reads balances and transactions. */
@Service
public class LedgerService {
    private static final BigDecimal MAX_TOPUP = new BigDecimal("100000000");

    private static final BigDecimal MAX_CREDIT_LIMIT = new BigDecimal("100000000");

    private final LedgerStore store;
    private final CustomerService customers;
    private final Clock clock;

    public LedgerService(LedgerStore store, CustomerService customers, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
    }

    /**
     * Tops up a customer's cash; arrears are paid first. The same key with the same request
     * returns the first result again; the same key with another amount is refused with 409.
     */
    @Transactional
    public TopUpResult topUp(String customerId, String amountText, String idempotencyKey) {
        Digests.requireIdempotencyKey(idempotencyKey);
        Customer customer = customers.customer(customerId);
        BigDecimal amount = Amounts.parse("amount", amountText, Amounts.CENT_SCALE, MAX_TOPUP);
        if (amount.signum() <= 0) {
            throw Failure.invalid("non-positive-amount", "a top-up amount must be positive");
        }
        long cashId = store.accountId(new AccountKey(customerId, AccountKind.CASH, customer.currency()));
        long arrearsId = store.accountId(new AccountKey(customerId, AccountKind.ARREARS, customer.currency()));
        long creditId = store.accountId(new AccountKey(customerId, AccountKind.CREDIT, customer.currency()));
        Map<Long, BigDecimal> balances = store.lockBalances(List.of(cashId, arrearsId, creditId));
        String requestHash = hash(customerId + "|" + customer.currency() + "|" + amount.toPlainString());
        var previous = store.idempotency(customerId, idempotencyKey);
        if (previous.isPresent()) {
            if (!previous.get()[0].equals(requestHash)) {
                throw Failure.conflict("idempotency-key-reused", "Idempotency-Key " + idempotencyKey
                        + " was used for another request");
            }
            var row = store.entry(Long.parseLong(previous.get()[1])).orElseThrow();
            return new TopUpResult(row.id(), customerId, customer.currency(),
                    row.cash().add(row.credit()).add(row.arrears()), row.arrears(), row.credit(), row.cash(),
                    row.businessTime(), true);
        }
        Journal.TopUpSplit split = Journal.splitTopUp(balances.get(arrearsId), balances.get(creditId), amount);
        // The time as it is stored, so that a replay answers exactly what the first call did.
        Instant now = LedgerStore.stored(clock.instant());
        long entryId = post(customerId, customer.currency(), Reason.TOPUP, now, "topup:" + idempotencyKey,
                Journal.topUpPostings(customerId, split),
                id -> store.insertIdempotency(customerId, idempotencyKey, requestHash, id));
        if (balances.get(arrearsId).signum() < 0 && balances.get(arrearsId).add(split.toArrears()).signum() == 0) {
            store.insertArrearsChange(new ArrearsChanged(customerId, false, now));
        }
        return new TopUpResult(entryId, customerId, customer.currency(), amount, split.toArrears(), split.toCredit(),
                split.toCash(), now, false);
    }

    /**
     * Deducts a batch of usage charges inside the caller's transaction. Each customer's accounts
     * are locked in id order; a charge is paid from cash, then from credit, and what they cannot
     * cover is left as arrears. A negative charge (a usage credit) goes back the other way: it pays
     * arrears first, then restores credit used, then becomes cash.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<ChargeResult> charge(List<Charge> charges) {
        Map<Integer, AccountKey[]> keys = new HashMap<>();
        TreeSet<Long> toLock = new TreeSet<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            AccountKey cash = new AccountKey(c.customerId(), AccountKind.CASH, c.currency());
            AccountKey arrears = new AccountKey(c.customerId(), AccountKind.ARREARS, c.currency());
            AccountKey credit = new AccountKey(c.customerId(), AccountKind.CREDIT, c.currency());
            keys.put(i, new AccountKey[] {cash, arrears, credit});
            toLock.add(store.accountId(cash));
            toLock.add(store.accountId(arrears));
            toLock.add(store.accountId(credit));
        }
        Map<Long, BigDecimal> balances = toLock.isEmpty() ? Map.of() : store.lockBalances(new ArrayList<>(toLock));
        Map<String, BigDecimal> limits = store.creditLimits(charges.stream().map(Charge::customerId).distinct().toList());
        int nonZero = (int) charges.stream().filter(c -> c.amount().signum() != 0).count();
        List<Long> ids = nonZero == 0 ? List.of() : store.reserveEntryIds(nonZero);
        List<LedgerStore.NewEntry> entries = new ArrayList<>();
        List<LedgerStore.NewPosting> postings = new ArrayList<>();
        List<ChargeResult> results = new ArrayList<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            if (c.amount().signum() == 0) {
                BigDecimal zero = BigDecimal.ZERO.setScale(2);
                results.add(new ChargeResult(null, zero, zero, zero));
                continue;
            }
            long cashId = store.accountId(keys.get(i)[0]);
            long arrearsId = store.accountId(keys.get(i)[1]);
            long creditId = store.accountId(keys.get(i)[2]);
            long entryId = ids.get(entries.size());
            BigDecimal arrearsBefore = balances.get(arrearsId);
            List<Posting> legs;
            ChargeResult result;
            if (c.amount().signum() > 0) {
                BigDecimal creditAvailable = limits.getOrDefault(c.customerId(), BigDecimal.ZERO)
                        .add(balances.get(creditId));
                Journal.ChargeSplit split = Journal.splitCharge(balances.get(cashId), creditAvailable, c.amount());
                legs = Journal.chargePostings(c.customerId(), split);
                result = new ChargeResult(entryId, split.fromCash(), split.fromCredit(), split.toArrears());
            } else {
                Journal.RefundSplit split = Journal.splitUsageCredit(arrearsBefore, balances.get(creditId),
                        c.amount().negate());
                legs = Journal.refundPostings(c.customerId(), split);
                result = new ChargeResult(entryId, split.toCash().negate(), split.toCredit().negate(),
                        split.toArrears().negate());
            }
            balances.merge(cashId, result.fromCash().negate(), BigDecimal::add);
            balances.merge(creditId, result.fromCredit().negate(), BigDecimal::add);
            balances.merge(arrearsId, result.toArrears().negate(), BigDecimal::add);
            BigDecimal arrearsAfter = balances.get(arrearsId);
            if (arrearsBefore.signum() == 0 && arrearsAfter.signum() < 0) {
                store.insertArrearsChange(new ArrearsChanged(c.customerId(), true, c.businessTime()));
            } else if (arrearsBefore.signum() < 0 && arrearsAfter.signum() == 0) {
                store.insertArrearsChange(new ArrearsChanged(c.customerId(), false, c.businessTime()));
            }
            entries.add(new LedgerStore.NewEntry(entryId, c.customerId(), Reason.USAGE, c.businessTime(), c.reference()));
            for (Posting p : legs) {
                postings.add(new LedgerStore.NewPosting(entryId, store.accountId(new AccountKey(p.owner(), p.kind(),
                        c.currency())), p.amount()));
            }
            results.add(result);
        }
        store.insertEntries(entries, clock.instant());
        store.insertPostings(postings);
        return results;
    }

    /**
     * The payment step of a prepaid order: the discount, at most one cash coupon (none exist yet),
     * then cash, then credit. When they cannot cover the amount, nothing is posted and the result
     * says what is missing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentResult payOrder(OrderPayment p) {
        if (p.couponId() != null) {
            throw Failure.unprocessable("unknown-coupon", "no coupon " + p.couponId());
        }
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        BigDecimal discount = p.discount() == null ? zero : p.discount().min(p.listAmount());
        BigDecimal due = p.listAmount().subtract(discount);
        long cashId = store.accountId(new AccountKey(p.customerId(), AccountKind.CASH, p.currency()));
        long creditId = store.accountId(new AccountKey(p.customerId(), AccountKind.CREDIT, p.currency()));
        Map<Long, BigDecimal> balances = store.lockBalances(List.of(cashId, creditId));
        BigDecimal creditAvailable = store.creditLimit(p.customerId()).add(balances.get(creditId));
        Journal.OrderSplit split = Journal.splitOrder(balances.get(cashId), creditAvailable, due);
        if (!split.paid()) {
            return new PaymentResult(false, discount, zero, zero, zero, split.shortfall(), null);
        }
        Long entryId = due.signum() == 0 ? null : post(p.customerId(), p.currency(), Reason.ORDER, p.businessTime(),
                p.reference(), Journal.orderPostings(p.customerId(), split), id -> { });
        return new PaymentResult(true, discount, zero, split.fromCash(), split.fromCredit(), zero, entryId);
    }

    /**
     * Returns money to a customer (an unsubscription or a downgrade): the credit part restores
     * credit still owed, and the rest pays arrears first, then becomes cash.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long refund(String customerId, String currency, BigDecimal toCash, BigDecimal toCredit, Instant businessTime,
                       String reference) {
        long arrearsId = store.accountId(new AccountKey(customerId, AccountKind.ARREARS, currency));
        long creditId = store.accountId(new AccountKey(customerId, AccountKind.CREDIT, currency));
        long cashId = store.accountId(new AccountKey(customerId, AccountKind.CASH, currency));
        Map<Long, BigDecimal> balances = store.lockBalances(List.of(cashId, arrearsId, creditId));
        Journal.RefundSplit split = Journal.splitRefund(balances.get(arrearsId), balances.get(creditId), toCash, toCredit);
        long id = post(customerId, currency, Reason.REFUND, businessTime, reference,
                Journal.refundPostings(customerId, split), x -> { });
        if (balances.get(arrearsId).signum() < 0 && balances.get(arrearsId).add(split.toArrears()).signum() == 0) {
            store.insertArrearsChange(new ArrearsChanged(customerId, false, businessTime));
        }
        return id;
    }

    /**
     * Claims (and removes) up to {@code limit} recorded arrears changes, oldest first, of customers
     * not in {@code held}; with {@code customerId}, only that customer's. Runs in the caller's
     * transaction: the changes are gone once it commits, and back if it rolls back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<ArrearsChanged> claimArrearsChanges(int limit, java.util.Collection<String> held, String customerId) {
        return store.claimArrearsChanges(limit, held, customerId);
    }

    /** Sets how much credit a customer may use once cash runs out (operator). */
    @Transactional
    public BigDecimal setCreditLimit(String customerId, String limitText) {
        Customer customer = customers.customer(customerId);
        BigDecimal limit = Amounts.parse("creditLimit", limitText, Amounts.CENT_SCALE, MAX_CREDIT_LIMIT);
        if (limit.signum() < 0) {
            throw Failure.invalid("negative-amount", "a credit limit is not negative");
        }
        long creditId = store.accountId(new AccountKey(customerId, AccountKind.CREDIT, customer.currency()));
        BigDecimal used = store.lockBalances(List.of(creditId)).get(creditId).negate();
        if (limit.compareTo(used) < 0) {
            throw Failure.conflict("credit-limit-below-use", "the customer already uses " + used.toPlainString()
                    + " of credit");
        }
        store.saveCreditLimit(customerId, customer.currency(), limit);
        return limit;
    }

    public Balance balance(String customerId) {
        Customer customer = customers.customer(customerId);
        BigDecimal cash = store.balance(new AccountKey(customerId, AccountKind.CASH, customer.currency()))
                .orElse(BigDecimal.ZERO.setScale(2));
        BigDecimal arrears = store.balance(new AccountKey(customerId, AccountKind.ARREARS, customer.currency()))
                .orElse(BigDecimal.ZERO.setScale(2));
        BigDecimal credit = store.balance(new AccountKey(customerId, AccountKind.CREDIT, customer.currency()))
                .orElse(BigDecimal.ZERO.setScale(2));
        return new Balance(customerId, customer.currency(), cash, arrears, credit.negate(), store.creditLimit(customerId));
    }

    /** The flows of the customer's own accounts with business time in [from, to), from the postings. */
    public AccountFlows flows(String customerId, Instant from, Instant to) {
        return new AccountFlows(store.ownBalanceBefore(customerId, from, false),
                store.ownFlows(customerId, from, to), store.ownBalanceBefore(customerId, to, false),
                store.ownBalanceBefore(customerId, to, true).negate());
    }

    /** Transactions with business time in [from, to), after the cursor entry id. */
    public List<Transaction> transactions(String customerId, Instant from, Instant to, long afterId, int limit) {
        BigDecimal noCoupons = BigDecimal.ZERO.setScale(2);
        return store.entries(customerId, from, to, afterId, limit).stream()
                .map(r -> {
                    Transaction.Parts parts = new Transaction.Parts(r.cash(), r.credit(), noCoupons, r.arrears());
                    return new Transaction(r.id(), r.reason(), r.businessTime(), r.recordedAt(), r.reference(),
                            parts.total().abs(), parts);
                })
                .toList();
    }

    /**
     * Records one entry. {@code withEntry} runs between the entry and its postings: the postings
     * move the platform account's balance, a row every such entry updates, so they come last and
     * that row stays locked only until the commit.
     */
    private long post(String customerId, String currency, Reason reason, Instant businessTime, String reference,
                      List<Posting> postings, LongConsumer withEntry) {
        long id = store.reserveEntryIds(1).get(0);
        store.insertEntries(List.of(new LedgerStore.NewEntry(id, customerId, reason, businessTime, reference)),
                clock.instant());
        withEntry.accept(id);
        List<LedgerStore.NewPosting> rows = new ArrayList<>();
        for (Posting p : postings) {
            rows.add(new LedgerStore.NewPosting(id, store.accountId(new AccountKey(p.owner(), p.kind(), currency)),
                    p.amount()));
        }
        store.insertPostings(rows);
        return id;
    }

    private static String hash(String text) {
        return Digests.sha256(text);
    }
}
