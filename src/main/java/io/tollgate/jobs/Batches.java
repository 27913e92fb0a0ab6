package io.tollgate.jobs;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one batch of a job: claimed and processed in one transaction; if that fails, every item of
 * the batch again alone, in its own transaction, the failures reported to {@link JobItems}.
 */
public final class Batches {
    private Batches() {
    }

    /** How many items a batch claimed (0: nothing left) and the work it reports (fee lines, events). */
    public record Done(int items, long work) {
    }

    /**
     * @param claim    claims the next batch (inside the transaction), leaving out {@link JobItems#held()}
     * @param keyOf    an item's key, as held and reported
     * @param claimOne claims one item again by its key (empty if it is no longer due)
     * @param process  does the work of claimed items, returning the work done
     */
    public static <T> Done run(TransactionTemplate tx, Supplier<List<T>> claim, Function<T, String> keyOf,
                               Function<String, List<T>> claimOne, Function<List<T>, Long> process, JobItems items) {
        List<String> keys = new java.util.ArrayList<>();
        try {
            Long work = tx.execute(status -> {
                List<T> batch = claim.get();
                keys.clear();
                batch.forEach(t -> keys.add(keyOf.apply(t)));
                return batch.isEmpty() ? 0L : process.apply(batch);
            });
            return new Done(keys.size(), work == null ? 0 : work);
        } catch (RuntimeException batchFailure) {
            if (keys.isEmpty()) {
                throw batchFailure;
            }
            long work = 0;
            for (String key : keys.stream().distinct().toList()) {
                try {
                    Long w = tx.execute(status -> {
                        List<T> one = claimOne.apply(key);
                        return one.isEmpty() ? 0L : process.apply(one);
                    });
                    work += w == null ? 0 : w;
                } catch (RuntimeException e) {
                    items.failed(key, e);
                }
            }
            return new Done(keys.size(), work);
        }
    }

    /** Runs batches of at most {@code limit} until a claim comes back short; returns the work of all. */
    public static <T> long drain(TransactionTemplate tx, int limit, Supplier<List<T>> claim, Function<T, String> keyOf,
                                 Function<String, List<T>> claimOne, Function<List<T>, Long> process, JobItems items) {
        long work = 0;
        Done done;
        do {
            done = run(tx, claim, keyOf, claimOne, process, items);
            work += done.work();
        } while (done.items() == limit);
        return work;
    }
}
