package io.tollgate.simulation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes the steps of a seed: pure and deterministic (a seeded {@link Random}, no clock, no I/O), so a
 * seed always gives the same list. It keeps a small model of what it created (customers, resources and
 * whether they run, subscriptions, sent events, records and top-ups) only to make plausible steps; the
 * real outcome of a step may differ (a start refused in arrears) and the checks never trust the model.
 */
public final class SimulationGenerator {
    /** Every simulation starts here: 28 January 00:00 in the billing zone, so a month ends within days. */
    public static final Instant START = Instant.parse("2026-01-27T16:00:00Z");
    public static final String REGION = "cn-north-4";
    static final List<String> PPU_SPECS = List.of("modelarts.vm.cpu.2u8g", "modelarts.vm.cpu.8u32g",
            "modelarts.vm.gpu.t4", "modelarts.vm.gpu.a100.1-7");
    static final List<String> PREPAID_SPECS = List.of("modelarts.vm.cpu.2u8g", "modelarts.vm.cpu.8u32g");
    private static final List<String> COMPUTE_TYPES = List.of("modelarts.notebook", "modelarts.training",
            "modelarts.inference", "modelarts.lite-server");
    private static final List<String> LEVELS = List.of("standard", "gold");

    /** What to generate: simulated months, the most customers, and how many restarts to place. */
    public record Options(int months, int maxCustomers, int restarts) {
        public Options {
            if (months < 1 || months > 24 || maxCustomers < 1 || restarts < 0) {
                throw new IllegalArgumentException("months 1-24, at least one customer, restarts >= 0");
            }
        }
    }

    private static final class Res {
        final String id;
        final String customer;
        final String type;
        final Instant createdAt;
        boolean running = true;
        boolean deleted;
        int nodes;
        Instant lastEventAt;

        Res(String id, String customer, String type, int nodes, Instant at) {
            this.id = id;
            this.customer = customer;
            this.type = type;
            this.nodes = nodes;
            this.createdAt = at;
            this.lastEventAt = at;
        }

        boolean usageMetered() {
            return type.equals("obs.bucket");
        }
    }

    private final long seed;
    private final Random random;
    private final Options options;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> customers = new ArrayList<>();
    private final List<Res> resources = new ArrayList<>();
    private final List<String> prepaid = new ArrayList<>();
    private final List<Step.Event> events = new ArrayList<>();
    private final List<Step.Usage> records = new ArrayList<>();
    private final List<Step.TopUp> topUps = new ArrayList<>();
    private Instant t = START;

    private SimulationGenerator(long seed, Options options) {
        this.seed = seed;
        this.random = new Random(seed);
        this.options = options;
    }

    public static List<Step> generate(long seed, Options options) {
        return new SimulationGenerator(seed, options).run();
    }

    private List<Step> run() {
        Instant end = START.atOffset(ZoneOffset.ofHours(8)).plusMonths(options.months()).toInstant();
        newCustomer();
        newCustomer();
        while (true) {
            t = t.plusSeconds(60L * (5 + random.nextInt(175)) + random.nextInt(60));
            if (random.nextInt(100) == 0) {
                t = t.plus(Duration.ofHours(24L + random.nextInt(72)));
                if (t.isBefore(end)) {
                    add(new Step.Downtime(steps.size(), t));
                }
            }
            if (!t.isBefore(end)) {
                break;
            }
            step();
        }
        add(new Step.Downtime(steps.size(), end));
        return placeRestarts();
    }

    /** Restarts go between steps at seeded places (never first: there is nothing to restart yet). */
    private List<Step> placeRestarts() {
        List<Step> out = new ArrayList<>(steps);
        for (int k = 0; k < options.restarts(); k++) {
            int at = 1 + random.nextInt(out.size() - 1);
            out.add(at, new Step.Restart(steps.size() + k, out.get(at - 1).at()));
        }
        return out;
    }

    private void add(Step s) {
        steps.add(s);
    }

    private int id() {
        return steps.size();
    }

    private String customer() {
        return customers.get(random.nextInt(customers.size()));
    }

    private void step() {
        int roll = random.nextInt(100);
        if (roll < 8) {
            create();
        } else if (roll < 33) {
            lifecycleEvent();
        } else if (roll < 37) {
            duplicateEvent();
        } else if (roll < 41) {
            reorderedEvent();
        } else if (roll < 45) {
            lateEvent();
        } else if (roll < 57) {
            usage(Step.Fault.NONE);
        } else if (roll < 60) {
            duplicateUsage();
        } else if (roll < 63) {
            usage(Step.Fault.LATE);
        } else if (roll < 71) {
            topUp();
        } else if (roll < 74) {
            replayTopUp();
        } else if (roll < 76) {
            add(new Step.CreditLimit(id(), t, customer(), cents(0, 20_000)));
        } else if (roll < 88) {
            prepaid();
        } else if (roll < 90) {
            add(new Step.PublishPrice(id(), t, pick(PPU_SPECS), price()));
        } else if (roll < 92) {
            add(new Step.LifecyclePolicy(id(), t, pick(LEVELS), random.nextInt(4), random.nextInt(4)));
        } else if (roll < 94 && customers.size() < options.maxCustomers()) {
            newCustomer();
        } else {
            add(new Step.Downtime(id(), t));
        }
    }

    private void newCustomer() {
        String c = "s" + seed + "-c" + customers.size();
        customers.add(c);
        add(new Step.NewCustomer(id(), t, c, pick(LEVELS)));
        add(new Step.TopUp(id(), t, c, cents(100, 100_000), "s" + seed + "-k" + id(), Step.Fault.NONE));
    }

    private void create() {
        String c = customer();
        String r = "s" + seed + "-r" + resources.size();
        int kind = random.nextInt(10);
        Step.Event e;
        if (kind < 2) {
            e = new Step.Event(id(), t, eventId(), "CREATED", c, r, t, "obs.bucket", null, null, null, Step.Fault.NONE);
            resources.add(new Res(r, c, "obs.bucket", 1, t));
        } else if (kind < 3) {
            int size = 10 + random.nextInt(990);
            e = new Step.Event(id(), t, eventId(), "CREATED", c, r, t, "evs.volume", pick(List.of("evs.sas", "evs.ssd")),
                    null, size, Step.Fault.NONE);
            resources.add(new Res(r, c, "evs.volume", 1, t));
        } else {
            String type = pick(COMPUTE_TYPES);
            int nodes = 1 + random.nextInt(3);
            e = new Step.Event(id(), t, eventId(), "CREATED", c, r, t, type, pick(PPU_SPECS), nodes, null,
                    Step.Fault.NONE);
            resources.add(new Res(r, c, type, nodes, t));
        }
        sent(e);
    }

    private String eventId() {
        return "s" + seed + "-e" + id();
    }

    private void sent(Step.Event e) {
        add(e);
        events.add(e);
    }

    private Res live(boolean usageMetered) {
        List<Res> live = resources.stream().filter(r -> !r.deleted && r.usageMetered() == usageMetered).toList();
        return live.isEmpty() ? null : live.get(random.nextInt(live.size()));
    }

    private void lifecycleEvent() {
        Res r = live(false);
        if (r == null) {
            create();
            return;
        }
        sent(change(r, t, Step.Fault.NONE));
    }

    /** The next event of a resource at {@code when}, applied to the model. */
    private Step.Event change(Res r, Instant when, Step.Fault fault) {
        int roll = random.nextInt(10);
        String type;
        Integer nodes = null;
        Integer sizeGb = null;
        if (roll == 0) {
            type = "DELETED";
            r.deleted = true;
        } else if (roll < 3 && !r.type.equals("evs.volume")) {
            type = "RESIZED";
            nodes = 1 + random.nextInt(4);
            r.nodes = nodes;
        } else if (r.type.equals("evs.volume")) {
            type = "RESIZED";
            sizeGb = 10 + random.nextInt(990);
        } else {
            type = r.running ? "STOPPED" : "STARTED";
            r.running = !r.running;
        }
        r.lastEventAt = when;
        return new Step.Event(id(), t, eventId(), type, r.customer, r.id, when, null, null, nodes, sizeGb, fault);
    }

    private void duplicateEvent() {
        if (events.isEmpty()) {
            return;
        }
        Step.Event e = events.get(random.nextInt(events.size()));
        add(new Step.Event(id(), t, e.eventId(), e.type(), e.customer(), e.resource(), e.occurredAt(),
                e.resourceType(), e.spec(), e.nodes(), e.sizeGb(), Step.Fault.DUPLICATE));
    }

    /** An event older than the resource's last one, with a new id: it must be refused and change nothing. */
    private void reorderedEvent() {
        Res r = live(false);
        if (r == null || !r.lastEventAt.isAfter(r.createdAt)) {
            return;
        }
        long back = 1 + random.nextInt((int) Math.min(7200, Duration.between(r.createdAt, r.lastEventAt).toSeconds()));
        Instant older = r.lastEventAt.minusSeconds(back);
        add(new Step.Event(id(), t, eventId(), random.nextBoolean() ? "STOPPED" : "STARTED", r.customer, r.id, older,
                null, null, null, null, Step.Fault.REORDERED));
    }

    /** An event for an hour already settled, not older than the resource's last event: an adjustment. */
    private void lateEvent() {
        Res r = live(false);
        Instant latest = t.minus(Duration.ofMinutes(70));
        if (r == null || !r.lastEventAt.isBefore(latest)) {
            return;
        }
        Instant earliest = r.lastEventAt.isAfter(t.minus(Duration.ofHours(8))) ? r.lastEventAt : t.minus(Duration.ofHours(8));
        long span = Math.max(1, Duration.between(earliest, latest).toSeconds());
        Instant when = earliest.plusSeconds(random.nextLong(span));
        sent(change(r, when, Step.Fault.LATE));
    }

    private void usage(Step.Fault fault) {
        Res r = live(true);
        if (r == null) {
            create();
            return;
        }
        Instant hour = t.truncatedTo(ChronoUnit.HOURS);
        if (fault == Step.Fault.LATE) {
            hour = hour.minus(Duration.ofHours(2 + random.nextInt(6)));
        } else if (Duration.between(hour, t).toSeconds() < 120) {
            hour = hour.minus(Duration.ofHours(1));
        }
        Instant from = hour.isBefore(r.createdAt) ? r.createdAt : hour;
        Instant to = hour.plus(Duration.ofHours(1)).isAfter(t) ? t : hour.plus(Duration.ofHours(1));
        if (!from.isBefore(to)) {
            return;
        }
        boolean storage = random.nextBoolean();
        String meter = storage ? "obs.storage.standard" : pick(List.of("obs.requests.read", "obs.requests.write"));
        String quantity = storage ? Integer.toString(1 + random.nextInt(5000))
                : Integer.toString(1 + random.nextInt(200_000));
        Step.Usage u = new Step.Usage(id(), t, "s" + seed + "-u" + id(), r.customer, r.id, meter, quantity, from, to,
                fault);
        add(u);
        records.add(u);
    }

    private void duplicateUsage() {
        if (records.isEmpty()) {
            return;
        }
        Step.Usage u = records.get(random.nextInt(records.size()));
        add(new Step.Usage(id(), t, u.recordId(), u.customer(), u.resource(), u.meter(), u.quantity(), u.windowStart(),
                u.windowEnd(), Step.Fault.DUPLICATE));
    }

    private void topUp() {
        Step.TopUp s = new Step.TopUp(id(), t, customer(), cents(1, 80_000), "s" + seed + "-k" + id(), Step.Fault.NONE);
        add(s);
        topUps.add(s);
    }

    private void replayTopUp() {
        if (topUps.isEmpty()) {
            return;
        }
        Step.TopUp s = topUps.get(random.nextInt(topUps.size()));
        add(new Step.TopUp(id(), t, s.customer(), s.amount(), s.idempotencyKey(), Step.Fault.DUPLICATE));
    }

    private void prepaid() {
        int roll = random.nextInt(10);
        if (prepaid.isEmpty() || roll < 3) {
            String r = "s" + seed + "-p" + id();
            prepaid.add(r);
            add(new Step.Purchase(id(), t, customer(), r, pick(PREPAID_SPECS), 1 + random.nextInt(2),
                    1 + random.nextInt(2), random.nextBoolean()));
            return;
        }
        String r = pick(prepaid);
        String c = ((Step.Purchase) steps.stream().filter(s -> s instanceof Step.Purchase p && p.resource().equals(r))
                .findFirst().orElseThrow()).customer();
        if (roll < 5) {
            add(new Step.Renew(id(), t, c, r, 1));
        } else if (roll < 7) {
            add(new Step.Change(id(), t, c, r, pick(PREPAID_SPECS), 1 + random.nextInt(3)));
        } else if (roll < 8) {
            add(new Step.Unsubscribe(id(), t, c, r));
        } else if (roll < 9) {
            add(new Step.AutoRenew(id(), t, c, r, random.nextBoolean()));
        } else {
            Res ppu = resources.stream().filter(x -> !x.deleted && x.type.equals("modelarts.lite-server")).findFirst()
                    .orElse(null);
            if (ppu != null) {
                add(new Step.ToPrepaid(id(), t, ppu.customer, ppu.id, 1));
            }
        }
    }

    private String price() {
        return List.of("0.0013", "0.007", "0.0049", "0.66", "1.2345", "2.64", "6.30").get(random.nextInt(7));
    }

    private String cents(int min, int max) {
        return BigDecimal.valueOf(min + random.nextInt(max - min + 1), 2).toPlainString();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
