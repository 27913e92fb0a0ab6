package io.tollgate.cli;

import io.tollgate.app.DemoCatalog;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Metering;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.catalog.SpecKind;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.resource.EventType;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import io.tollgate.resource.ResourceState;
import io.tollgate.resource.core.Transition;
import io.tollgate.settlement.SettlementService;
import io.tollgate.shared.BillingClock;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Hours;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds a bench database and times settlement and top-ups through the real services. Seeding
 * is not measured; with {@code --seed bulk} it writes, with COPY, exactly the rows that
 * {@link ResourceService#report} and the settlement schedule listener write for a CREATED event
 * (the event log row aside: settlement never reads it).
 */
@Component
public class BenchRunner {
    static final int SETTLEMENT_TARGET = 20_000;
    static final int TOPUP_TARGET = 10_000;
    static final String TOPUP_AMOUNT = "10.00";
    private static final List<String> TYPES = List.of("modelarts.training", "modelarts.inference", "modelarts.pool",
            "modelarts.notebook", "evs.volume");

    private final CatalogService catalog;
    private final CustomerService customers;
    private final LedgerService ledger;
    private final ResourceService resources;
    private final SettlementService settlement;
    private final BillingClock clock;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Environment env;

    public BenchRunner(CatalogService catalog, CustomerService customers, LedgerService ledger,
                       ResourceService resources, SettlementService settlement, BillingClock clock, JdbcTemplate jdbc,
                       PlatformTransactionManager transactions, JsonMapper json, Environment env) {
        this.catalog = catalog;
        this.customers = customers;
        this.ledger = ledger;
        this.resources = resources;
        this.settlement = settlement;
        this.clock = clock;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
        this.env = env;
    }

    public record Machine(int cpus, String java, String postgres, String fsync, String synchronousCommit,
                          String fullPageWrites, String walSyncMethod) {
    }

    public record HourRun(Instant hour, long resourceHours, long feeLines, long journalEntries, long postings,
                          double seconds, long resourceHoursPerSecond, Cpu cpu) {
    }

    /**
     * Where the CPU went while a step ran: seconds used by this JVM, and by the whole machine
     * (from /proc/stat; on this machine that is essentially the JVM plus PostgreSQL).
     */
    public record Cpu(double jvmSeconds, double machineSeconds) {
        static long[] now() {
            return new long[] {jvmNanos(), machineNanos()};
        }

        static Cpu since(long[] start) {
            return new Cpu(round((jvmNanos() - start[0]) / 1e9),
                    start[1] < 0 ? -1 : round((machineNanos() - start[1]) / 1e9));
        }

        private static long jvmNanos() {
            return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                    .getProcessCpuTime();
        }

        /** Busy time of all CPUs (user, nice, system, irq, softirq, steal) in nanoseconds, or -1 off Linux. */
        private static long machineNanos() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long ticks = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    ticks += Long.parseLong(f[i]);
                }
                return ticks * 10_000_000L; // USER_HZ is 100 on Linux
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    public record SettlementReport(int resources, int customers, int batchSize, String seed, double seedSeconds,
                                   List<HourRun> hours, int targetResourceHoursPerSecond) {
    }

    public record TopUpReport(int count, int threads, int customers, int warmup, double warmupSeconds,
                              long journalEntries, double seconds, long journalEntriesPerSecond, Cpu cpu,
                              int targetJournalEntriesPerSecond) {
    }

    public record Report(String command, Machine machine, SettlementReport settlement, TopUpReport topUps,
                         List<BenchChecks.Check> checks, boolean ok) {
    }

    public Report run(BenchCommand.Options o, BenchCommand.Hook hook, PrintStream progress) {
        BenchChecks checks = new BenchChecks(jdbc);
        DemoCatalog.install(catalog, BenchCommand.START.minus(Duration.ofDays(30)));
        long t = System.nanoTime();
        List<String> ids = seedCustomers(o.customers());
        progress.printf("bench: %d customers created and topped up in %.1f s%n", ids.size(), seconds(t));
        SettlementReport s = o.settlement() ? settlement(o, ids, checks, hook, progress) : null;
        TopUpReport u = o.topUps() ? topUps(o, ids, checks, progress) : null;
        return new Report(o.command(), machine(), s, u, checks.all(), checks.ok());
    }

    static String customerId(int i) {
        return String.format("bench-c%05d", i);
    }

    /** Customers, each topped up once through the ledger; every tenth gets little, to run into arrears. */
    private List<String> seedCustomers(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = customerId(i);
            customers.create(id, "Bench customer " + i, DemoCatalog.CURRENCY, "STANDARD");
            ledger.topUp(id, i % 10 == 0 ? "3.00" : "10000000.00", "bench-seed");
            ids.add(id);
        }
        return ids;
    }

    // ---- settlement -----------------------------------------------------------------------

    private SettlementReport settlement(BenchCommand.Options o, List<String> customerIds, BenchChecks checks,
                                        BenchCommand.Hook hook, PrintStream progress) {
        IntFunction<ResourceEvent> events = creations(customerIds);
        long t = System.nanoTime();
        if (o.seed().equals("bulk")) {
            seedBulk(o.resources(), events);
        } else {
            for (int i = 0; i < o.resources(); i++) {
                resources.report(events.apply(i));
            }
        }
        jdbc.execute("analyze");
        jdbc.execute("checkpoint");
        double seedSeconds = seconds(t);
        progress.printf("bench: %d resources seeded (%s) in %.1f s%n", o.resources(), o.seed(), seedSeconds);

        Duration delay = env.getProperty("tollgate.settlement.delay", Duration.class, Duration.ofMinutes(5));
        List<HourRun> hours = new ArrayList<>();
        Instant hour = BenchCommand.START.minus(Hours.ONE);
        for (int h = 0; h < o.hours(); h++, hour = hour.plus(Hours.ONE)) {
            clock.advanceTo(hour.plus(Hours.ONE).plus(delay));
            if (!settlement.latestSettleableHour().equals(hour)) {
                throw new IllegalStateException("the clock does not make " + hour + " due");
            }
            long entries = checks.count("select count(*) from ledger_entry");
            long postings = checks.count("select count(*) from ledger_posting");
            long[] cpu = Cpu.now();
            long start = System.nanoTime();
            SettlementService.Run run = settlement.settleDue(Integer.MAX_VALUE);
            double secs = seconds(start);
            HourRun r = new HourRun(hour, run.resourceHours(), run.feeLines(),
                    checks.count("select count(*) from ledger_entry") - entries,
                    checks.count("select count(*) from ledger_posting") - postings, round(secs),
                    Math.round(run.resourceHours() / secs), Cpu.since(cpu));
            hours.add(r);
            progress.printf("bench: hour %s: %d resource-hours, %d fee lines, %d journal entries in %.2f s = %d "
                    + "resource-hours/s (CPU: JVM %.1f s, machine %.1f s)%n", hour, r.resourceHours(), r.feeLines(),
                    r.journalEntries(), secs, r.resourceHoursPerSecond(), r.cpu().jvmSeconds(),
                    r.cpu().machineSeconds());
            hook.beforeChecks(jdbc, hour);
            checks.expect(hour + ": resource-hours settled", o.resources(), run.resourceHours());
            checks.settledHour(hour, o.resources());
            checks.ledger(hour + ": ");
        }
        return new SettlementReport(o.resources(), customerIds.size(),
                env.getProperty("tollgate.settlement.batch-size", Integer.class, 1000), o.seed(), round(seedSeconds),
                hours, SETTLEMENT_TARGET);
    }

    /**
     * The CREATED event of bench resource {@code i}: a mix of training jobs, inference services,
     * pools, notebooks (with their disk) and EVS volumes over all demo specs, created during the
     * hour before the clock's start, spread over the customers.
     */
    private IntFunction<ResourceEvent> creations(List<String> customerIds) {
        List<Spec> specs = catalog.specs().stream().sorted(Comparator.comparing(Spec::code)).toList();
        List<String> compute = specs.stream().filter(s -> s.kind() == SpecKind.COMPUTE).map(Spec::code).toList();
        List<String> storage = specs.stream().filter(s -> s.kind() == SpecKind.STORAGE).map(Spec::code).toList();
        return i -> {
            String type = TYPES.get(i % TYPES.size());
            boolean capacity = type.equals("evs.volume");
            int variant = i / TYPES.size();
            String spec = capacity ? storage.get(variant % storage.size()) : compute.get(variant % compute.size());
            Map<String, String> tags = i % 6 == 0 ? null
                    : Map.of("team", "team-" + (i % 7), "env", i % 2 == 0 ? "prod" : "dev");
            return new ResourceEvent(String.format("bench-e%07d", i), EventType.CREATED,
                    String.format("bench-r%07d", i), customerIds.get(i % customerIds.size()),
                    BenchCommand.START.minusSeconds(1 + (i * 7919L) % 3600), type, spec, DemoCatalog.REGION,
                    BillingMode.PAY_PER_USE, capacity ? null : 1 + i % 3, capacity ? 10 + (i * 37) % 2000 : null,
                    i % 4 == 0 ? null : "project-" + i % 3, tags);
        };
    }

    /** The resource that ResourceService stores for a CREATED event, by the same rules. */
    private static Resource resourceOf(ResourceEvent e, ResourceType type) {
        boolean capacity = type.metering() == Metering.CAPACITY;
        return new Resource(e.resourceId(), e.customerId(), type.code(), e.specCode(), e.region(), e.billingMode(),
                capacity ? 1 : e.nodes() == null ? 1 : e.nodes(), capacity ? e.sizeGb() : null, type.diskSpecCode(),
                type.diskGb(), e.enterpriseProject() == null ? "default" : e.enterpriseProject(),
                e.tags() == null ? Map.of() : new TreeMap<>(e.tags()), ResourceState.RUNNING, e.occurredAt(), null,
                e.occurredAt(), false);
    }

    /** Writes resources, their open segments and their schedule rows with COPY, in one transaction. */
    private void seedBulk(int count, IntFunction<ResourceEvent> events) {
        Map<String, ResourceType> types = new java.util.HashMap<>();
        catalog.resourceTypes().forEach(t -> types.put(t.code(), t));
        tx.executeWithoutResult(status -> jdbc.execute((ConnectionCallback<Void>) con -> {
            PGConnection pg = con.unwrap(PGConnection.class);
            copy(pg, "copy resource_resource (id, customer_id, resource_type, spec_code, region, billing_mode, nodes, "
                    + "size_gb, disk_spec_code, disk_gb, enterprise_project, tags, state, created_at, deleted_at, "
                    + "last_event_at) from stdin", count, (i, row) -> {
                        ResourceEvent e = events.apply(i);
                        Resource r = resourceOf(e, types.get(e.resourceType()));
                        row.add(r.id()).add(r.customerId()).add(r.resourceType()).add(r.specCode()).add(r.region())
                                .add(r.billingMode().name()).add(r.nodes()).add(r.sizeGb()).add(r.diskSpecCode())
                                .add(r.diskGb()).add(r.enterpriseProject()).add(json.writeValueAsString(r.tags()))
                                .add(r.state().name()).add(r.createdAt()).add(r.deletedAt()).add(r.lastEventAt());
                    });
            copy(pg, "copy resource_segment (resource_id, seq, meter, spec_code, quantity, started_at, ended_at) "
                    + "from stdin", count, (i, row) -> {
                        ResourceEvent e = events.apply(i);
                        ResourceType type = types.get(e.resourceType());
                        Resource r = resourceOf(e, type);
                        int seq = 1;
                        for (Transition.NewSegment s : Transition.creation(r, type.metering() == Metering.CAPACITY)) {
                            row.add(r.id()).add(seq++).add(s.meter().name()).add(s.specCode()).add(s.quantity())
                                    .add(e.occurredAt()).add(null).end();
                        }
                    });
            copy(pg, "copy settlement_schedule (resource_id, customer_id, next_hour, active) from stdin", count,
                    (i, row) -> {
                        ResourceEvent e = events.apply(i);
                        row.add(e.resourceId()).add(e.customerId()).add(Hours.floor(e.occurredAt())).add("t");
                    });
            return null;
        }));
    }

    private interface RowWriter {
        void write(int i, CopyRow row) throws IOException;
    }

    /** One line of COPY text format under construction; {@link #end()} closes it (done for you after each row). */
    private static final class CopyRow {
        private final Writer out;
        private boolean first = true;

        CopyRow(Writer out) {
            this.out = out;
        }

        CopyRow add(Object value) {
            try {
                if (!first) {
                    out.write('\t');
                }
                first = false;
                out.write(value == null ? "\\N" : escape(value.toString()));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void end() throws IOException {
            if (!first) {
                out.write('\n');
                first = true;
            }
        }

        private static String escape(String text) {
            StringBuilder b = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(c);
                }
            }
            return b.toString();
        }
    }

    private static void copy(PGConnection pg, String sql, int count, RowWriter rows) {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, sql, 1 << 16),
                StandardCharsets.UTF_8), 1 << 16)) {
            CopyRow row = new CopyRow(out);
            for (int i = 0; i < count; i++) {
                rows.write(i, row);
                row.end();
            }
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("COPY failed: " + sql, e);
        }
    }

    // ---- top-ups ----------------------------------------------------------------------------

    private TopUpReport topUps(BenchCommand.Options o, List<String> customerIds, BenchChecks checks,
                               PrintStream progress) {
        long t = System.nanoTime();
        List<TopUpResult> warm = topUpsInParallel("bench-warmup-", o.warmup(), o.threads(), customerIds);
        double warmSeconds = seconds(t);
        checks.expect("top-up warm-up: failures", 0, o.warmup() - warm.size());

        long entries = checks.count("select count(*) from ledger_entry");
        BigDecimal held = sum("select coalesce(sum(balance), 0) from ledger_account where owner <> '#platform'");
        BigDecimal funding = sum("select coalesce(sum(balance), 0) from ledger_account where kind = 'FUNDING'");
        long keys = checks.count("select count(*) from ledger_idempotency");
        long[] cpu = Cpu.now();
        long start = System.nanoTime();
        List<TopUpResult> done = topUpsInParallel("bench-topup-", o.count(), o.threads(), customerIds);
        double secs = seconds(start);
        Cpu used = Cpu.since(cpu);
        long written = checks.count("select count(*) from ledger_entry") - entries;
        TopUpReport report = new TopUpReport(o.count(), o.threads(), customerIds.size(), o.warmup(), round(warmSeconds),
                written, round(secs), Math.round(written / secs), used, TOPUP_TARGET);
        progress.printf("bench: %d top-ups on %d threads in %.2f s = %d journal entries/s (CPU: JVM %.1f s, machine "
                + "%.1f s)%n", done.size(), o.threads(), secs, report.journalEntriesPerSecond(), used.jvmSeconds(),
                used.machineSeconds());

        BigDecimal total = new BigDecimal(TOPUP_AMOUNT).multiply(BigDecimal.valueOf(o.count()));
        checks.expect("top-ups: failures", 0, o.count() - done.size());
        checks.expect("top-ups: journal entries written", o.count(), written);
        checks.expect("top-ups: distinct entry ids returned", o.count(),
                done.stream().map(TopUpResult::entryId).distinct().count());
        checks.expect("top-ups: results that were replays", 0, done.stream().filter(TopUpResult::replay).count());
        checks.expect("top-ups: idempotency keys recorded", o.count(),
                checks.count("select count(*) from ledger_idempotency") - keys);
        checks.expect("top-ups: customer balances moved by the sum of top-ups (cents)", total.movePointRight(2).longValue(),
                sum("select coalesce(sum(balance), 0) from ledger_account where owner <> '#platform'").subtract(held)
                        .movePointRight(2).longValue());
        checks.expect("top-ups: funding moved by minus the sum of top-ups (cents)", total.negate().movePointRight(2)
                .longValue(), sum("select coalesce(sum(balance), 0) from ledger_account where kind = 'FUNDING'")
                .subtract(funding).movePointRight(2).longValue());
        int replays = Math.min(100, o.count());
        long entriesBefore = checks.count("select count(*) from ledger_entry");
        HashSet<Long> firstIds = new HashSet<>();
        int sameAnswer = 0;
        for (int i = 0; i < replays; i++) {
            TopUpResult again = ledger.topUp(customerIds.get(i % customerIds.size()), TOPUP_AMOUNT, "bench-topup-" + i);
            firstIds.add(again.entryId());
            sameAnswer += again.replay() ? 1 : 0;
        }
        checks.expect("top-ups: replayed keys answered as replays", replays, sameAnswer);
        checks.expect("top-ups: journal entries written by replays", 0,
                checks.count("select count(*) from ledger_entry") - entriesBefore);
        checks.expect("top-ups: replays pointing at their first entry", replays, done.stream()
                .filter(r -> firstIds.contains(r.entryId())).count());
        checks.ledger("top-ups: ");
        return report;
    }

    /** Top-up {@code i} goes to customer {@code i mod customers} with key {@code prefix + i}. */
    private List<TopUpResult> topUpsInParallel(String prefix, int count, int threads, List<String> customerIds) {
        Queue<TopUpResult> results = new ConcurrentLinkedQueue<>();
        Queue<RuntimeException> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int w = 0; w < threads; w++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try {
                        results.add(ledger.topUp(customerIds.get(i % customerIds.size()), TOPUP_AMOUNT, prefix + i));
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            });
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                throw new IllegalStateException("top-ups did not finish within an hour");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        errors.stream().limit(3).forEach(e -> System.err.println("bench: top-up failed: " + e));
        return new ArrayList<>(results);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Machine machine() {
        return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"), setting("server_version"), setting("fsync"),
                setting("synchronous_commit"), setting("full_page_writes"), setting("wal_sync_method"));
    }

    private String setting(String name) {
        return jdbc.queryForObject("select current_setting(?)", String.class, name);
    }

    private BigDecimal sum(String sql) {
        return jdbc.queryForObject(sql, BigDecimal.class);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
