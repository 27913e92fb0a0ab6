package io.tollgate.cli;

import io.tollgate.TollgateApplication;
import io.tollgate.shared.Failure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tollgate bench settlement|topups|all [options]}: starts Tollgate without its web server on
 * a fresh embedded PostgreSQL (fsync and synchronous commit on, as always), seeds it, times
 * hourly settlement or top-ups through the real services, checks the result with SQL and prints
 * a JSON report. Exit code 0 when every check holds, 1 when one does not, 2 on a usage error or
 * when the bench could not run. See BENCHMARKS.md.
 */
public final class BenchCommand {
    static final String USAGE = """
            usage: tollgate bench settlement [--resources N] [--customers N] [--hours N] [--batch-size N]
                                             [--seed bulk|services]
                   tollgate bench topups [--count N] [--threads N] [--customers N] [--warmup N]
                                         [--import-batch N]   (N top-ups per transaction through the
                                                               payment import, 1..1000; 0: one each)
                                         [--combiners N]      (single top-ups write-combined by N
                                                               threads, 0..8; 0: a transaction each)
                   tollgate bench all [any of the options above]""";

    /** The clock starts here; resources are created during the hour before. */
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    private BenchCommand() {
    }

    /** What a bench run is asked to do. */
    record Options(String command, int resources, int customers, int hours, Integer batchSize,
                   BenchSeeder.Seeding seed, int count, int threads, int warmup, int importBatch,
                   int combiners) {
        boolean settlement() {
            return command.equals("settlement") || command.equals("all");
        }

        boolean topUps() {
            return command.equals("topups") || command.equals("all");
        }

        static Options parse(List<String> args) {
            if (args.isEmpty() || !List.of("settlement", "topups", "all").contains(args.get(0))) {
                throw new IllegalArgumentException("name what to measure: settlement, topups or all");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i < args.size(); i += 2) {
                String name = args.get(i);
                if (!List.of("--resources", "--customers", "--hours", "--batch-size", "--seed", "--count", "--threads",
                        "--warmup", "--import-batch", "--combiners").contains(name) || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unknown option or missing value: " + name);
                }
                values.put(name, args.get(i + 1));
            }
            String seedText = values.getOrDefault("--seed", "bulk");
            if (!seedText.equals("bulk") && !seedText.equals("services")) {
                throw new IllegalArgumentException("--seed is bulk or services");
            }
            BenchSeeder.Seeding seed = BenchSeeder.Seeding.valueOf(seedText.toUpperCase());
            int count = number(values, "--count", 20_000, 1, 10_000_000);
            return new Options(args.get(0), number(values, "--resources", 100_000, 1, 10_000_000),
                    number(values, "--customers", 1_000, 1, 1_000_000), number(values, "--hours", 3, 1, 1000),
                    values.containsKey("--batch-size") ? number(values, "--batch-size", 0, 1, 10_000) : null, seed,
                    count, number(values, "--threads", 8, 1, 256),
                    number(values, "--warmup", Math.min(count, 2_000), 0, 10_000_000),
                    number(values, "--import-batch", 0, 0, 1000), number(values, "--combiners", 0, 0, 8));
        }

        private static int number(Map<String, String> values, String name, int otherwise, int min, int max) {
            String text = values.get(name);
            if (text == null) {
                return otherwise;
            }
            try {
                int n = Integer.parseInt(text.replace("_", ""));
                if (n < min || n > max) {
                    throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " takes a whole number, not " + text);
            }
        }
    }

    /** Lets a test look at (or spoil) the database between a settled hour and its checks. */
    public interface Hook {
        Hook NONE = new Hook() {
        };

        default void beforeChecks(JdbcTemplate jdbc, Instant hour) {
        }

        default void beforeClose(JdbcTemplate jdbc) {
        }
    }

    public static int run(String[] args) {
        return execute(Arrays.asList(args).subList(1, args.length), Map.of(), System.out, System.err, Hook.NONE);
    }

    /** Runs one bench; {@code properties} override the defaults (tests point them at their own folders). */
    public static int execute(List<String> argList, Map<String, String> properties, PrintStream out, PrintStream err,
                              Hook hook) {
        Options options;
        try {
            options = Options.parse(argList);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("tollgate-bench-");
        } catch (IOException e) {
            err.println("cannot create a temporary folder: " + e.getMessage());
            return 2;
        }
        List<String> args = new ArrayList<>(List.of(
                "--tollgate.clock.mode=ADJUSTABLE",
                "--tollgate.clock.start=" + START,
                "--tollgate.demo.enabled=false",
                "--tollgate.jobs.enabled=false", "--tollgate.exports.bill-files.dir=",
                "--tollgate.db.embedded.data-dir=" + dataDir.resolve("pg"),
                "--tollgate.db.embedded.clean=true",
                "--tollgate.db.pool-size=" + Math.max(10, options.threads() + 2),
                "--tollgate.topups.combiners=" + options.combiners(),
                // Always a fresh database: the bench's ids are fixed and its checks read whole tables.
                "--tollgate.db.url=",
                "--spring.datasource.url=",
                "--logging.level.root=OFF",
                "--spring.main.banner-mode=off"));
        if (options.batchSize() != null) {
            args.add("--tollgate.settlement.batch-size=" + options.batchSize());
        }
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        SpringApplication app = new SpringApplication(TollgateApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
            BenchRunner.Report report = context.getBean(BenchRunner.class).run(options, hook, err);
            hook.beforeClose(context.getBean(JdbcTemplate.class));
            out.println(context.getBean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(report));
            report.checks().stream().filter(c -> !c.ok()).forEach(c -> err.println("check failed: " + c.name()
                    + " (" + c.detail() + ")"));
            return report.ok() ? 0 : 1;
        } catch (Failure f) {
            err.println("bench failed [" + f.code() + "]: " + f.getMessage());
            return 2;
        } finally {
            try {
                // The database folder inside is deleted when the embedded database stops ("clean").
                Files.deleteIfExists(dataDir);
            } catch (IOException e) {
                err.println("left behind: " + dataDir);
            }
        }
    }
}
