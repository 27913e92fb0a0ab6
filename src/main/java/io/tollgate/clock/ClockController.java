package io.tollgate.clock;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.shared.BillingClock;
import io.tollgate.shared.Failure;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clock")
@Tag(name = "clock", description = "The billing clock; adjustable in demo and test modes")
public class ClockController {
    private final ClockService clocks;

    public ClockController(ClockService clocks) {
        this.clocks = clocks;
    }

    public record ClockView(Instant now, BillingClock.Mode mode, String zone) {
    }

    /** Either {@code to} (an instant) or {@code by} (an ISO-8601 duration such as PT1H or P30D). */
    public record AdvanceRequest(Instant to, String by) {
    }

    @GetMapping
    @Operation(summary = "The current billing time")
    public ClockView now(Caller caller) {
        BillingClock c = clocks.clock();
        return new ClockView(c.instant(), c.mode(), c.getZone().getId());
    }

    @PostMapping("/advance")
    @Operation(summary = "Advance the clock (operator, demo and test modes) and run the jobs that fall due")
    public ClockService.Advanced advance(Caller caller, @RequestBody AdvanceRequest r) {
        caller.requireRole(Role.OPERATOR);
        if ((r.to() == null) == (r.by() == null)) {
            throw Failure.invalid("invalid-advance", "give exactly one of 'to' and 'by'");
        }
        if (r.to() != null) {
            return clocks.advanceTo(r.to());
        }
        try {
            return clocks.advanceBy(Duration.parse(r.by()));
        } catch (DateTimeParseException e) {
            throw Failure.invalid("invalid-duration", "'by' must be an ISO-8601 duration such as PT1H or P30D");
        }
    }
}
