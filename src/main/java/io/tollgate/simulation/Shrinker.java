package io.tollgate.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging (ddmin) over a failing step list: first everything after the failing step goes,
 * then chunks of steps are dropped while the same invariant still fails, from halves down to single
 * steps. Steps keep their ids, so what remains replays with the same keys. Each trial is a whole run
 * on a fresh database, so the number of trials is bounded.
 */
public final class Shrinker {
    private Shrinker() {
    }

    /** {@code fails} replays a list and says whether it still fails the same way. */
    public static List<Step> shrink(List<Step> failing, int failedStepId, Predicate<List<Step>> fails, int maxTrials) {
        List<Step> current = new ArrayList<>();
        for (Step s : failing) {
            current.add(s);
            if (s.id() == failedStepId) {
                break;
            }
        }
        int trials = 0;
        int n = 2;
        while (current.size() >= 2 && trials < maxTrials) {
            int chunk = (int) Math.ceil(current.size() / (double) n);
            boolean reduced = false;
            // The failing step is last: never drop it, it is what fails.
            for (int from = 0; from < current.size() - 1 && trials < maxTrials; from += chunk) {
                List<Step> candidate = new ArrayList<>(current.subList(0, from));
                candidate.addAll(current.subList(Math.min(from + chunk, current.size() - 1), current.size()));
                if (candidate.size() == current.size()) {
                    continue;
                }
                trials++;
                if (fails.test(candidate)) {
                    current = candidate;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunk <= 1) {
                    break;
                }
                n = Math.min(n * 2, current.size());
            }
        }
        return current;
    }
}
