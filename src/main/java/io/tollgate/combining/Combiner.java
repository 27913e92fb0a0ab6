package io.tollgate.combining;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Write combining (issue 14): items submitted while a combined transaction is in flight are
 * gathered into the next one, and each caller gets back its own result once that transaction has
 * committed. Nothing waits on a timer: an item that finds a combiner idle goes at once; under
 * load, the queue fills while the combiners commit, so a group grows with the load.
 *
 * <p>{@code batch} runs a group (two or more items, in submission order, their weights adding up
 * to at most {@code maxWeight}) in one transaction and returns one result per item. If it throws,
 * nothing of the group was committed and each item is run again on its own with {@code alone},
 * so an item that cannot be done fails alone. A group of one is run with {@code alone} directly.
 * An exception of {@code alone} reaches the caller of {@link #submit} unchanged. With no combiner
 * threads, or for a caller inside a transaction (which must see and own the item's work),
 * {@link #submit} runs {@code alone} in the caller's thread.
 *
 * <p>Lingering: on a busy machine the callers reach the queue a little apart, and a combiner that
 * starts at once takes them one or two at a time (a profile at 16 concurrent one-record requests
 * showed 44% of the combiner's time in groups of one). So with a {@code linger} above zero, and
 * when the previous group held several items (callers are concurrent), a combiner waits up to
 * {@code linger} for as many items as that group had before it starts the transaction. A lone
 * caller never waits: its groups are of one.
 */
public final class Combiner<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Combiner.class);
    private final String name;
    private final Function<List<I>, List<O>> batch;
    private final Function<I, O> alone;
    private final ToIntFunction<I> weight;
    private final int maxWeight;
    private final long lingerNanos;
    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final DistributionSummary perTransaction;
    private volatile boolean running = true;

    private record Pending<I, O>(I item, CompletableFuture<O> answer) {
    }

    /**
     * @param metric the name of the distribution summary of items per combined transaction, or null for none
     */
    public Combiner(String name, int threads, int maxWeight, ToIntFunction<I> weight, Function<List<I>, List<O>> batch,
                    Function<I, O> alone, MeterRegistry metrics, String metric) {
        this(name, threads, maxWeight, weight, batch, alone, metrics, metric, java.time.Duration.ZERO);
    }

    /** @param linger how long a combiner may wait to fill a group when callers are concurrent (see above) */
    public Combiner(String name, int threads, int maxWeight, ToIntFunction<I> weight, Function<List<I>, List<O>> batch,
                    Function<I, O> alone, MeterRegistry metrics, String metric, java.time.Duration linger) {
        this.name = name;
        this.lingerNanos = linger.toNanos();
        this.batch = batch;
        this.alone = alone;
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.perTransaction = metrics == null || metric == null ? null : DistributionSummary.builder(metric)
                .description(name + " items combined into one transaction").register(metrics);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::combine, name + "-combiner-" + i);
            t.setDaemon(true);
            t.start();
            this.threads.add(t);
        }
    }

    /** Whether items are combined (at least one combiner thread). */
    public boolean combining() {
        return !threads.isEmpty();
    }

    /** The item's result once its transaction has committed; blocks until then. */
    public O submit(I item) {
        if (threads.isEmpty() || !running || TransactionSynchronizationManager.isActualTransactionActive()) {
            // a caller inside a transaction of its own has the item done in it, in its thread
            return alone.apply(item);
        }
        Pending<I, O> p = new Pending<>(item, new CompletableFuture<>());
        queue.add(p);
        if (!running && queue.remove(p)) {
            return alone.apply(item);
        }
        try {
            return p.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof Error error) {
            throw error;
        }
        return c instanceof RuntimeException r ? r : new IllegalStateException(c);
    }

    private void combine() {
        Pending<I, O> carry = null;
        int previous = 1;
        while (running) {
            Group<I, O> group = new Group<>();
            try {
                group.add(carry != null ? carry : queue.take(), weight);
                carry = null;
                Pending<I, O> next;
                while (carry == null && (next = queue.poll()) != null) {
                    carry = group.addUnlessOver(next, weight, maxWeight);
                }
                long deadline = System.nanoTime() + lingerNanos;
                while (carry == null && lingerNanos > 0 && group.items.size() < previous) {
                    long left = deadline - System.nanoTime();
                    next = left > 0 ? queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    carry = group.addUnlessOver(next, weight, maxWeight);
                }
                previous = group.items.size();
                run(group.items);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("{} combiner failed", name, e);
                group.items.forEach(p -> p.answer().completeExceptionally(e));
            }
        }
    }

    /** The items of the next transaction and their weight. */
    private static final class Group<I, O> {
        final List<Pending<I, O>> items = new ArrayList<>();
        int weight;

        void add(Pending<I, O> p, ToIntFunction<I> weigh) {
            items.add(p);
            weight += weigh.applyAsInt(p.item());
        }

        /** Adds {@code p} and returns null, or returns it (to carry to the next group) when it would go over. */
        Pending<I, O> addUnlessOver(Pending<I, O> p, ToIntFunction<I> weigh, int max) {
            int w = weigh.applyAsInt(p.item());
            if (weight + w > max) {
                return p;
            }
            items.add(p);
            weight += w;
            return null;
        }
    }

    private void run(List<Pending<I, O>> group) {
        if (perTransaction != null) {
            perTransaction.record(group.size());
        }
        if (group.size() == 1) {
            alone(group.get(0));
            return;
        }
        List<O> results;
        try {
            results = batch.apply(group.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            // the combined transaction rolled back: nothing of it was acknowledged; each item again on its own
            LOG.warn("a combined {} transaction of {} items failed ({}); running them one by one", name, group.size(),
                    e.toString());
            group.forEach(this::alone);
            return;
        }
        if (results.size() != group.size()) {
            throw new IllegalStateException(name + ": " + results.size() + " results for " + group.size() + " items");
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answer().complete(results.get(i));
        }
    }

    private void alone(Pending<I, O> p) {
        try {
            p.answer().complete(alone.apply(p.item()));
        } catch (RuntimeException | Error e) {
            p.answer().completeExceptionally(e);
        }
    }

    /** Stops the combiners; what is still queued is run item by item in this thread. */
    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        Pending<I, O> p;
        while ((p = queue.poll()) != null) {
            alone(p);
        }
    }
}
