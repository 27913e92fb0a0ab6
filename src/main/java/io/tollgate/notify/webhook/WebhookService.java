package io.tollgate.notify.webhook;

import io.tollgate.notify.webhook.store.WebhookStore;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Webhook endpoints for the operator: register, change, rotate secrets, list deliveries, replay. */
@Service
public class WebhookService {
    static final int MAX_URL = 2_000;
    static final int MAX_EVENT_TYPES = 50;
    static final int MAX_EVENT_TYPE = 100;
    static final int MAX_DESCRIPTION = 200;
    static final Duration MAX_OVERLAP = Duration.ofDays(30);
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "DEAD");
    private final WebhookStore store;
    private final Clock clock;

    public WebhookService(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** An endpoint and, right after it is registered or rotated, its new secret (shown once). */
    public record EndpointWithSecret(WebhookEndpoint endpoint, String secret) {
    }

    /**
     * Registers an endpoint; it receives the events committed after {@code fromPosition} (default:
     * from now on). Without a secret one is generated.
     */
    @Transactional
    public EndpointWithSecret register(String url, String description, List<String> eventTypes, String secret,
                                       Long fromPosition) {
        String checkedUrl = url(url);
        String text = description(description);
        List<String> types = eventTypes(eventTypes);
        String key = secret == null ? WebhookSignature.newSecret() : secret;
        WebhookSignature.key(key);
        long newest = store.newestPosition();
        if (fromPosition != null && (fromPosition < 0 || fromPosition > newest)) {
            throw Failure.invalid("invalid-position", "fromPosition must be between 0 and the newest position "
                    + newest);
        }
        long id = store.insertEndpoint(checkedUrl, text, types, key, fromPosition == null ? newest : fromPosition,
                clock.instant());
        return new EndpointWithSecret(endpoint(id), key);
    }

    public List<WebhookEndpoint> endpoints() {
        return store.endpoints();
    }

    public WebhookEndpoint endpoint(long id) {
        return store.endpoint(id).orElseThrow(() -> Failure.notFound("webhook-endpoint-not-found",
                "no webhook endpoint " + id));
    }

    /** Changes what is given (null: unchanged); a disabled endpoint gets no new deliveries and sends none. */
    @Transactional
    public WebhookEndpoint update(long id, String url, String description, List<String> eventTypes, Boolean enabled) {
        WebhookEndpoint old = endpoint(id);
        store.updateEndpoint(id, url == null ? old.url() : url(url),
                description == null ? old.description() : description(description),
                eventTypes == null ? old.eventTypes() : eventTypes(eventTypes),
                enabled == null ? old.enabled() : enabled, clock.instant());
        return endpoint(id);
    }

    /**
     * A new secret (given or generated) signs from now on; the current one goes on signing beside
     * it for the overlap (default 24 hours, at most 30 days; zero ends it at once).
     */
    @Transactional
    public EndpointWithSecret rotate(long id, String secret, Duration overlap) {
        endpoint(id);
        Duration o = overlap == null ? DEFAULT_OVERLAP : overlap;
        if (o.isNegative() || o.compareTo(MAX_OVERLAP) > 0) {
            throw Failure.invalid("invalid-overlap", "the overlap is between 0 and 30 days");
        }
        String key = secret == null ? WebhookSignature.newSecret() : secret;
        WebhookSignature.key(key);
        Instant now = clock.instant();
        store.rotate(id, key, now.plus(o), now);
        return new EndpointWithSecret(endpoint(id), key);
    }

    public List<WebhookDelivery> deliveries(Long endpointId, String state, long afterId, int limit) {
        if (state != null && !STATES.contains(state)) {
            throw Failure.invalid("invalid-state", "state is one of PENDING, DELIVERED, DEAD");
        }
        return store.deliveries(endpointId, state, afterId, limit);
    }

    public record DeliveryWithAttempts(WebhookDelivery delivery, List<WebhookAttempt> attempts) {
    }

    public DeliveryWithAttempts delivery(long id) {
        WebhookDelivery d = store.delivery(id).orElseThrow(() -> Failure.notFound("webhook-delivery-not-found",
                "no webhook delivery " + id));
        return new DeliveryWithAttempts(d, store.attempts(id));
    }

    /** A dead delivery is sent again from now, with a new retry window; 409 when it is not dead. */
    @Transactional
    public WebhookDelivery replay(long id) {
        WebhookDelivery d = delivery(id).delivery();
        if (!"DEAD".equals(d.state())) {
            throw Failure.conflict("delivery-not-dead", "delivery " + id + " is " + d.state()
                    + "; only a dead delivery is replayed");
        }
        store.replay(id, null, clock.instant());
        return store.delivery(id).orElseThrow();
    }

    /** Every dead delivery of the endpoint is sent again, in order; returns how many. */
    @Transactional
    public int replayAll(long endpointId) {
        endpoint(endpointId);
        return store.replay(null, endpointId, clock.instant());
    }

    private static String url(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw Failure.invalid("invalid-webhook-url", "url is an http or https URL of at most " + MAX_URL
                    + " characters");
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getUserInfo() != null
                    || u.getFragment() != null) {
                throw Failure.invalid("invalid-webhook-url", "url must be an absolute http or https URL with a host, "
                        + "no user info and no fragment");
            }
        } catch (URISyntaxException e) {
            throw Failure.invalid("invalid-webhook-url", "url is not a URL: " + e.getReason());
        }
        return url;
    }

    private static String description(String description) {
        if (description == null) {
            return "";
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw Failure.invalid("invalid-description", "description is at most " + MAX_DESCRIPTION + " characters");
        }
        return Text.requireClean("description", description);
    }

    private static List<String> eventTypes(List<String> types) {
        if (types == null) {
            return List.of();
        }
        if (types.size() > MAX_EVENT_TYPES) {
            throw Failure.invalid("invalid-event-types", "at most " + MAX_EVENT_TYPES + " event types");
        }
        List<String> out = new ArrayList<>();
        for (String t : types) {
            if (t == null || t.isBlank() || t.length() > MAX_EVENT_TYPE || !t.matches("[a-z0-9._-]+")) {
                throw Failure.invalid("invalid-event-types", "an event type is a topic or its prefix (lower-case "
                        + "letters, digits, '.', '_' and '-'), such as 'lifecycle.' or 'subscription.renewal'");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }
}
