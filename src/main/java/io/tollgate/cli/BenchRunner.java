package io.tollgate.cli;

import io.tollgate.app.DemoCatalog;
import io.tollgate.catalog.CatalogService;
import io.tollgate.customer.CustomerService;
import io.tollgate.funds.TopUps;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.TopUpImport;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.resource.ResourceService;
import io.tollgate.settlement.SettlementService;
import io.tollgate.shared.BillingClock;
import io.tollgate.shared.Hours;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds a bench database and times settlement and top-ups through the real services, then
 * checks what they wrote ({@link BenchChecks}). Seeding ({@link BenchSeeder}) is not measured.
 */
@Component
public class BenchRunner {
    static final int SETTLEMENT_TARGET = 20_000;
    static final int TOPUP_TARGET = 10_000;
    static final String TOPUP_AMOUNT = "10.00";
    private static final String CUSTOMER_BALANCES =
            "select coalesce(sum(balance), 0) from ledger_account where owner <> '#platform'";
    /** Platform accounts keep no cached balance: theirs is the sum of their postings. */
    private static final String FUNDING_BALANCE = "select coalesce(sum(p.amount), 0) from ledger_posting p "
            + "join ledger_account a on a.id = p.account_id where a.kind = 'FUNDING'";

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
    private final TopUpImport topUpImport;
    private final TopUps topUps;
    private long postmaster = -1;

    public BenchRunner(CatalogService catalog, CustomerService customers, LedgerService ledger,
                       ResourceService resources, SettlementService settlement, BillingClock clock, JdbcTemplate jdbc,
                       PlatformTransactionManager transactions, JsonMapper json, Environment env,
                       TopUpImport topUpImport, TopUps topUps) {
        this.topUpImport = topUpImport;
        this.topUps = topUps;
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
                          String fullPageWrites, String walSyncMethod, String sharedBuffers, String collation) {
    }

    public record HourRun(Instant hour, long resourceHours, long feeLines, long journalEntries, long postings,
                          double seconds, long resourceHoursPerSecond, BenchCpu cpu) {
    }

    public record SettlementReport(int resources, int customers, int batchSize, String seeding, double seedSeconds,
                                   List<HourRun> hours, RollUp dayTotals, int targetResourceHoursPerSecond) {
    }

    public record TopUpReport(int count, int threads, int combiners, int customers, int warmup, double warmupSeconds,
                              long journalEntries, double seconds, long journalEntriesPerSecond, BenchCpu cpu,
                              int targetJournalEntriesPerSecond) {
    }

    public record Report(String command, Machine machine, SettlementReport settlement, TopUpReport topUps,
                         List<BenchChecks.Check> checks, boolean ok) {
    }

    Report run(BenchCommand.Options o, BenchCommand.Hook hook, PrintStream progress) {
        BenchChecks checks = new BenchChecks(jdbc);
        postmaster = BenchCpu.postmaster(jdbc);
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
        long t = System.nanoTime();
        new BenchSeeder(catalog, resources, jdbc, tx, json, clock.getZone()).seed(o.resources(), customerIds, o.seed());
        jdbc.execute("analyze");
        jdbc.execute("checkpoint");
        double seedSeconds = seconds(t);
        progress.printf("bench: %d resources seeded (%s) in %.1f s%n", o.resources(), o.seed().name().toLowerCase(),
                seedSeconds);

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
            long[] cpu = BenchCpu.now(postmaster);
            long start = System.nanoTime();
            SettlementService.Run run = settlement.settleDue(Integer.MAX_VALUE);
            double secs = seconds(start);
            HourRun r = new HourRun(hour, run.resourceHours(), run.feeLines(),
                    checks.count("select count(*) from ledger_entry") - entries,
                    checks.count("select count(*) from ledger_posting") - postings, round(secs),
                    Math.round(run.resourceHours() / secs), BenchCpu.since(cpu, postmaster));
            hours.add(r);
            progress.printf("bench: hour %s: %d resource-hours, %d fee lines, %d journal entries in %.2f s = %d "
                    + "resource-hours/s (CPU s: JVM %.1f, PostgreSQL %.1f, machine %.1f)%n", hour, r.resourceHours(),
                    r.feeLines(), r.journalEntries(), secs, r.resourceHoursPerSecond(), r.cpu().jvmSeconds(),
                    r.cpu().postgresSeconds(), r.cpu().machineSeconds());
            hook.beforeChecks(jdbc, hour);
            checks.expect(hour + ": resource-hours settled", o.resources(), run.resourceHours());
            checks.settledHour(hour, o.resources());
            checks.ledger(hour + ": ");
        }
        RollUp rollUp = rollUp(hour, checks, progress);
        return new SettlementReport(o.resources(), customerIds.size(),
                env.getProperty("tollgate.settlement.batch-size", Integer.class, 1000), o.seed().name().toLowerCase(),
                round(seedSeconds),
                hours, rollUp, SETTLEMENT_TARGET);
    }

    /**
     * The day totals' part: the cost analysis's per-day totals are summed from the per-hour totals
     * once a day is over, outside the hourly settlement; timed here for the hours just settled
     * (the clock is put past their day's end) and checked against the per-hour totals.
     */
    private RollUp rollUp(Instant afterHour, BenchChecks checks, PrintStream progress) {
        long hourTotals = checks.count("select count(*) from settlement_hour_total");
        Instant dayOver = afterHour.atZone(clock.getZone()).toLocalDate().plusDays(1).atStartOfDay(clock.getZone())
                .toInstant().plus(Duration.ofHours(3));
        clock.advanceTo(dayOver);
        long[] cpu = BenchCpu.now(postmaster);
        long start = System.nanoTime();
        int days = settlement.rollUpDays(dayOver);
        double secs = seconds(start);
        BenchCpu used = BenchCpu.since(cpu, postmaster);
        progress.printf("bench: day totals rolled up from %d per-hour totals in %.2f s (CPU s: JVM %.1f, PostgreSQL "
                + "%.1f)%n", hourTotals, secs, used.jvmSeconds(), used.postgresSeconds());
        checks.expect("customer-days whose day total differs from their per-hour totals", 0, checks.count(
                "select count(*) from (select customer_id, settlement_local_day(hour_start, z.region_name, "
                + "z.offset_seconds) as d, sum(charged_amount) as a from settlement_hour_total "
                + "join settlement_day_zone z on hour_start < z.rolled_until_start group by 1, 2) h "
                + "full join (select customer_id, day as d, sum(charged_amount) as a from settlement_day_total "
                + "group by 1, 2) t using (customer_id, d) where h.a is distinct from t.a"));
        checks.expect("days rolled up: every local day of the settled hours", checks.count("select count(distinct "
                + "settlement_local_day(hour_start, z.region_name, z.offset_seconds)) from settlement_hour_total "
                + "cross join settlement_day_zone z"), checks.count("select count(distinct day) from settlement_day_total"));
        return new RollUp(hourTotals, days, round(secs), used);
    }

    /** The day totals' roll-up after the settled hours: how many per-hour totals it read, and its time. */
    public record RollUp(long hourTotals, int days, double seconds, BenchCpu cpu) {
    }

    // ---- top-ups ----------------------------------------------------------------------------

    private TopUpReport topUps(BenchCommand.Options o, List<String> customerIds, BenchChecks checks,
                               PrintStream progress) {
        long t = System.nanoTime();
        List<TopUpResult> warm = topUpsInParallel("bench-warmup-", o.warmup(), o.threads(), o.importBatch(),
                customerIds, progress);
        double warmSeconds = seconds(t);
        checks.expect("top-up warm-up: failures", 0, o.warmup() - warm.size());

        long entries = checks.count("select count(*) from ledger_entry");
        BigDecimal held = sum(CUSTOMER_BALANCES);
        BigDecimal funding = sum(FUNDING_BALANCE);
        long keys = checks.count("select count(*) from ledger_idempotency");
        long[] cpu = BenchCpu.now(postmaster);
        long start = System.nanoTime();
        List<TopUpResult> done = topUpsInParallel("bench-topup-", o.count(), o.threads(), o.importBatch(),
                customerIds, progress);
        double secs = seconds(start);
        BenchCpu used = BenchCpu.since(cpu, postmaster);
        long written = checks.count("select count(*) from ledger_entry") - entries;
        TopUpReport report = new TopUpReport(o.count(), o.threads(), o.importBatch() > 0 ? 0 : o.combiners(), customerIds.size(), o.warmup(), round(warmSeconds),
                written, round(secs), Math.round(written / secs), used, TOPUP_TARGET);
        progress.printf("bench: %d top-ups on %d threads in %.2f s = %d journal entries/s (CPU s: JVM %.1f, PostgreSQL "
                + "%.1f, machine %.1f)%n", done.size(), o.threads(), secs, report.journalEntriesPerSecond(),
                used.jvmSeconds(), used.postgresSeconds(), used.machineSeconds());

        BigDecimal total = new BigDecimal(TOPUP_AMOUNT).multiply(BigDecimal.valueOf(o.count()));
        checks.expect("top-ups: failures", 0, o.count() - done.size());
        checks.expect("top-ups: journal entries written", o.count(), written);
        checks.expect("top-ups: distinct entry ids returned", o.count(),
                done.stream().map(TopUpResult::entryId).distinct().count());
        checks.expect("top-ups: results that were replays", 0, done.stream().filter(TopUpResult::replay).count());
        checks.expect("top-ups: idempotency keys recorded", o.count(),
                checks.count("select count(*) from ledger_idempotency") - keys);
        checks.expect("top-ups: customer balances moved by the sum of top-ups (cents)", cents(total),
                cents(sum(CUSTOMER_BALANCES).subtract(held)));
        checks.expect("top-ups: funding moved by minus the sum of top-ups (cents)", cents(total.negate()),
                cents(sum(FUNDING_BALANCE).subtract(funding)));
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

    /**
     * Top-up {@code i} goes to customer {@code i mod customers} with key {@code prefix + i}: one
     * request each through {@link TopUps} (as the API posts them: combined into shared
     * transactions unless {@code --combiners 0}, then the follow-ups), or {@code importBatch} at a
     * time through the payment import.
     */
    private List<TopUpResult> topUpsInParallel(String prefix, int count, int threads, int importBatch,
                                               List<String> customerIds, PrintStream progress) {
        if (importBatch > 0) {
            return importInParallel(prefix, count, threads, importBatch, customerIds);
        }
        Queue<TopUpResult> results = new ConcurrentLinkedQueue<>();
        Queue<RuntimeException> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int w = 0; w < threads; w++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try {
                        // the API's path: the top-up (write-combined unless --combiners 0) and its follow-ups
                        results.add(topUps.topUp(customerIds.get(i % customerIds.size()), TOPUP_AMOUNT, prefix + i));
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
        errors.stream().limit(3).forEach(e -> progress.println("bench: top-up failed: " + e));
        return new ArrayList<>(results);
    }

    private List<TopUpResult> importInParallel(String prefix, int count, int threads, int batch,
                                               List<String> customerIds) {
        Queue<TopUpResult> results = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int w = 0; w < threads; w++) {
            pool.execute(() -> {
                for (int first = next.getAndAdd(batch); first < count; first = next.getAndAdd(batch)) {
                    List<TopUpImport.Item> items = new ArrayList<>();
                    for (int i = first; i < Math.min(count, first + batch); i++) {
                        items.add(new TopUpImport.Item(customerIds.get(i % customerIds.size()), TOPUP_AMOUNT, prefix + i));
                    }
                    List<TopUpImport.Fate> fates = topUpImport.apply(items);
                    for (int k = 0; k < fates.size(); k++) {
                        TopUpImport.Fate f = fates.get(k);
                        if (f.transactionId() != null) {
                            results.add(new TopUpResult(f.transactionId(), items.get(k).customerId(), "CNY",
                                    new BigDecimal(TOPUP_AMOUNT), BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal(TOPUP_AMOUNT), null,
                                    f.status().equals("REPLAYED")));
                        }
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
        return new ArrayList<>(results);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Machine machine() {
        return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"), setting("server_version"), setting("fsync"),
                setting("synchronous_commit"), setting("full_page_writes"), setting("wal_sync_method"),
                setting("shared_buffers"), jdbc.queryForObject("select datcollate from pg_database "
                        + "where datname = current_database()", String.class));
    }

    private String setting(String name) {
        return jdbc.queryForObject("select current_setting(?)", String.class, name);
    }

    private BigDecimal sum(String sql) {
        return jdbc.queryForObject(sql, BigDecimal.class);
    }

    private static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
