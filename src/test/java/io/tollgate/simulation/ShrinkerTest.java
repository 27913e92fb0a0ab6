package io.tollgate.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Delta debugging keeps only what the failure needs, and never more trials than allowed. */
class ShrinkerTest {
    private static List<Step> steps(int n) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(new Step.Downtime(i, Instant.EPOCH.plusSeconds(i)));
        }
        return steps;
    }

    @Test
    void aFailureNeedingThreeStepsShrinksToThemAndTheFailingStep() {
        // fails when steps 13, 57 and 80 are all present (and the failing step 90, always kept last)
        Set<Integer> needed = Set.of(13, 57, 80);
        List<Step> shrunk = Shrinker.shrink(steps(200), 90,
                c -> c.stream().map(Step::id).toList().containsAll(needed), 500);
        assertThat(shrunk).extracting(Step::id).containsExactly(13, 57, 80, 90);
    }

    @Test
    void everythingAfterTheFailingStepGoesAtOnce() {
        List<Step> shrunk = Shrinker.shrink(steps(50), 10, c -> false, 0);
        assertThat(shrunk).hasSize(11);
    }

    @Test
    void theTrialsAreBounded() {
        int[] trials = {0};
        Shrinker.shrink(steps(1000), 999, c -> {
            trials[0]++;
            return false;
        }, 25);
        assertThat(trials[0]).isEqualTo(25);
    }
}
