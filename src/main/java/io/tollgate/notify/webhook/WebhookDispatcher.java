package io.tollgate.notify.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.webhook.store.WebhookStore;
import io.tollgate.notify.webhook.store.WebhookStore.Backlog;
import io.tollgate.notify.webhook.store.WebhookStore.Claimed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the outbox to the webhook endpoints. A pass copies each enabled endpoint's new events
 * into deliveries (its own cursor over the commit-ordered feed), then drains every endpoint with
 * due work in a task of its own on a bounded pool, so a slow or dead endpoint holds one thread and
 * never the others. A task claims the endpoint's due deliveries that head their subject's order
 * (SKIP LOCKED, under a lease, the attempt logged IN_FLIGHT), POSTs each outside any transaction,
 * and records the outcome under the lease: delivered; failed and due again after a jittered
 * doubling back-off; or dead once the retry window has passed. Later events of a subject wait
 * while an earlier one is undelivered (also while it is dead, until it is replayed), so a freeze
 * never arrives after its release.
 */
public class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int FAN_OUT_PAGE = 500;
    /** Deliveries one task sends before it gives the thread back (the next pass picks up the rest). */
    private static final int TASK_BUDGET = 500;
    private final WebhookStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WebhookSettings settings;
    private final WebhookSender sender;
    private final JsonMapper json;
    private final ExecutorService pool;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final MeterRegistry metrics;
    private volatile Backlog backlog = new Backlog(0, 0, 0, null);
    private volatile long backlogReadAt;

    public WebhookDispatcher(WebhookStore store, TransactionTemplate tx, Clock clock, WebhookSettings settings,
                             JsonMapper json, MeterRegistry metrics) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.sender = new WebhookSender(settings.timeout());
        this.json = json;
        this.metrics = metrics;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.parallelEndpoints(), r -> {
            Thread t = new Thread(r, "webhook-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (String state : List.of("pending", "delivered", "dead")) {
            Gauge.builder("tollgate.notify.deliveries", this, d -> d.backlog(state))
                    .description("deliveries by state").tag("channel", "webhook").tag("state", state).register(metrics);
        }
        Gauge.builder("tollgate.notify.oldest.undelivered.seconds", this, WebhookDispatcher::oldestUndeliveredSeconds)
                .description("how long the oldest undelivered delivery has been due").tag("channel", "webhook")
                .register(metrics);
    }

    /** The JSON body of an event: the same bytes on every attempt (the timestamp in UTC, ISO-8601). */
    public record WebhookMessage(String id, String type, String timestamp, String customerId, String subjectId,
                                 long position, Map<String, Object> data) {
    }

    /** One pass without waiting: fan out, then start a task for every endpoint with due work. */
    public void pass() {
        fanOut();
        startDue();
    }

    /** One pass, waiting for its tasks: returns the number of attempts made (tests and the CLI). */
    public int passAndWait() {
        fanOut();
        int attempts = 0;
        for (Future<Integer> f : startDue()) {
            try {
                attempts += f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return attempts;
            } catch (ExecutionException e) {
                LOG.error("a webhook task failed: {}", e.getCause().toString(), e.getCause());
            }
        }
        return attempts;
    }

    /** Copies new events into deliveries, endpoint by endpoint; returns the number of events read. */
    public int fanOut() {
        int read = 0;
        for (long endpoint : store.enabledEndpoints()) {
            int page;
            do {
                Integer n = tx.execute(s -> store.fanOut(endpoint, FAN_OUT_PAGE, clock.instant()));
                page = n == null ? 0 : n;
                read += page;
            } while (page == FAN_OUT_PAGE);
        }
        return read;
    }

    private List<Future<Integer>> startDue() {
        List<Future<Integer>> started = new ArrayList<>();
        for (long endpoint : store.endpointsDue(clock.instant())) {
            if (inFlight.add(endpoint)) {
                started.add(pool.submit(() -> {
                    try {
                        return drain(endpoint);
                    } finally {
                        inFlight.remove(endpoint);
                    }
                }));
            }
        }
        return started;
    }

    /** Sends an endpoint's due deliveries, claim by claim, up to the task's budget; returns the attempts. */
    int drain(long endpoint) {
        int attempts = 0;
        while (attempts < TASK_BUDGET) {
            Instant now = clock.instant();
            List<Claimed> claimed = tx.execute(s -> store.claim(endpoint, now, now.plus(settings.lease()),
                    settings.claim()));
            if (claimed == null || claimed.isEmpty()) {
                break;
            }
            for (Claimed c : claimed) {
                deliver(c);
                attempts++;
            }
        }
        return attempts;
    }

    /** Sends one claimed delivery and records its outcome. */
    void deliver(Claimed c) {
        WebhookSender.Sent sent = send(c);
        record(c, sent);
    }

    /** The call itself: signed with every secret that signs now, stamped with the real time. */
    WebhookSender.Sent send(Claimed c) {
        OutboxEvent e = c.event();
        byte[] body = json.writeValueAsBytes(new WebhookMessage(e.eventId(), e.topic(), e.occurredAt().toString(),
                e.customerId(), e.subjectId(), e.position(), e.payload()));
        // The timestamp is the wall clock's (receivers compare it with theirs), not the billing clock.
        long timestamp = Instant.now().getEpochSecond();
        String signature = WebhookSignature.header(c.secrets().signingAt(clock.instant()), e.eventId(), timestamp, body);
        return sender.send(c.url(), e.eventId(), timestamp, signature, body);
    }

    /** Records the outcome under the claim's lease. */
    void record(Claimed c, WebhookSender.Sent sent) {
        Instant now = clock.instant();
        Boolean recorded = tx.execute(s -> {
            if (sent.delivered()) {
                return store.complete(c, "DELIVERED", sent.status(), null, sent.durationMs(), now, null, false);
            }
            Instant firstDue = store.delivery(c.deliveryId()).orElseThrow().firstDueAt();
            boolean dead = !now.isBefore(firstDue.plus(settings.giveUpAfter()));
            Instant next = io.tollgate.shared.BackOff.next(now, settings.backOff(c.attempt()),
                    ThreadLocalRandom.current());
            return store.complete(c, "FAILED", sent.status(), sent.error(), sent.durationMs(), now, next, dead);
        });
        metrics.counter("tollgate.notify.attempts", "channel", "webhook",
                "outcome", sent.delivered() ? "delivered" : "failed").increment();
        if (!Boolean.TRUE.equals(recorded)) {
            LOG.warn("webhook delivery {} attempt {}: the lease expired before the outcome was recorded",
                    c.deliveryId(), c.attempt());
        }
    }

    private double backlog(String state) {
        Backlog b = freshBacklog();
        return switch (state) {
            case "pending" -> b.pending();
            case "delivered" -> b.delivered();
            default -> b.dead();
        };
    }

    private double oldestUndeliveredSeconds() {
        Instant oldest = freshBacklog().oldestUndelivered();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    /** The backlog, read at most every 5 seconds (every gauge of a scrape shares one read). */
    private Backlog freshBacklog() {
        long now = System.nanoTime();
        if (now - backlogReadAt > 5_000_000_000L) {
            backlog = store.backlog();
            backlogReadAt = now;
        }
        return backlog;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
