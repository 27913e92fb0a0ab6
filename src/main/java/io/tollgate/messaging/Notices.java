package io.tollgate.messaging;

import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.notify.OutboxEvent;
import io.tollgate.notify.OutboxService;
import io.tollgate.messaging.store.MessagingStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns outbox events into notices for the customer's contacts, following the outbox with a
 * cursor of its own (from the newest position the first time): a failed auto-renewal, the
 * account falling into arrears (a resource entering grace for ARREARS; one notice a customer and
 * day however many resources), the balance under its threshold, a budget threshold, a cost
 * anomaly, a resource package 80% used. The cursor moves in the transaction that writes the messages, so each event is told
 * once; an event that cannot be told is rolled back to its savepoint, logged and passed.
 */
@Component
public class Notices {
    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
    private static final int PAGE = 500;
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (xxx)");
    private final MessagingStore store;
    private final MessagingService messaging;
    private final OutboxService outbox;
    private final CustomerService customers;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final io.tollgate.subscription.SubscriptionService subscriptions;

    Notices(MessagingStore store, MessagingService messaging, OutboxService outbox, CustomerService customers,
            io.tollgate.subscription.SubscriptionService subscriptions, PlatformTransactionManager txm, Clock clock) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.messaging = messaging;
        this.outbox = outbox;
        this.customers = customers;
        this.tx = new TransactionTemplate(txm);
        this.savepoint = new TransactionTemplate(txm);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /** Reads the events after the cursor and tells them; returns the number of messages written. */
    public int pass() {
        int written = 0;
        int read;
        do {
            int[] page = tx.execute(s -> {
                Optional<Long> cursor = store.lockCursor();
                if (cursor.isEmpty()) {
                    if (store.cursor().isEmpty()) {
                        store.startCursor(outbox.newestPosition());
                    }
                    return new int[] {0, 0};
                }
                List<OutboxEvent> events = outbox.after(cursor.get(), null, null, PAGE);
                int n = 0;
                for (OutboxEvent e : events) {
                    n += tellSafely(e);
                }
                if (!events.isEmpty()) {
                    store.moveCursor(events.get(events.size() - 1).position());
                }
                return new int[] {events.size(), n};
            });
            read = page[0];
            written += page[1];
        } while (read == PAGE);
        return written;
    }

    private int tellSafely(OutboxEvent e) {
        try {
            Integer n = savepoint.execute(s -> tell(e));
            return n == null ? 0 : n;
        } catch (RuntimeException failure) {
            LOG.error("event {} ({}) could not be told: {}", e.eventId(), e.topic(), failure.toString(), failure);
            return 0;
        }
    }

    private int tell(OutboxEvent e) {
        Map<String, Object> p = e.payload();
        Customer customer = customers.customer(e.customerId());
        Map<String, String> v = new LinkedHashMap<>();
        v.put("customer", customer.name());
        String money = " " + customer.currency();
        ZoneId zone = clock.getZone();
        switch (e.topic()) {
            case "subscription.renewal.failed" -> {
                v.put("resourceId", e.subjectId());
                v.put("amount", p.get("amount") + money);
                v.put("reason", String.valueOf(p.getOrDefault("reason", "")));
                v.put("expiresAt", local(subscriptions.subscription(e.customerId(), e.subjectId()).expiresAt(), zone));
                return messaging.tell(e.customerId(), "renewal-failed", e.eventId(), v, List.of());
            }
            case "lifecycle.grace" -> {
                if (!"ARREARS".equals(p.get("reason"))) {
                    return 0;
                }
                v.put("at", local(e.occurredAt(), zone));
                Object next = p.get("nextTransitionAt");
                v.put("freezeAt", next == null ? "" : local(Instant.parse(next.toString()), zone));
                LocalDate day = LocalDate.ofInstant(e.occurredAt(), zone);
                return messaging.tell(e.customerId(), "arrears", "arrears:" + day, v, List.of());
            }
            case "balance.below-threshold" -> {
                v.put("available", p.get("available") + money);
                v.put("threshold", p.get("threshold") + money);
                return messaging.tell(e.customerId(), "balance-low", e.eventId(), v, List.of());
            }
            case "budget.threshold-reached" -> {
                for (String k : List.of("name", "percent", "basis", "periodStart")) {
                    v.put(k, String.valueOf(p.get(k)));
                }
                boolean cost = "COST".equals(p.get("measure"));
                v.put("amount", p.get("amount") + (cost ? money : ""));
                v.put("spend", p.get("spend") + (cost ? money : ""));
                return messaging.tell(e.customerId(), "budget-alert", e.eventId(), v, List.of());
            }
            case "cost.anomaly-detected" -> {
                for (String k : List.of("day", "severity", "group")) {
                    v.put(k, String.valueOf(p.get(k)));
                }
                v.put("actual", p.get("actual") + money);
                v.put("excess", p.get("excess") + money);
                return messaging.tell(e.customerId(), "anomaly", e.eventId(), v, List.of());
            }
            case "package.nearly-used-up" -> {
                for (String k : List.of("meter", "used", "quota")) {
                    v.put(k, String.valueOf(p.get(k)));
                }
                v.put("name", String.valueOf(p.get("name") == null ? p.get("packageId") : p.get("name")));
                v.put("periodStart", local(Instant.parse(p.get("periodStart").toString()), zone));
                v.put("percent", new java.math.BigDecimal(p.get("used").toString()).multiply(java.math.BigDecimal
                        .valueOf(100)).divide(new java.math.BigDecimal(p.get("quota").toString()), 0,
                        java.math.RoundingMode.DOWN).toPlainString());
                return messaging.tell(e.customerId(), "package-low", e.eventId(), v, List.of());
            }
            default -> {
                return 0;
            }
        }
    }

    static String local(Instant at, ZoneId zone) {
        return LOCAL.format(at.atZone(zone));
    }
}
