package io.tollgate.combining;

import io.tollgate.shared.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One item of a combined transaction (issue 14) in a savepoint of its own: if the item fails, what
 * it wrote is rolled back to the savepoint, and the transaction synchronizations it registered
 * (Spring would otherwise run them when the surrounding transaction commits) are told, as after a
 * rollback, and dropped. So a failed item leaves no trace and its neighbours commit.
 */
public final class Savepoint {
    private final TransactionTemplate nested;

    public Savepoint(PlatformTransactionManager transactions) {
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Each item in a savepoint of its own, inside the caller's transaction, in order. An item's
     * refusal ({@link Failure}: bad input, a conflict) is its fate and its neighbours go on; any
     * other exception is about the transaction (a deadlock, a lost connection) and is thrown.
     */
    public <I, O> List<Fate<O>> each(List<I> items, Function<I, O> work) {
        List<Fate<O>> fates = new ArrayList<>(items.size());
        for (I item : items) {
            try {
                fates.add(Fate.of(attempt(() -> work.apply(item))));
            } catch (Failure refused) {
                fates.add(new Fate<>(null, refused));
            }
        }
        return fates;
    }

    /** The item's result; its exception after its work (and its after-commit actions) were rolled back. */
    public <T> T attempt(Supplier<T> item) {
        List<TransactionSynchronization> before = TransactionSynchronizationManager.isSynchronizationActive()
                ? TransactionSynchronizationManager.getSynchronizations() : null;
        try {
            return nested.execute(status -> item.get());
        } catch (RuntimeException | Error e) {
            if (before != null) {
                // what the item registered learns that its work was rolled back, and is then dropped
                for (TransactionSynchronization added : TransactionSynchronizationManager.getSynchronizations()) {
                    if (!before.contains(added)) {
                        added.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
                    }
                }
                TransactionSynchronizationManager.clearSynchronization();
                TransactionSynchronizationManager.initSynchronization();
                before.forEach(TransactionSynchronizationManager::registerSynchronization);
            }
            throw e;
        }
    }
}
