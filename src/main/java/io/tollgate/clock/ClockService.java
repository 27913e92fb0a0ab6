package io.tollgate.clock;

import io.tollgate.shared.BillingClock;
import io.tollgate.shared.Failure;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Advances the adjustable clock and runs what fell due. */
@Service
public class ClockService {
    /** A bound on one advance, so that a typo cannot start a century of settlement. */
    public static final Duration MAX_ADVANCE = Duration.ofDays(400);

    private final BillingClock clock;
    private final JobRunner jobs;

    private final JdbcTemplate jdbc;

    public ClockService(BillingClock clock, JobRunner jobs, JdbcTemplate jdbc) {
        this.clock = clock;
        this.jobs = jobs;
        this.jdbc = jdbc;
        resume();
    }

    /**
     * A movable clock resumes after a restart so that settled hours stay in the past: a demo clock
     * takes back its saved offset (real time went on while Tollgate was down, and so does the
     * clock), and neither mode ever comes back earlier than the instant last saved.
     */
    private void resume() {
        if (clock.mode() == BillingClock.Mode.SYSTEM) {
            return;
        }
        jdbc.query("select now, offset_ms from clock_state where id = 1", rs -> {
            long offsetMillis = rs.getLong(2);
            if (!rs.wasNull() && clock.mode() == BillingClock.Mode.DEMO) {
                clock.raiseOffsetTo(Duration.ofMillis(offsetMillis));
            }
            Instant saved = rs.getTimestamp(1).toInstant();
            if (saved.isAfter(clock.instant())) {
                clock.advanceTo(saved);
            }
        });
    }

    private void save() {
        Long offsetMillis = clock.mode() == BillingClock.Mode.DEMO ? clock.offset().toMillis() : null;
        jdbc.update("insert into clock_state (id, now, offset_ms) values (1, ?, ?) on conflict (id) do update set "
                + "now = greatest(clock_state.now, excluded.now), "
                + "offset_ms = greatest(clock_state.offset_ms, excluded.offset_ms)",
                java.sql.Timestamp.from(clock.instant()), offsetMillis);
    }

    public record Advanced(Instant now, long resourceHoursSettled, long feeLines, int subscriptionEvents,
                           int lifecycleChanges) {
    }

    public Advanced advanceTo(Instant target) {
        // Refused before any job runs: in SYSTEM mode an advance must not even settle what is due.
        if (clock.mode() == BillingClock.Mode.SYSTEM) {
            throw Failure.conflict("clock-not-adjustable", "the clock follows the system time in this mode");
        }
        if (target == null) {
            throw Failure.invalid("missing-field", "give the time to advance to, or a duration");
        }
        if (Duration.between(clock.instant(), target).compareTo(MAX_ADVANCE) > 0) {
            throw Failure.invalid("advance-too-far", "advance at most " + MAX_ADVANCE.toDays() + " days at a time");
        }
        if (target.isBefore(clock.instant())) {
            clock.advanceTo(target);
        }
        // Step from one due time to the next, so that every job runs at the time it falls due and in
        // the same order as in real time (a freeze lands before the hours after it are settled).
        long hours = 0;
        long lines = 0;
        int subscriptionEvents = 0;
        int lifecycleChanges = 0;
        while (true) {
            JobRunner.Ran ran = jobs.runDue(Integer.MAX_VALUE);
            hours += ran.resourceHours();
            lines += ran.feeLines();
            subscriptionEvents += ran.subscriptionEvents();
            lifecycleChanges += ran.lifecycleChanges();
            Instant now = clock.instant();
            // A pass can make work due at or before now (arrears found by the last settlement of the pass
            // start a grace period of 0 days: a freeze due at once). Run again at the same time until a pass
            // leaves nothing due or moves nothing (what is left then is quarantined, not forgotten).
            boolean moved = ran.subscriptionEvents() + ran.lifecycleChanges() + ran.resourceHours() + ran.feeLines() > 0;
            if (moved && jobs.nextDue().filter(t -> !t.isAfter(now)).isPresent()) {
                continue;
            }
            if (!now.isBefore(target)) {
                break;
            }
            Instant due = jobs.nextDue().filter(t -> t.isAfter(now)).orElse(target);
            Instant step = due.isBefore(target) ? due : target;
            if (step.isAfter(clock.instant())) {
                // In DEMO mode time also passes by itself: only move forward.
                clock.advanceTo(step);
            }
        }
        save();
        return new Advanced(clock.instant(), hours, lines, subscriptionEvents, lifecycleChanges);
    }

    public Advanced advanceBy(Duration step) {
        if (clock.mode() == BillingClock.Mode.SYSTEM) {
            throw Failure.conflict("clock-not-adjustable", "the clock follows the system time in this mode");
        }
        if (step == null || step.isNegative()) {
            throw Failure.invalid("clock-backwards", "the clock only moves forward");
        }
        return advanceTo(clock.instant().plus(step));
    }

    /** Whether the clock may be moved: the DEMO and ADJUSTABLE clocks, never the SYSTEM one. */
    public boolean movable() {
        return clock().mode() != BillingClock.Mode.SYSTEM;
    }

    public BillingClock clock() {
        return clock;
    }
}
