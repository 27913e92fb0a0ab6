package io.tollgate.caching;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One table's rows as last committed, by key, filled on demand and emptied of a key when the
 * database announces its change ({@link Invalidations}). Four rules keep it correct:
 * <ul>
 *   <li>A row is kept only once the reading transaction has committed (it could otherwise be
 *       this transaction's own uncommitted change, which a rollback takes away).</li>
 *   <li>A row read while a change of its key (or of any key of the same stripe) was announced is
 *       not kept: it may predate that change. Each key's stripe counts its announcements.</li>
 *   <li>A key this transaction wrote ({@link #written}) is read from the database until the
 *       transaction ends: the cache holds the committed row, not this transaction's.</li>
 *   <li>While the announcements are not listened to (at start, after a lost connection) every
 *       lookup goes to the database and nothing is kept; when listening starts again, the cache
 *       starts empty.</li>
 * </ul>
 * Absent rows are never kept (a row created elsewhere is found at once). Full, it starts over.
 */
public final class CommittedCache<V> {
    private static final int STRIPES = 256;
    private final int maxEntries;
    private final BooleanSupplier serving;
    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final AtomicLongArray announced = new AtomicLongArray(STRIPES);

    CommittedCache(int maxEntries, BooleanSupplier serving) {
        this.maxEntries = maxEntries;
        this.serving = serving;
    }

    /** The row of {@code key}: from the cache, or loaded (and kept once committed). */
    public Optional<V> find(String key, Function<String, Optional<V>> load) {
        if (key == null || !serving.getAsBoolean() || writtenHere(key)) {
            return key == null ? Optional.empty() : load.apply(key);
        }
        V cached = entries.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        int stripe = stripe(key);
        long before = announced.get(stripe);
        Optional<V> found = load.apply(key);
        found.ifPresent(value -> io.tollgate.tx.Commits.afterCommit(() -> keep(key, value, stripe, before)));
        return found;
    }

    private void keep(String key, V value, int stripe, long before) {
        if (!serving.getAsBoolean() || announced.get(stripe) != before) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, value);
        // An announcement between the check and the put: the row may be stale, so it goes.
        if (announced.get(stripe) != before) {
            entries.remove(key);
        }
    }

    /** The row of {@code key} changed (announced by the database, or changed by this instance). */
    public void evict(String key) {
        announced.incrementAndGet(stripe(key));
        entries.remove(key);
    }

    /**
     * This instance writes the row of {@code key} in the current transaction: it is dropped now,
     * and until the transaction ends this transaction reads it from the database. (Other instances
     * hear of it at the commit, through the table's trigger.)
     */
    public void written(String key) {
        evict(key);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        @SuppressWarnings("unchecked")
        java.util.Set<String> keys = (java.util.Set<String>) TransactionSynchronizationManager.getResource(this);
        if (keys == null) {
            java.util.Set<String> fresh = new java.util.HashSet<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CommittedCache.this);
                    fresh.forEach(CommittedCache.this::evict);
                }
            });
            keys = fresh;
        }
        keys.add(key);
    }

    private boolean writtenHere(String key) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return false;
        }
        Object keys = TransactionSynchronizationManager.getResource(this);
        return keys != null && ((java.util.Set<?>) keys).contains(key);
    }

    /** Every row may have changed (a truncate, a lost announcement channel). */
    public void evictAll() {
        for (int i = 0; i < STRIPES; i++) {
            announced.incrementAndGet(i);
        }
        entries.clear();
    }

    /** How many rows are kept now. */
    public int size() {
        return entries.size();
    }

    private static int stripe(String key) {
        return (key.hashCode() & 0x7fffffff) % STRIPES;
    }
}
