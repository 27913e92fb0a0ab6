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
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a batch of payments received (a bank statement, a payment provider's settlement file)
 * as top-ups in one transaction: each item follows the rules of a single top-up (its own
 * idempotency key; arrears first, then credit used, then cash) and has its own fate, so a bad
 * item never blocks the others.
 */
@Service
public class TopUpImport {
    public static final int MAX_ITEMS = 1000;
    private static final BigDecimal MAX_TOPUP = new BigDecimal("100000000");

    private final LedgerStore store;
    private final CustomerService customers;
    private final Clock clock;

    public TopUpImport(LedgerStore store, CustomerService customers, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
    }

    public record Item(String customerId, String amount, String idempotencyKey) {
    }

    /** APPLIED with its entry, REPLAYED (the key's first entry), or REFUSED with a code. */
    public record Fate(String idempotencyKey, String status, Long transactionId, String code, String detail) {
    }

    private record Valid(int index, Item item, Customer customer, BigDecimal amount, String hash) {
    }

    @Transactional
    public List<Fate> apply(List<Item> items) {
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw Failure.invalid("batch-size", "a batch holds 1 to " + MAX_ITEMS + " top-ups");
        }
        Fate[] fates = new Fate[items.size()];
        List<Valid> valid = new ArrayList<>();
        Map<String, Optional<Customer>> known = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            try {
                if (it == null) {
                    throw Failure.invalid("missing-field", "an item is null");
                }
                Digests.requireIdempotencyKey(it.idempotencyKey());
                Customer c = known.computeIfAbsent(String.valueOf(it.customerId()), customers::find)
                        .orElseThrow(() -> Failure.unprocessable("unknown-customer", "no customer " + it.customerId()));
                BigDecimal amount = Amounts.parse("amount", it.amount(), Amounts.CENT_SCALE, MAX_TOPUP);
                if (amount.signum() <= 0) {
                    throw Failure.invalid("non-positive-amount", "a top-up amount must be positive");
                }
                if (!seen.add(c.id() + "|" + it.idempotencyKey())) {
                    throw Failure.invalid("duplicate-in-batch", "the batch repeats key " + it.idempotencyKey());
                }
                valid.add(new Valid(i, it, c, amount,
                        Digests.sha256(c.id() + "|" + c.currency() + "|" + amount.toPlainString())));
            } catch (Failure f) {
                fates[i] = new Fate(it == null ? null : it.idempotencyKey(), "REFUSED", null, f.code(), f.getMessage());
            }
        }
        Map<Valid, long[]> accounts = new HashMap<>();
        TreeSet<Long> toLock = new TreeSet<>();
        for (Valid v : valid) {
            String currency = v.customer().currency();
            long[] ids = {store.accountId(new AccountKey(v.customer().id(), AccountKind.CASH, currency)),
                store.accountId(new AccountKey(v.customer().id(), AccountKind.ARREARS, currency)),
                store.accountId(new AccountKey(v.customer().id(), AccountKind.CREDIT, currency))};
            accounts.put(v, ids);
            for (long id : ids) {
                toLock.add(id);
            }
        }
        Map<Long, BigDecimal> balances = toLock.isEmpty() ? new HashMap<>() : store.lockBalances(new ArrayList<>(toLock));
        Map<String, String[]> previous = store.idempotencies(valid.stream()
                .map(v -> new String[] {v.customer().id(), v.item().idempotencyKey()}).toList());
        List<Valid> fresh = new ArrayList<>();
        for (Valid v : valid) {
            String[] before = previous.get(v.customer().id() + "|" + v.item().idempotencyKey());
            if (before == null) {
                fresh.add(v);
            } else if (before[0].equals(v.hash())) {
                fates[v.index()] = new Fate(v.item().idempotencyKey(), "REPLAYED", Long.parseLong(before[1]), null, null);
            } else {
                fates[v.index()] = new Fate(v.item().idempotencyKey(), "REFUSED", null, "idempotency-key-reused",
                        "Idempotency-Key " + v.item().idempotencyKey() + " was used for another top-up");
            }
        }
        post(fresh, accounts, balances, fates);
        return List.of(fates);
    }

    private void post(List<Valid> fresh, Map<Valid, long[]> accounts, Map<Long, BigDecimal> balances, Fate[] fates) {
        if (fresh.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Long> ids = store.reserveEntryIds(fresh.size());
        List<LedgerStore.NewEntry> entries = new ArrayList<>();
        List<LedgerStore.NewPosting> postings = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        for (int k = 0; k < fresh.size(); k++) {
            Valid v = fresh.get(k);
            long[] a = accounts.get(v);
            long entryId = ids.get(k);
            BigDecimal arrearsBefore = balances.get(a[1]);
            Journal.TopUpSplit split = Journal.splitTopUp(arrearsBefore, balances.get(a[2]), v.amount());
            balances.merge(a[0], split.toCash(), BigDecimal::add);
            balances.merge(a[1], split.toArrears(), BigDecimal::add);
            balances.merge(a[2], split.toCredit(), BigDecimal::add);
            entries.add(new LedgerStore.NewEntry(entryId, v.customer().id(), Reason.TOPUP, now,
                    "topup:" + v.item().idempotencyKey()));
            for (Posting p : Journal.topUpPostings(v.customer().id(), split)) {
                postings.add(new LedgerStore.NewPosting(entryId, store.accountId(new AccountKey(p.owner(), p.kind(),
                        v.customer().currency())), p.amount()));
            }
            keys.add(new String[] {v.customer().id(), v.item().idempotencyKey(), v.hash(), Long.toString(entryId)});
            fates[v.index()] = new Fate(v.item().idempotencyKey(), "APPLIED", entryId, null, null);
            if (arrearsBefore.signum() < 0 && balances.get(a[1]).signum() == 0) {
                store.insertArrearsChange(new ArrearsChanged(v.customer().id(), false, now));
            }
        }
        store.insertEntries(entries, now);
        store.insertIdempotencies(keys);
        store.insertPostings(postings);
    }
}
