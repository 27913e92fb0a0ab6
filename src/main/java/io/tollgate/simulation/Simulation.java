package io.tollgate.simulation;

import io.tollgate.TollgateApplication;
import io.tollgate.app.DemoCatalog;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.MeterService;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.notify.OutboxService;
import io.tollgate.shared.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Plays a step list on its own embedded PostgreSQL (a fresh folder), with the adjustable clock at
 * {@link SimulationGenerator#START} and the demo catalog. Before each step the clock advances to the
 * step's time (the jobs run on the way) and the job invariants are checked; the money invariants are
 * checked after every {@code checkEvery} steps, after every restart and downtime, and at the end. A
 * {@link Step.Restart} closes the Spring context and starts a new one on the same data folder. The
 * first violation ends the run; business refusals ({@link Failure}) are counted, not failures.
 */
public final class Simulation {
    private Simulation() {
    }

    /** How a run ended: {@code violation} null when every invariant held. */
    public record Result(List<Step> steps, int played, Violation violation, Integer failedStepId,
                         Map<String, Integer> refusals, int restarts, Duration elapsed, Map<String, Long> totals) {
        public boolean ok() {
            return violation == null;
        }
    }

    public static Result play(List<Step> steps, int checkEvery) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tollgate-sim-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary folder", e);
        }
        try {
            return play(steps, dir.resolve("pg"), checkEvery);
        } finally {
            deleteQuietly(dir);
        }
    }

    static Result play(List<Step> steps, Path dataDir, int checkEvery) {
        long started = System.nanoTime();
        Map<String, Integer> refusals = new TreeMap<>();
        Map<String, TopUpResult> topUps = new HashMap<>();
        int played = 0;
        int restarts = 0;
        // Never clean=true: the embedded library would delete the folder when the context closes, and the
        // restart would find an empty database (the folder is new, so it starts empty anyway).
        ConfigurableApplicationContext context = start(dataDir, false);
        try {
            DemoCatalog.install(context.getBean(CatalogService.class), context.getBean(MeterService.class),
                    SimulationGenerator.START);
            SimulationPlayer player = new SimulationPlayer(context, topUps);
            InvariantChecker checker = checker(context);
            for (Step step : steps) {
                try {
                    advance(player, step.at());
                    checker.nothingDue(player.now());
                    if (step instanceof Step.Restart) {
                        String before = checker.durable();
                        Instant clockBefore = player.now();
                        context.close();
                        context = start(dataDir, false);
                        restarts++;
                        player = new SimulationPlayer(context, topUps);
                        checker = checker(context);
                        String after = checker.durable();
                        if (!after.equals(before) || player.now().isBefore(clockBefore)) {
                            throw new Violation("restart-loses-nothing", "before the restart " + before + " at "
                                    + clockBefore + ", after " + after + " at " + player.now());
                        }
                        checker.nothingDue(player.now());
                    } else {
                        try {
                            player.apply(step);
                        } catch (Failure f) {
                            refusals.merge(f.code(), 1, Integer::sum);
                        }
                    }
                    played++;
                    if (played % checkEvery == 0 || step instanceof Step.Restart || step instanceof Step.Downtime
                            || played == steps.size()) {
                        checker.money();
                    }
                } catch (Violation v) {
                    return new Result(steps, played, v, step.id(), refusals, restarts, since(started), totals(context));
                } catch (RuntimeException e) {
                    Violation v = new Violation("unexpected-exception", e.getClass().getName() + ": " + e.getMessage());
                    v.initCause(e);
                    return new Result(steps, played, v, step.id(), refusals, restarts, since(started), totals(context));
                }
            }
            return new Result(steps, played, null, null, refusals, restarts, since(started), totals(context));
        } finally {
            context.close();
        }
    }

    /** A job that throws while the clock advances is a stalled job, not a business refusal. */
    private static void advance(SimulationPlayer player, Instant to) {
        try {
            player.advance(to);
        } catch (RuntimeException e) {
            Violation v = new Violation("job-failed", "advancing to " + to + ": " + e.getClass().getSimpleName()
                    + (e instanceof Failure f ? " [" + f.code() + "]" : "") + ": " + e.getMessage());
            v.initCause(e);
            throw v;
        }
    }

    static InvariantChecker checker(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        return new InvariantChecker(context.getBean(JdbcTemplate.class), context.getBean(OutboxService.class),
                Duration.parse(env.getProperty("tollgate.settlement.delay", "PT5M")),
                ZoneOffset.of(env.getProperty("tollgate.billing.zone", "+08:00")));
    }

    private static Map<String, Long> totals(ConfigurableApplicationContext context) {
        Map<String, Long> totals = new TreeMap<>();
        if (!context.isActive()) {
            return totals;
        }
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        for (String table : List.of("resource_event", "settlement_fee_record", "metering_usage_line",
                "subscription_order", "ledger_entry", "notify_outbox")) {
            totals.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        totals.put("adjustments", jdbc.queryForObject("select count(*) from settlement_fee_record "
                + "where kind = 'ADJUSTMENT'", Long.class));
        totals.put("lifecycle_changes", jdbc.queryForObject("select count(*) from notify_outbox "
                + "where event_id like 'lifecycle:%'", Long.class));
        return totals;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The application without its web server, jobs driven by the clock only, on {@code dataDir}. */
    static ConfigurableApplicationContext start(Path dataDir, boolean clean) {
        List<String> args = new ArrayList<>(List.of(
                "--tollgate.clock.mode=ADJUSTABLE",
                "--tollgate.clock.start=" + SimulationGenerator.START,
                "--tollgate.demo.enabled=false",
                "--tollgate.jobs.enabled=false", "--tollgate.exports.bill-files.dir=",
                "--tollgate.db.embedded.data-dir=" + dataDir,
                "--tollgate.db.embedded.clean=" + clean,
                "--tollgate.db.url=",
                "--spring.datasource.url=",
                "--tollgate.kafka.enabled=false",
                "--logging.level.root=OFF",
                "--spring.main.banner-mode=off"));
        SpringApplication app = new SpringApplication(TollgateApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        return app.run(args.toArray(String[]::new));
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // A temporary folder left behind is harmless.
        }
    }
}
