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

/** Moves money: top-ups, usage charges, order payments, refunds, cash coupons; and reads balances and transactions. */
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
     * Locks the cash, arrears and credit accounts of these customers (those that exist) in id order,
     * inside the caller's transaction: a transaction that then tops up several of them (a combined
     * group of top-ups) takes its locks in the order settlement takes them, so the two cannot deadlock.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockAccountsOf(java.util.Collection<String> customerIds) {
        TreeSet<Long> ids = new TreeSet<>();
        for (String id : new TreeSet<>(customerIds)) {
            customers.find(id).ifPresent(c -> {
                for (AccountKind kind : List.of(AccountKind.CASH, AccountKind.ARREARS, AccountKind.CREDIT)) {
                    ids.add(store.accountId(new AccountKey(id, kind, c.currency())));
                }
            });
        }
        if (!ids.isEmpty()) {
            store.lockBalances(new ArrayList<>(ids));
        }
    }

    /**
     * Deducts a batch of usage charges inside the caller's transaction. Each customer's accounts
     * are locked in id order; a charge is paid from cash, then from credit, and what they cannot
     * cover is left as arrears. A negative charge (a usage credit) goes back the other way: it pays
     * arrears first, then restores credit used, then becomes cash.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<ChargeResult> charge(List<Charge> charges) {
        List<CouponClaim> none = charges.stream().map(c -> CouponClaim.none()).toList();
        return charge(charges, none, (lines, eligible, remainders) -> List.of()).stream().map(CouponCharge::rest)
                .toList();
    }

    /**
     * As {@link #charge(List)}, cash coupons paying first: {@code claims} (one per charge) name the
     * coupons that may pay each line. The coupon accounts are locked with the customers' accounts,
     * in the same id-ordered step; then {@code allocator} says what each line draws from them, and
     * the rest of each charge is paid from cash, credit and arrears. A usage credit (a negative
     * charge) never restores coupons: it goes back to arrears, credit and cash as before.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<CouponCharge> charge(List<Charge> charges, List<CouponClaim> claims, CouponAllocator allocator) {
        if (claims.size() != charges.size()) {
            throw new IllegalArgumentException("one coupon claim per charge");
        }
        Map<Integer, AccountKey[]> keys = new HashMap<>();
        TreeSet<Long> toLock = new TreeSet<>();
        Map<String, Long> couponIds = new HashMap<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            AccountKey cash = new AccountKey(c.customerId(), AccountKind.CASH, c.currency());
            AccountKey arrears = new AccountKey(c.customerId(), AccountKind.ARREARS, c.currency());
            AccountKey credit = new AccountKey(c.customerId(), AccountKind.CREDIT, c.currency());
            keys.put(i, new AccountKey[] {cash, arrears, credit});
            toLock.add(store.accountId(cash));
            toLock.add(store.accountId(arrears));
            toLock.add(store.accountId(credit));
            if (c.amount().signum() > 0) {
                for (List<String> eligible : claims.get(i).eligible()) {
                    for (String coupon : eligible) {
                        long id = couponIds.computeIfAbsent(coupon, x -> store.accountId(couponKey(x, c.currency())));
                        toLock.add(id);
                    }
                }
            }
        }
        Map<Long, BigDecimal> balances = toLock.isEmpty() ? Map.of() : store.lockBalances(new ArrayList<>(toLock));
        Map<String, BigDecimal> couponLeft = new HashMap<>();
        couponIds.forEach((coupon, id) -> couponLeft.put(coupon, balances.get(id)));
        Map<String, BigDecimal> limits = store.creditLimits(charges.stream().map(Charge::customerId).distinct().toList());
        int nonZero = (int) charges.stream().filter(c -> c.amount().signum() != 0).count();
        List<Long> ids = nonZero == 0 ? List.of() : store.reserveEntryIds(nonZero);
        List<LedgerStore.NewEntry> entries = new ArrayList<>();
        List<LedgerStore.NewPosting> postings = new ArrayList<>();
        List<CouponCharge> results = new ArrayList<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            if (c.amount().signum() == 0) {
                BigDecimal zero = BigDecimal.ZERO.setScale(2);
                results.add(new CouponCharge(new ChargeResult(null, zero, zero, zero), List.of()));
                continue;
            }
            long cashId = store.accountId(keys.get(i)[0]);
            long arrearsId = store.accountId(keys.get(i)[1]);
            long creditId = store.accountId(keys.get(i)[2]);
            long entryId = ids.get(entries.size());
            BigDecimal arrearsBefore = balances.get(arrearsId);
            List<Posting> legs = new ArrayList<>();
            ChargeResult result;
            List<BigDecimal> lineCoupons = List.of();
            if (c.amount().signum() > 0) {
                CouponClaim claim = claims.get(i);
                BigDecimal rest = c.amount();
                if (!claim.lineAmounts().isEmpty()) {
                    CouponDraw drawn = drawCoupons(claim, allocator, couponLeft);
                    lineCoupons = drawn.perLine();
                    BigDecimal byCoupons = BigDecimal.ZERO.setScale(2);
                    for (var d : drawn.byCoupon().entrySet()) {
                        legs.add(new Posting(d.getKey(), AccountKind.COUPON, d.getValue().negate()));
                        byCoupons = byCoupons.add(d.getValue());
                    }
                    rest = rest.subtract(byCoupons);
                    legs.add(new Posting(Journal.PLATFORM, AccountKind.REVENUE, byCoupons));
                }
                BigDecimal creditAvailable = limits.getOrDefault(c.customerId(), BigDecimal.ZERO)
                        .add(balances.get(creditId));
                Journal.ChargeSplit split = Journal.splitCharge(balances.get(cashId), creditAvailable, rest);
                if (rest.signum() > 0) {
                    legs.addAll(Journal.chargePostings(c.customerId(), split));
                }
                legs = Journal.mergeLegs(legs);
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
            results.add(new CouponCharge(result, lineCoupons));
        }
        store.insertEntries(entries, clock.instant());
        store.insertPostings(postings);
        return results;
    }

    /**
     * What the claim's lines draw from each coupon (coupon id -> amount, in first-use order), the
     * remainders moved down by it. Fails fast if the allocator draws more than a coupon holds or a
     * line gets more than it was charged: that is a programmer error, not a business outcome.
     */
    private static CouponDraw drawCoupons(CouponClaim claim, CouponAllocator allocator, Map<String, BigDecimal> left) {
        Map<String, BigDecimal> remainders = new HashMap<>();
        claim.eligible().forEach(l -> l.forEach(id -> remainders.put(id, left.get(id))));
        List<List<BigDecimal>> draws = allocator.allocate(claim.lineAmounts(), claim.eligible(), Map.copyOf(remainders));
        Map<String, BigDecimal> drawn = new java.util.LinkedHashMap<>();
        List<BigDecimal> perLine = new ArrayList<>();
        if (draws.size() != claim.lineAmounts().size()) {
            throw new IllegalStateException("the allocator answers one list of draws per line: " + draws);
        }
        for (int line = 0; line < draws.size(); line++) {
            BigDecimal lineTotal = BigDecimal.ZERO;
            for (int k = 0; k < draws.get(line).size(); k++) {
                BigDecimal d = draws.get(line).get(k);
                if (d.signum() > 0) {
                    drawn.merge(claim.eligible().get(line).get(k), d, BigDecimal::add);
                    lineTotal = lineTotal.add(d);
                }
            }
            if (lineTotal.compareTo(claim.lineAmounts().get(line).max(BigDecimal.ZERO)) > 0) {
                throw new IllegalStateException("coupons paid a line more than it was charged: " + draws);
            }
            perLine.add(lineTotal.setScale(2));
        }
        for (var d : drawn.entrySet()) {
            BigDecimal after = left.get(d.getKey()).subtract(d.getValue());
            if (after.signum() < 0) {
                throw new IllegalStateException("coupon " + d.getKey() + " drawn beyond its remainder");
            }
            left.put(d.getKey(), after);
        }
        return new CouponDraw(drawn, perLine);
    }

    /** What a charge's lines drew from coupons: by coupon, and by line. */
    private record CouponDraw(Map<String, BigDecimal> byCoupon, List<BigDecimal> perLine) {
    }

    private static AccountKey couponKey(String couponId, String currency) {
        return new AccountKey(couponId, AccountKind.COUPON, currency);
    }
    /**
     * The payment step of a prepaid order: the discount (already chosen), at most one cash coupon
     * (it pays what it holds, up to the amount due), then cash, then credit. The coupon's account is
     * locked with the customer's, in id order. When they cannot cover the amount, nothing is posted
     * and the result says what is missing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentResult payOrder(OrderPayment p) {
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        BigDecimal discount = p.discount() == null ? zero : p.discount().min(p.listAmount());
        BigDecimal due = p.listAmount().subtract(discount);
        long cashId = store.accountId(new AccountKey(p.customerId(), AccountKind.CASH, p.currency()));
        long creditId = store.accountId(new AccountKey(p.customerId(), AccountKind.CREDIT, p.currency()));
        Long couponAccount = null;
        if (p.couponId() != null) {
            couponAccount = store.existingAccountId(couponKey(p.couponId(), p.currency()))
                    .orElseThrow(() -> Failure.unprocessable("unknown-coupon", "no cash coupon " + p.couponId()));
        }
        List<Long> toLock = new ArrayList<>(List.of(cashId, creditId));
        if (couponAccount != null) {
            toLock.add(couponAccount);
        }
        Map<Long, BigDecimal> balances = store.lockBalances(toLock.stream().sorted().toList());
        BigDecimal fromCoupon = couponAccount == null ? zero : balances.get(couponAccount).max(zero).min(due);
        BigDecimal creditAvailable = store.creditLimit(p.customerId()).add(balances.get(creditId));
        Journal.OrderSplit split = Journal.splitOrder(balances.get(cashId), creditAvailable, due.subtract(fromCoupon));
        if (!split.paid()) {
            return new PaymentResult(false, discount, zero, zero, zero, split.shortfall(), null);
        }
        Long entryId = due.signum() == 0 ? null : post(p.customerId(), p.currency(), Reason.ORDER, p.businessTime(),
                p.reference(), Journal.orderPostings(p.customerId(), p.couponId(), fromCoupon, split), id -> { });
        return new PaymentResult(true, discount, fromCoupon, split.fromCash(), split.fromCredit(), zero, entryId);
    }

    /**
     * Returns money to a customer (an unsubscription or a downgrade): the credit part restores
     * credit still owed, and the rest pays arrears first, then becomes cash.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long refund(String customerId, String currency, BigDecimal toCash, BigDecimal toCredit, Instant businessTime,
                       String reference) {
        return refund(customerId, currency, toCash, toCredit, Map.of(), businessTime, reference);
    }

    /**
     * As {@link #refund(String, String, BigDecimal, BigDecimal, Instant, String)}, also giving
     * {@code toCoupons} (coupon id -> amount) back to the cash coupons that paid them, in the same
     * entry; the coupon accounts are locked with the customer's, in id order. A coupon that expired
     * meanwhile gets its amount back all the same and stays expired: the amount is not cash.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long refund(String customerId, String currency, BigDecimal toCash, BigDecimal toCredit,
                       Map<String, BigDecimal> toCoupons, Instant businessTime, String reference) {
        long arrearsId = store.accountId(new AccountKey(customerId, AccountKind.ARREARS, currency));
        long creditId = store.accountId(new AccountKey(customerId, AccountKind.CREDIT, currency));
        long cashId = store.accountId(new AccountKey(customerId, AccountKind.CASH, currency));
        TreeSet<Long> toLock = new TreeSet<>(List.of(cashId, arrearsId, creditId));
        toCoupons.keySet().forEach(c -> toLock.add(store.accountId(couponKey(c, currency))));
        Map<Long, BigDecimal> balances = store.lockBalances(new ArrayList<>(toLock));
        Journal.RefundSplit split = Journal.splitRefund(balances.get(arrearsId), balances.get(creditId), toCash, toCredit);
        long id = post(customerId, currency, Reason.REFUND, businessTime, reference,
                Journal.refundPostings(customerId, split, toCoupons), x -> { });
        if (balances.get(arrearsId).signum() < 0 && balances.get(arrearsId).add(split.toArrears()).signum() == 0) {
            store.insertArrearsChange(new ArrearsChanged(customerId, false, businessTime));
        }
        return id;
    }

    /** What cash coupons paid in the entries with this reference (an order's payment): coupon id -> amount. */
    public Map<String, BigDecimal> couponsPaid(String customerId, String reference) {
        return store.couponsPaid(customerId, reference);
    }

    /**
     * Issues a cash coupon's face value to its account (PROMOTION -> COUPON), in the caller's
     * transaction; the account is new, so it is locked alone.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long issueCoupon(String customerId, String couponId, String currency, BigDecimal faceValue, Instant at) {
        long account = store.accountId(couponKey(couponId, currency));
        if (store.lockBalances(List.of(account)).get(account).signum() != 0) {
            throw new IllegalStateException("coupon " + couponId + " was issued already");
        }
        return post(customerId, currency, Reason.PROMOTION, at, "coupon:" + couponId + ":issue",
                Journal.couponIssuePostings(couponId, faceValue), x -> { });
    }

    /** Takes an unused cash coupon's remainder back to PROMOTION; returns it (zero if it held nothing). */
    @Transactional(propagation = Propagation.MANDATORY)
    public BigDecimal revokeCoupon(String customerId, String couponId, String currency, Instant at) {
        long account = store.accountId(couponKey(couponId, currency));
        BigDecimal left = store.lockBalances(List.of(account)).get(account);
        if (left.signum() > 0) {
            post(customerId, currency, Reason.PROMOTION, at, "coupon:" + couponId + ":revoke",
                    Journal.couponRevokePostings(couponId, left), x -> { });
        }
        return left;
    }

    /** The remaining values of these cash coupons (not locked; zero for a coupon without an account). */
    public Map<String, BigDecimal> couponBalances(String currency, java.util.Collection<String> couponIds) {
        return store.couponBalances(currency, couponIds);
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
        return store.entries(customerId, from, to, afterId, limit).stream()
                .map(r -> {
                    Transaction.Parts parts = new Transaction.Parts(r.cash(), r.credit(), r.coupons(), r.arrears());
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
