package io.tollgate.notify.http;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.OutboxService;
import io.tollgate.shared.Page;
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
    @Operation(summary = "Events in order after the cursor (platform): freeze, unfreeze, release and the rest. "
            + "Each has a stable eventId; process it idempotently and keep the cursor")
    public Page<OutboxEvent> platformEvents(Caller caller, @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) String topic,
                                            @RequestParam(required = false) Integer limit) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        int size = Page.size(limit);
        return Page.of(outbox.after(Page.decodeLong(cursor), null, topic, size + 1), size, e -> Long.toString(e.id()));
    }

    @GetMapping("/customers/{customerId}/events")
    @Operation(summary = "The customer's events (renewal attempts, lifecycle changes), oldest first")
    public Page<OutboxEvent> customerEvents(Caller caller, @PathVariable String customerId,
                                            @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) String topic,
                                            @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        int size = Page.size(limit);
        return Page.of(outbox.after(Page.decodeLong(cursor), customerId, topic, size + 1), size,
                e -> Long.toString(e.id()));
    }
}
