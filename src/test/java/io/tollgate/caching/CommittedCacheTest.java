package io.tollgate.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The rules that keep a cache of committed rows correct, with a counting loader (no database). */
class CommittedCacheTest {
    private final AtomicBoolean serving = new AtomicBoolean(true);
    private final CommittedCache<String> cache = new CommittedCache<>(3, serving::get);
    private final AtomicInteger loads = new AtomicInteger();

    private Optional<String> load(String key) {
        loads.incrementAndGet();
        return key.startsWith("missing") ? Optional.empty() : Optional.of("row " + key + " v" + loads.get());
    }

    @AfterEach
    void endSynchronization() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aRowIsLoadedOnceThenServedUntilItsChangeIsAnnounced() {
        assertThat(cache.find("a", this::load)).contains("row a v1");
        assertThat(cache.find("a", this::load)).contains("row a v1");
        assertThat(loads).hasValue(1);
        cache.evict("a");
        assertThat(cache.find("a", this::load)).contains("row a v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void absentRowsAreNeverKept() {
        assertThat(cache.find("missing", this::load)).isEmpty();
        assertThat(cache.find("missing", this::load)).isEmpty();
        assertThat(loads).hasValue(2);
    }

    @Test
    void aRowReadWhileItsChangeWasAnnouncedIsNotKept() {
        // the change commits and is announced while the (older) row is being read
        assertThat(cache.find("a", k -> {
            Optional<String> old = load(k);
            cache.evict("a");
            return old;
        })).contains("row a v1");
        assertThat(cache.size()).isZero();
        assertThat(cache.find("a", this::load)).contains("row a v2");
    }

    @Test
    void whileNotServingEveryLookupReadsTheDatabaseAndNothingIsKept() {
        serving.set(false);
        cache.find("a", this::load);
        cache.find("a", this::load);
        assertThat(loads).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aRowReadInATransactionIsKeptOnlyOnceItCommits() {
        TransactionSynchronizationManager.initSynchronization();
        cache.find("a", this::load);
        assertThat(cache.size()).as("not before the commit").isZero();
        complete(TransactionSynchronization.STATUS_COMMITTED);
        assertThat(cache.find("a", this::load)).contains("row a v1");
        assertThat(loads).hasValue(1);

        TransactionSynchronizationManager.initSynchronization();
        cache.find("b", this::load);
        complete(TransactionSynchronization.STATUS_ROLLED_BACK);
        assertThat(cache.size()).as("a rolled-back read is not kept").isEqualTo(1);
    }

    @Test
    void aKeyWrittenInATransactionIsReadFromTheDatabaseUntilItEnds() {
        assertThat(cache.find("a", this::load)).contains("row a v1");
        TransactionSynchronizationManager.initSynchronization();
        cache.written("a");
        // this transaction's own row, every time; never kept
        assertThat(cache.find("a", this::load)).contains("row a v2");
        assertThat(cache.find("a", this::load)).contains("row a v3");
        complete(TransactionSynchronization.STATUS_ROLLED_BACK);
        assertThat(cache.size()).isZero();
        assertThat(cache.find("a", this::load)).contains("row a v4");
        assertThat(cache.find("a", this::load)).contains("row a v4");
    }

    @Test
    void fullItStartsOverAndAnnouncementsOfAllEmptyIt() {
        for (String k : new String[] {"a", "b", "c", "d"}) {
            cache.find(k, this::load);
        }
        // three kept (the maximum), then the fourth started over
        assertThat(cache.size()).isEqualTo(1);
        cache.evictAll();
        assertThat(cache.size()).isZero();
    }

    private static void complete(int status) {
        var syncs = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        for (TransactionSynchronization s : syncs) {
            if (status == TransactionSynchronization.STATUS_COMMITTED) {
                s.afterCommit();
            }
            s.afterCompletion(status);
        }
    }
}
