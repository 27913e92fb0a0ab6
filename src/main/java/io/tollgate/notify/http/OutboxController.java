package io.tollgate.notify.http;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.OutboxService;
import io.tollgate.shared.Page;
import java.util.List;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "events", description = "The outbox: lifecycle changes for the platform, events for notifications")
public class OutboxController {
    private final OutboxService outbox;

    public OutboxController(OutboxService outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/platform/events")
    @Operation(summary = "Events in commit order after the cursor (platform): freeze, unfreeze, release and the "
            + "rest. Each has a stable eventId; process it idempotently and keep the cursor. The cursor is always "
            + "returned (on the last page it is where to ask again), so a follower sees every event exactly once")
    public Page<OutboxEvent> platformEvents(Caller caller, @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) String topic,
                                            @RequestParam(required = false) Integer limit) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        return follow(Page.decodeLong(cursor), null, topic, Page.size(limit));
    }

    @GetMapping("/customers/{customerId}/events")
    @Operation(summary = "The customer's events (renewal attempts, lifecycle changes), oldest first")
    public Page<OutboxEvent> customerEvents(Caller caller, @PathVariable String customerId,
                                            @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) String topic,
                                            @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return follow(Page.decodeLong(cursor), customerId, topic, Page.size(limit));
    }

    /** A page whose cursor is the last position returned, or the one asked for when nothing is new. */
    private Page<OutboxEvent> follow(long after, String customerId, String topic, int size) {
        List<OutboxEvent> events = outbox.after(after, customerId, topic, size);
        long last = events.isEmpty() ? after : events.get(events.size() - 1).position();
        return new Page<>(events, Page.encode(Long.toString(last)));
    }
}
