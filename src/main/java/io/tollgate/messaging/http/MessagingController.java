package io.tollgate.messaging.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.messaging.Contact;
import io.tollgate.messaging.Message;
import io.tollgate.messaging.MessagingService;
import io.tollgate.messaging.core.Templates;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "notifications", description = "Contacts, their subscriptions and the messages told to them "
        + "(docs/notifications.md)")
public class MessagingController {
    private static final String CONTACT = "{\"channel\":\"EMAIL\",\"address\":\"finance@acme.example\","
            + "\"language\":\"zh\",\"types\":[\"term-expiring\",\"renewal-failed\",\"arrears\",\"balance-low\"]}";
    private final MessagingService messaging;

    public MessagingController(MessagingService messaging) {
        this.messaging = messaging;
    }

    /** A contact: EMAIL (an address), SMS (E.164 number) or WEBHOOK (a URL); language en or zh; the types it gets. */
    public record ContactRequest(String channel, String address, String language, List<String> types) {
    }

    public record ContactChange(String language, List<String> types) {
    }

    @GetMapping("/notification-types")
    @Operation(summary = "The notification types a contact may subscribe to")
    public List<String> types(Caller caller) {
        return Templates.TYPES;
    }

    @PostMapping("/customers/{customerId}/notification-contacts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a contact (customer admin): it receives the types it subscribes to (all when left "
            + "out) in its language",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "finance by e-mail, in Chinese", value = CONTACT))))
    public Contact add(Caller caller, @PathVariable String customerId, @RequestBody ContactRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        if (r == null) {
            throw Failure.invalid("missing-body", "a JSON body with channel and address is required");
        }
        return messaging.addContact(customerId, r.channel(), r.address(), r.language(), r.types());
    }

    @GetMapping("/customers/{customerId}/notification-contacts")
    @Operation(summary = "The customer's contacts and what each is subscribed to")
    public List<Contact> contacts(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return messaging.contacts(customerId);
    }

    @PatchMapping("/customers/{customerId}/notification-contacts/{contactId}")
    @Operation(summary = "Change a contact's language or subscriptions")
    public Contact change(Caller caller, @PathVariable String customerId, @PathVariable long contactId,
                          @RequestBody ContactChange change) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        if (change == null) {
            throw Failure.invalid("missing-body", "a JSON body is required");
        }
        return messaging.updateContact(customerId, contactId, change.language(), change.types());
    }

    @DeleteMapping("/customers/{customerId}/notification-contacts/{contactId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a contact (its messages stay in the mailbox)")
    public void delete(Caller caller, @PathVariable String customerId, @PathVariable long contactId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        messaging.deleteContact(customerId, contactId);
    }

    @GetMapping("/customers/{customerId}/messages")
    @Operation(summary = "The mailbox: every message told to the customer's contacts, oldest first, with its state "
            + "(PENDING, SENT, FAILED, SUPPRESSED over the daily cap, KEPT in demo mode where nothing is sent)")
    public Page<Message> mailbox(Caller caller, @PathVariable String customerId,
                                 @RequestParam(required = false) String cursor,
                                 @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        int size = Page.size(limit);
        return Page.of(messaging.messages(customerId, Page.decodeLong(cursor), size + 1), size,
                m -> Long.toString(m.id()));
    }

    @GetMapping("/messages")
    @Operation(summary = "Every customer's messages (operator), oldest first")
    public Page<Message> all(Caller caller, @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer limit) {
        caller.requireRole(Role.OPERATOR);
        int size = Page.size(limit);
        return Page.of(messaging.messages(null, Page.decodeLong(cursor), size + 1), size, m -> Long.toString(m.id()));
    }
}
