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
 */
public final class Combiner<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Combiner.class);
    private final String name;
    private final Function<List<I>, List<O>> batch;
    private final Function<I, O> alone;
    private final ToIntFunction<I> weight;
    private final int maxWeight;
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
        this.name = name;
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
        while (running) {
            List<Pending<I, O>> group = new ArrayList<>();
            try {
                Pending<I, O> first = carry != null ? carry : queue.take();
                carry = null;
                group.add(first);
                int n = weight.applyAsInt(first.item());
                Pending<I, O> next;
                while ((next = queue.poll()) != null) {
                    int w = weight.applyAsInt(next.item());
                    if (n + w > maxWeight) {
                        carry = next;
                        break;
                    }
                    group.add(next);
                    n += w;
                }
                run(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("{} combiner failed", name, e);
                group.forEach(p -> p.answer().completeExceptionally(e));
            }
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
