package io.tollgate.clock;

import io.tollgate.settlement.SettlementService;
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
    private final SettlementService settlement;

    private final JdbcTemplate jdbc;

    public ClockService(BillingClock clock, SettlementService settlement, JdbcTemplate jdbc) {
        this.clock = clock;
        this.settlement = settlement;
        this.jdbc = jdbc;
        resume();
    }

    /**
     * An adjustable clock resumes where it was before a restart if that is later than its start,
     * so that settled hours stay in the past.
     */
    private void resume() {
        if (clock.mode() != BillingClock.Mode.ADJUSTABLE) {
            return;
        }
        jdbc.query("select now from clock_state where id = 1", rs -> {
            Instant saved = rs.getTimestamp(1).toInstant();
            if (saved.isAfter(clock.instant())) {
                clock.advanceTo(saved);
            }
        });
    }

    private void save() {
        jdbc.update("insert into clock_state (id, now) values (1, ?) on conflict (id) do update set now = "
                + "greatest(clock_state.now, excluded.now)", java.sql.Timestamp.from(clock.instant()));
    }

    public record Advanced(Instant now, long resourceHoursSettled, long feeLines) {
    }

    public Advanced advanceTo(Instant target) {
        if (target == null) {
            throw Failure.invalid("missing-field", "give the time to advance to, or a duration");
        }
        if (Duration.between(clock.instant(), target).compareTo(MAX_ADVANCE) > 0) {
            throw Failure.invalid("advance-too-far", "advance at most " + MAX_ADVANCE.toDays() + " days at a time");
        }
        clock.advanceTo(target);
        save();
        SettlementService.Run run = settlement.settleDue(Integer.MAX_VALUE);
        return new Advanced(clock.instant(), run.resourceHours(), run.feeLines());
    }

    public Advanced advanceBy(Duration step) {
        if (step == null || step.isNegative()) {
            throw Failure.invalid("clock-backwards", "the clock only moves forward");
        }
        return advanceTo(clock.instant().plus(step));
    }

    public BillingClock clock() {
        return clock;
    }
}
