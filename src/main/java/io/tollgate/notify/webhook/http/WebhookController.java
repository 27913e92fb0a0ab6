package io.tollgate.notify.webhook.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.notify.webhook.WebhookDelivery;
import io.tollgate.notify.webhook.WebhookEndpoint;
import io.tollgate.notify.webhook.WebhookService;
import io.tollgate.notify.webhook.WebhookService.DeliveryWithAttempts;
import io.tollgate.notify.webhook.WebhookService.EndpointWithSecret;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
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
@RequestMapping("/api/v1/platform/webhooks")
@Tag(name = "webhooks", description = "Signed callbacks of the outbox events to the platform (docs/notifications.md)")
public class WebhookController {
    private static final String REGISTER = "{\"url\":\"https://platform.example/tollgate/events\","
            + "\"description\":\"lifecycle to the scheduler\",\"eventTypes\":[\"lifecycle.\",\"subscription.\"]}";
    private final WebhookService webhooks;

    public WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /**
     * A new endpoint. eventTypes are topics or their prefixes (none: every event); secret is a
     * Standard Webhooks secret ('whsec_' + base64 of 24 to 64 bytes), generated when left out;
     * fromPosition is the outbox position after which it receives events (default: the newest).
     */
    public record EndpointRequest(String url, String description, List<String> eventTypes, String secret,
                                  Long fromPosition) {
    }

    /** What to change (left out: unchanged). */
    public record EndpointChange(String url, String description, List<String> eventTypes, Boolean enabled) {
    }

    /** The new secret (generated when left out) and how long the current one signs beside it (ISO-8601, default PT24H). */
    public record SecretRotation(String secret, String overlap) {
    }

    public record ReplayCount(int replayed) {
    }

    @PostMapping("/endpoints")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a webhook endpoint (operator, platform). Every outbox event of its types is "
            + "POSTed as JSON, signed in the Standard Webhooks style (webhook-id, webhook-timestamp, "
            + "webhook-signature); the secret is in this answer only",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "lifecycle and subscription events", value = REGISTER))))
    public EndpointWithSecret register(Caller caller, @RequestBody EndpointRequest request) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        if (request == null) {
            throw Failure.invalid("missing-body", "a JSON body with url is required");
        }
        return webhooks.register(request.url(), request.description(), request.eventTypes(), request.secret(),
                request.fromPosition());
    }

    @GetMapping("/endpoints")
    @Operation(summary = "The webhook endpoints (secrets are never shown again)")
    public List<WebhookEndpoint> endpoints(Caller caller) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        return webhooks.endpoints();
    }

    @GetMapping("/endpoints/{id}")
    @Operation(summary = "One webhook endpoint")
    public WebhookEndpoint endpoint(Caller caller, @PathVariable long id) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        return webhooks.endpoint(id);
    }

    @PatchMapping("/endpoints/{id}")
    @Operation(summary = "Change an endpoint's URL, description, event types, or disable it (enabled false: no "
            + "new deliveries and none sent until it is enabled again; the events in between are delivered then)")
    public WebhookEndpoint update(Caller caller, @PathVariable long id, @RequestBody EndpointChange change) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        if (change == null) {
            throw Failure.invalid("missing-body", "a JSON body is required");
        }
        return webhooks.update(id, change.url(), change.description(), change.eventTypes(), change.enabled());
    }

    @PostMapping("/endpoints/{id}/rotate-secret")
    @Operation(summary = "Rotate the signing secret: the new one (in this answer only) signs from now on, and the "
            + "current one signs beside it for the overlap, so the webhook-signature header carries both")
    public EndpointWithSecret rotate(Caller caller, @PathVariable long id,
                                     @RequestBody(required = false) SecretRotation rotation) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        Duration overlap = null;
        if (rotation != null && rotation.overlap() != null) {
            try {
                overlap = Duration.parse(rotation.overlap());
            } catch (java.time.format.DateTimeParseException e) {
                throw Failure.invalid("invalid-overlap", "overlap is an ISO-8601 duration such as PT24H");
            }
        }
        return webhooks.rotate(id, rotation == null ? null : rotation.secret(), overlap);
    }

    @PostMapping("/endpoints/{id}/replay")
    @Operation(summary = "Replay every dead delivery of the endpoint, in their order, with a new retry window")
    public ReplayCount replayAll(Caller caller, @PathVariable long id) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        return new ReplayCount(webhooks.replayAll(id));
    }

    @GetMapping("/deliveries")
    @Operation(summary = "Deliveries, oldest first, of one endpoint and state (PENDING, DELIVERED, DEAD) when "
            + "given: state=DEAD lists the failures to replay")
    public Page<WebhookDelivery> deliveries(Caller caller, @RequestParam(required = false) Long endpointId,
                                            @RequestParam(required = false) String state,
                                            @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) Integer limit) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        int size = Page.size(limit);
        List<WebhookDelivery> rows = webhooks.deliveries(endpointId, state, Page.decodeLong(cursor), size + 1);
        return Page.of(rows, size, d -> Long.toString(d.id()));
    }

    @GetMapping("/deliveries/{id}")
    @Operation(summary = "One delivery with every attempt and its outcome (IN_FLIGHT, DELIVERED, FAILED, UNKNOWN)")
    public DeliveryWithAttempts delivery(Caller caller, @PathVariable long id) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        return webhooks.delivery(id);
    }

    @PostMapping("/deliveries/{id}/replay")
    @Operation(summary = "Replay one dead delivery (409 delivery-not-dead otherwise); the events of the same "
            + "subject waiting behind it follow in order")
    public WebhookDelivery replay(Caller caller, @PathVariable long id) {
        caller.requireRole(Role.OPERATOR, Role.PLATFORM);
        return webhooks.replay(id);
    }
}
