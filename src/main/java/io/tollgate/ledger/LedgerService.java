package io.tollgate.ledger;

import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.core.Journal;
import io.tollgate.ledger.core.Posting;
import io.tollgate.ledger.store.LedgerStore;
import io.tollgate.ledger.store.LedgerStore.AccountKey;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Moves money: top-ups, usage charges; and reads balances and transactions. */
@Service
public class LedgerService {
    private static final BigDecimal MAX_TOPUP = new BigDecimal("100000000");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

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
        if (idempotencyKey == null || !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw Failure.invalid("idempotency-key-required", "an Idempotency-Key header of 1-128 characters is required");
        }
        Customer customer = customers.customer(customerId);
        BigDecimal amount = Amounts.parse("amount", amountText, Amounts.CENT_SCALE, MAX_TOPUP);
        if (amount.signum() <= 0) {
            throw Failure.invalid("non-positive-amount", "a top-up amount must be positive");
        }
        long cashId = store.accountId(new AccountKey(customerId, AccountKind.CASH, customer.currency()));
        long arrearsId = store.accountId(new AccountKey(customerId, AccountKind.ARREARS, customer.currency()));
        Map<Long, BigDecimal> balances = store.lockBalances(List.of(cashId, arrearsId));
        String requestHash = hash(customerId + "|" + customer.currency() + "|" + amount.toPlainString());
        var previous = store.idempotency(customerId, idempotencyKey);
        if (previous.isPresent()) {
            if (!previous.get()[0].equals(requestHash)) {
                throw Failure.conflict("idempotency-key-reused", "Idempotency-Key " + idempotencyKey
                        + " was used for another request");
            }
            var row = store.entry(Long.parseLong(previous.get()[1])).orElseThrow();
            return new TopUpResult(row.id(), customerId, customer.currency(), row.cash().add(row.arrears()),
                    row.arrears(), row.cash(), row.businessTime(), true);
        }
        Journal.TopUpSplit split = Journal.splitTopUp(balances.get(arrearsId), amount);
        Instant now = clock.instant();
        long entryId = post(customerId, customer.currency(), Reason.TOPUP, now, "topup:" + idempotencyKey,
                Journal.topUpPostings(customerId, split));
        store.insertIdempotency(customerId, idempotencyKey, requestHash, entryId);
        return new TopUpResult(entryId, customerId, customer.currency(), amount, split.toArrears(), split.toCash(), now, false);
    }

    /**
     * Deducts a batch of usage charges inside the caller's transaction. Each customer's accounts
     * are locked in id order; a charge the cash cannot cover leaves the rest as arrears.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<ChargeResult> charge(List<Charge> charges) {
        Map<Integer, AccountKey[]> keys = new HashMap<>();
        TreeSet<Long> toLock = new TreeSet<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            AccountKey cash = new AccountKey(c.customerId(), AccountKind.CASH, c.currency());
            AccountKey arrears = new AccountKey(c.customerId(), AccountKind.ARREARS, c.currency());
            keys.put(i, new AccountKey[] {cash, arrears});
            toLock.add(store.accountId(cash));
            toLock.add(store.accountId(arrears));
        }
        Map<Long, BigDecimal> balances = toLock.isEmpty() ? Map.of() : store.lockBalances(new ArrayList<>(toLock));
        int nonZero = (int) charges.stream().filter(c -> c.amount().signum() > 0).count();
        List<Long> ids = nonZero == 0 ? List.of() : store.reserveEntryIds(nonZero);
        List<LedgerStore.NewEntry> entries = new ArrayList<>();
        List<LedgerStore.NewPosting> postings = new ArrayList<>();
        List<ChargeResult> results = new ArrayList<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            long cashId = store.accountId(keys.get(i)[0]);
            Journal.ChargeSplit split = Journal.splitCharge(balances.get(cashId), c.amount());
            if (c.amount().signum() == 0) {
                results.add(new ChargeResult(null, split.fromCash(), split.toArrears()));
                continue;
            }
            long entryId = ids.get(entries.size());
            balances.merge(cashId, split.fromCash().negate(), BigDecimal::add);
            entries.add(new LedgerStore.NewEntry(entryId, c.customerId(), Reason.USAGE, c.businessTime(), c.reference()));
            for (Posting p : Journal.chargePostings(c.customerId(), split)) {
                postings.add(new LedgerStore.NewPosting(entryId, store.accountId(new AccountKey(p.owner(), p.kind(),
                        c.currency())), p.amount()));
            }
            results.add(new ChargeResult(entryId, split.fromCash(), split.toArrears()));
        }
        store.insertEntries(entries, clock.instant());
        store.insertPostings(postings);
        return results;
    }

    public Balance balance(String customerId) {
        Customer customer = customers.customer(customerId);
        BigDecimal cash = store.balance(new AccountKey(customerId, AccountKind.CASH, customer.currency()))
                .orElse(BigDecimal.ZERO.setScale(2));
        BigDecimal arrears = store.balance(new AccountKey(customerId, AccountKind.ARREARS, customer.currency()))
                .orElse(BigDecimal.ZERO.setScale(2));
        return new Balance(customerId, customer.currency(), cash, arrears);
    }

    /** Transactions with business time in [from, to), after the cursor entry id. */
    public List<Transaction> transactions(String customerId, Instant from, Instant to, long afterId, int limit) {
        return store.entries(customerId, from, to, afterId, limit).stream()
                .map(r -> new Transaction(r.id(), r.reason(), r.businessTime(), r.recordedAt(), r.reference(),
                        r.cash().add(r.arrears()).abs(), r.cash(), r.arrears()))
                .toList();
    }

    private long post(String customerId, String currency, Reason reason, Instant businessTime, String reference,
                      List<Posting> postings) {
        long id = store.reserveEntryIds(1).get(0);
        store.insertEntries(List.of(new LedgerStore.NewEntry(id, customerId, reason, businessTime, reference)),
                clock.instant());
        List<LedgerStore.NewPosting> rows = new ArrayList<>();
        for (Posting p : postings) {
            rows.add(new LedgerStore.NewPosting(id, store.accountId(new AccountKey(p.owner(), p.kind(), currency)),
                    p.amount()));
        }
        store.insertPostings(rows);
        return id;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
