package io.tollgate.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackOffTest {
    @Test
    void theDelayDoublesPerFailureUpToTheCap() {
        // 30 s x 2^(n-1): 30, 60, 120 ... 1,920 s, then the cap of 3,600 s
        assertThat(BackOff.delay(Duration.ofSeconds(30), Duration.ofHours(1), 1)).hasSeconds(30);
        assertThat(BackOff.delay(Duration.ofSeconds(30), Duration.ofHours(1), 3)).hasSeconds(120);
        assertThat(BackOff.delay(Duration.ofSeconds(30), Duration.ofHours(1), 7)).hasSeconds(1920);
        assertThat(BackOff.delay(Duration.ofSeconds(30), Duration.ofHours(1), 8)).hasSeconds(3600);
        assertThat(BackOff.delay(Duration.ofSeconds(30), Duration.ofHours(1), 10_000)).hasSeconds(3600);
    }

    @Test
    void theNextAttemptFallsBetweenHalfAndAllOfTheDelayAndSpreads() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        Random random = new Random(7);
        java.util.Set<Instant> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Instant next = BackOff.next(now, Duration.ofSeconds(20), random);
            assertThat(next).isBetween(now.plusSeconds(10), now.plusSeconds(20));
            seen.add(next);
        }
        assertThat(seen).hasSizeGreaterThan(500);
    }
}
