package io.tollgate.messaging;

import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.lifecycle.LifecycleState;
import io.tollgate.lifecycle.ResourceLifecycle;
import io.tollgate.messaging.store.MessagingStore;
import io.tollgate.subscription.Subscription;
import io.tollgate.subscription.SubscriptionService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reminders of billing-rules §5 as due rows: a term expiring in 7, 3 and 1 days; a resource
 * frozen in 5 and 2 days and on the day; released in 6 and 2 days and on the day. Each pass plans
 * the deadlines of the coming days (a reminder per subject, deadline and offset, due at 09:00 in
 * the billing zone of its day; on the deadline's own day at midnight if 09:00 is too late) and
 * runs the due ones: each is checked again (the same deadline still ahead: not renewed, not
 * topped up), and a customer's reminders of one kind and day go out as one digest.
 */
@Component
public class Reminders {
    static final LocalTime SEND_AT = LocalTime.of(9, 0);
    /** How far ahead deadlines are planned: beyond the longest offset, so every reminder is planned a day early. */
    static final Duration HORIZON = Duration.ofDays(8);
    private static final int PAGE = 500;
    private static final int CUSTOMERS_PER_BATCH = 50;

    /** A kind of deadline, the type it is told as, and how many days before it. */
    enum Kind {
        EXPIRY("term-expiring", List.of(7, 3, 1)), FREEZE("freeze-soon", List.of(5, 2, 0)),
        RELEASE("release-soon", List.of(6, 2, 0));

        final String type;
        final List<Integer> days;

        Kind(String type, List<Integer> days) {
            this.type = type;
            this.days = days;
        }
    }

    private final MessagingStore store;
    private final MessagingService messaging;
    private final SubscriptionService subscriptions;
    private final LifecycleService lifecycle;
    private final CustomerService customers;
    private final TransactionTemplate tx;
    private final Clock clock;

    Reminders(MessagingStore store, MessagingService messaging, SubscriptionService subscriptions,
              LifecycleService lifecycle, CustomerService customers, PlatformTransactionManager txm, Clock clock) {
        this.store = store;
        this.messaging = messaging;
        this.subscriptions = subscriptions;
        this.lifecycle = lifecycle;
        this.customers = customers;
        this.tx = new TransactionTemplate(txm);
        this.clock = clock;
    }

    /** The next pass due: the earliest pending reminder, or the next midnight (to plan the days coming). */
    public Optional<Instant> nextDue() {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, clock.getZone()).plusDays(1).atStartOfDay(clock.getZone())
                .toInstant();
        return Optional.of(store.earliestReminder().filter(d -> d.isBefore(midnight)).orElse(midnight));
    }

    /** Plans the coming deadlines, then tells the due reminders; returns the number of messages written. */
    public int runDue() {
        Instant now = clock.instant();
        plan(now);
        int written = 0;
        Integer n;
        do {
            n = tx.execute(s -> tellDue(now));
            written += n == null ? 0 : Math.max(n, 0);
        } while (n != null && n >= 0);
        return written;
    }

    void plan(Instant now) {
        Instant until = now.plus(HORIZON);
        String after = "";
        List<Subscription> page;
        do {
            page = subscriptions.expiringBetween(now, until, after, PAGE);
            for (Subscription s : page) {
                Map<String, String> data = new LinkedHashMap<>();
                data.put("resourceType", s.resourceType());
                data.put("specCode", s.specCode());
                planAll(Kind.EXPIRY, s.customerId(), s.resourceId(), s.expiresAt(), now, data);
                after = s.resourceId();
            }
        } while (page.size() == PAGE);
        for (Kind kind : List.of(Kind.FREEZE, Kind.RELEASE)) {
            LifecycleState state = kind == Kind.FREEZE ? LifecycleState.GRACE : LifecycleState.FROZEN;
            after = "";
            List<ResourceLifecycle> rows;
            do {
                rows = lifecycle.withDeadlineBetween(state, now, until, after, PAGE);
                for (ResourceLifecycle r : rows) {
                    planAll(kind, r.customerId(), r.resourceId(), r.nextTransitionAt(), now,
                            Map.of("reason", r.reason() == null ? "" : r.reason()));
                    after = r.resourceId();
                }
            } while (rows.size() == PAGE);
        }
    }

    private void planAll(Kind kind, String customerId, String subjectId, Instant deadline, Instant now,
                         Map<String, String> data) {
        ZoneId zone = clock.getZone();
        for (int days : kind.days) {
            LocalDate day = LocalDate.ofInstant(deadline, zone).minusDays(days);
            Instant due = day.atTime(SEND_AT).atZone(zone).toInstant();
            if (!due.isBefore(deadline)) {
                due = day.atStartOfDay(zone).toInstant();
            }
            // planned late (a term bought two days before its end): the offsets already past are not told
            if (due.isBefore(now.minus(Duration.ofHours(1)))) {
                continue;
            }
            store.planReminder(kind + ":" + subjectId + ":" + deadline.getEpochSecond() + ":" + days, customerId,
                    subjectId, kind.name(), days, deadline, due, data);
        }
    }

    /** One batch of due reminders (whole customers); returns the messages written, or -1 when none was due. */
    private int tellDue(Instant now) {
        List<Reminder> due = store.claimDueReminders(now, CUSTOMERS_PER_BATCH);
        if (due.isEmpty()) {
            return -1;
        }
        Map<String, List<Reminder>> digests = new LinkedHashMap<>();
        ZoneId zone = clock.getZone();
        for (Reminder r : due) {
            if (!stillTrue(r)) {
                store.finishReminder(r.id(), "OBSOLETE");
                continue;
            }
            String group = r.customerId() + "|" + r.kind() + "|" + r.daysBefore() + "|"
                    + LocalDate.ofInstant(r.dueAt(), zone);
            digests.computeIfAbsent(group, g -> new ArrayList<>()).add(r);
        }
        int written = 0;
        for (List<Reminder> digest : digests.values()) {
            written += tell(digest, zone);
            digest.forEach(r -> store.finishReminder(r.id(), "SENT"));
        }
        return written;
    }

    private boolean stillTrue(Reminder r) {
        try {
            return switch (Kind.valueOf(r.kind())) {
                case EXPIRY -> {
                    Subscription s = subscriptions.subscription(r.customerId(), r.subjectId());
                    yield "ACTIVE".equals(s.status()) && r.deadline().equals(s.expiresAt());
                }
                case FREEZE -> same(lifecycle.state(r.subjectId()), LifecycleState.GRACE, r.deadline());
                case RELEASE -> same(lifecycle.state(r.subjectId()), LifecycleState.FROZEN, r.deadline());
            };
        } catch (io.tollgate.shared.Failure gone) {
            return false;
        }
    }

    private static boolean same(ResourceLifecycle l, LifecycleState state, Instant deadline) {
        return l != null && !l.deleted() && l.state() == state && deadline.equals(l.nextTransitionAt());
    }

    private int tell(List<Reminder> digest, ZoneId zone) {
        Reminder first = digest.get(0);
        Kind kind = Kind.valueOf(first.kind());
        Customer customer = customers.customer(first.customerId());
        List<Map<String, String>> items = new ArrayList<>();
        StringBuilder subjects = new StringBuilder();
        Instant earliest = first.deadline();
        for (Reminder r : digest) {
            Map<String, String> item = new LinkedHashMap<>(r.data());
            item.put("resourceId", r.subjectId());
            item.put("expiresAt", Notices.local(r.deadline(), zone));
            item.put("deadline", Notices.local(r.deadline(), zone));
            items.add(item);
            subjects.append(r.subjectId()).append(',');
            earliest = r.deadline().isBefore(earliest) ? r.deadline() : earliest;
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("customer", customer.name());
        values.put("count", Integer.toString(digest.size()));
        values.put("days", Integer.toString(first.daysBefore()));
        values.put("first", Notices.local(earliest, zone));
        String key = "reminder:" + kind + ":" + first.daysBefore() + ":" + LocalDate.ofInstant(first.dueAt(), zone) + ":"
                + io.tollgate.shared.Digests.sha256(subjects.toString()).substring(0, 16);
        return messaging.tell(first.customerId(), kind.type, key, values, items);
    }
}
