package io.tollgate.shared;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A function's results kept by argument, for values that repeat from row to row of a stream (an
 * export's instants, a month's tags): each distinct argument is computed once. Bounded: past
 * {@code max} entries it starts again empty, so a stream of ever new arguments holds at most
 * {@code max}. Not thread-safe; one per stream.
 */
public final class Memo<K, V> {
    private final Map<K, V> values = new HashMap<>();
    private final int max;
    private final Function<K, V> compute;

    public Memo(int max, Function<K, V> compute) {
        this.max = max;
        this.compute = compute;
    }

    public V get(K key) {
        if (values.size() >= max) {
            values.clear();
        }
        return values.computeIfAbsent(key, compute);
    }
}
