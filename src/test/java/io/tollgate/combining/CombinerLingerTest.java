package io.tollgate.combining;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lingering (issue 14): when callers are concurrent, a combiner waits a moment to fill a group
 * instead of starting with whoever is first in the queue; a lone caller never waits.
 */
class CombinerLingerTest {
    private final List<Integer> groups = Collections.synchronizedList(new ArrayList<>());

    private Combiner<Integer, Integer> combiner(Duration linger, CountDownLatch hold) {
        return new Combiner<>("t", 1, 1000, i -> 1, items -> {
            await(hold);
            groups.add(items.size());
            return items.stream().map(i -> i * 10).toList();
        }, i -> {
            await(hold);
            groups.add(1);
            return i * 10;
        }, null, null, linger);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLoneCallerNeverWaits() {
        try (Combiner<Integer, Integer> c = combiner(Duration.ofSeconds(5), new CountDownLatch(0))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(c.submit(i)).isEqualTo(i * 10);
            }
            // 20 sequential calls with a 5 s linger: had any waited, this would take 5 s or more
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(groups).containsOnly(1);
        }
    }

    @Test
    void concurrentCallersArriveApartAndAreStillCombined() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (Combiner<Integer, Integer> c = combiner(Duration.ofMillis(500), hold)) {
            // a first group of one holds the combiner while seven queue: they form a group of seven
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(callers.submit(() -> c.submit(0)));
            Thread.sleep(100);
            for (int i = 1; i < 8; i++) {
                int item = i;
                answers.add(callers.submit(() -> c.submit(item)));
            }
            Thread.sleep(100);
            hold.countDown();
            for (int i = 0; i < 8; i++) {
                assertThat(answers.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i * 10);
            }
            assertThat(groups).containsExactly(1, 7);
            // now the eight arrive 20 ms apart: the combiner lingers for as many as the last group had (7)
            answers.clear();
            for (int i = 0; i < 7; i++) {
                int item = 100 + i;
                answers.add(callers.submit(() -> c.submit(item)));
                Thread.sleep(20);
            }
            for (int i = 0; i < 7; i++) {
                assertThat(answers.get(i).get(5, TimeUnit.SECONDS)).isEqualTo((100 + i) * 10);
            }
            // without lingering they would go one by one (each found the combiner idle)
            assertThat(groups.subList(2, groups.size())).containsExactly(7);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void withoutLingerStaggeredCallersGoOneByOne() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (Combiner<Integer, Integer> c = combiner(Duration.ZERO, new CountDownLatch(0))) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int item = i;
                answers.add(callers.submit(() -> c.submit(item)));
                Thread.sleep(20);
            }
            for (Future<Integer> a : answers) {
                a.get(5, TimeUnit.SECONDS);
            }
            assertThat(groups).containsExactly(1, 1, 1, 1);
        } finally {
            callers.shutdownNow();
        }
    }
}
