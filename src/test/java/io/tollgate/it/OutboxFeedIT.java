package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.OutboxService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The platform feed under concurrent writers: transactions of random length append events (some
 * sleep before they commit, some roll back) while a reader follows the cursor. The reader must
 * see every committed event exactly once, never a rolled-back one, and in commit order: an event
 * whose transaction had committed before another's commit began comes first.
 */
class OutboxFeedIT extends IntegrationTest {
    private static final int WRITERS = 6;
    private static final int TRANSACTIONS_PER_WRITER = 12;

    @Autowired
    OutboxService outbox;
    @Autowired
    TransactionTemplate transactions;

    /** When a transaction's commit began and when it had returned, in System.nanoTime(). */
    private record Commit(long begun, long done) {
    }

    @Test
    void aReaderFollowingTheCursorSeesEveryCommittedEventOnceInCommitOrder() throws Exception {
        String run = "feed-" + java.util.UUID.randomUUID();
        long start = lastPosition();
        Map<String, Commit> committed = new ConcurrentHashMap<>();
        Set<String> rolledBack = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            Future<List<String>> reader = pool.submit(() -> follow(start, run, writing));
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    write(run, writer, committed, rolledBack);
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            List<String> seen = reader.get(2, TimeUnit.MINUTES);

            assertThat(new HashSet<>(seen)).as("no event twice").hasSize(seen.size());
            assertThat(seen).as("every committed event, nothing rolled back")
                    .containsExactlyInAnyOrderElementsOf(committed.keySet());
            assertThat(rolledBack).isNotEmpty().doesNotContainAnyElementsOf(seen);
            for (int i = 0; i < seen.size(); i++) {
                for (int j = i + 1; j < seen.size(); j++) {
                    Commit earlier = committed.get(seen.get(i));
                    Commit later = committed.get(seen.get(j));
                    assertThat(later.done() < earlier.begun())
                            .as(seen.get(j) + " committed before " + seen.get(i) + " began to, but comes after it")
                            .isFalse();
                }
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    /** The platform feed, read over HTTP after each pause, until the writers are done and it is drained. */
    private List<String> follow(long start, String run, AtomicBoolean writing) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        String cursor = io.tollgate.shared.Page.encode(Long.toString(start));
        boolean drained = false;
        while (!drained) {
            boolean last = !writing.get();
            Api.Response page = api.get("/api/v1/platform/events?limit=7&topic=test.feed&cursor=" + cursor,
                    PLATFORM_KEY);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode items = page.json().path("items");
            items.forEach(e -> {
                if (e.path("payload").path("run").asString().equals(run)) {
                    seen.add(e.path("eventId").asString());
                }
            });
            cursor = page.json().path("nextCursor").asString();
            drained = last && items.isEmpty();
            if (items.isEmpty()) {
                Thread.sleep(5);
            }
        }
        return seen;
    }

    private void write(String run, int writer, Map<String, Commit> committed, Set<String> rolledBack) {
        Random random = new Random(writer * 7919L + 17);
        for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
            int events = 1 + random.nextInt(3);
            boolean rollBack = random.nextInt(6) == 0;
            // Some transactions hold their events a long while before they commit, as a lifecycle batch does.
            long sleepMillis = random.nextInt(4) == 0 ? 150 + random.nextInt(250) : random.nextInt(10);
            List<String> ids = new ArrayList<>();
            int tx = t;
            long[] begun = new long[1];
            try {
                transactions.executeWithoutResult(status -> {
                    for (int e = 0; e < events; e++) {
                        String id = run + ":" + writer + ":" + tx + ":" + e;
                        ids.add(id);
                        outbox.append(id, "test.feed", "feed-customer", "w" + writer, Map.of("run", run),
                                Instant.parse("2030-01-01T00:00:00Z"));
                        sleep(sleepMillis / events);
                    }
                    if (rollBack) {
                        status.setRollbackOnly();
                    }
                    begun[0] = System.nanoTime();
                });
            } finally {
                long done = System.nanoTime();
                for (String id : ids) {
                    if (rollBack) {
                        rolledBack.add(id);
                    } else {
                        committed.put(id, new Commit(begun[0], done));
                    }
                }
            }
        }
    }

    private long lastPosition() {
        Long max = jdbc.queryForObject("select max(position) from notify_outbox", Long.class);
        return max == null ? 0 : max;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
