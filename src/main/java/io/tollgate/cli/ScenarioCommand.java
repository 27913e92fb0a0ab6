package io.tollgate.cli;

import io.tollgate.TollgateApplication;
import io.tollgate.shared.Failure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code tollgate scenario run FILE}: starts Tollgate without its web server, on a fresh
 * embedded PostgreSQL (or on TOLLGATE_DB_URL), with the adjustable clock at the scenario's
 * start, plays the file and prints the result as JSON. Exit code 0 when every expectation
 * holds, 1 when one does not, 2 when the scenario could not be played.
 */
public final class ScenarioCommand {
    private ScenarioCommand() {
    }

    public static int run(String[] args) {
        if (args.length != 3 || !args[1].equals("run")) {
            System.err.println("usage: tollgate scenario run FILE");
            return 2;
        }
        return execute(Path.of(args[2]), Map.of(), System.out, System.err);
    }

    public static Scenario read(Path file) throws IOException {
        String name = file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".json") ? JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                : YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        return mapper.readValue(Files.readString(file), Scenario.class);
    }

    /** Plays one file; {@code properties} override the defaults (tests point them at their own folders). */
    public static int execute(Path file, Map<String, String> properties, PrintStream out, PrintStream err) {
        return execute(file, properties, out, err, context -> { });
    }

    /** Plays one file, then hands the still-open application to {@code inspect} (tests audit its ledger). */
    public static int execute(Path file, Map<String, String> properties, PrintStream out, PrintStream err,
                              java.util.function.Consumer<ConfigurableApplicationContext> inspect) {
        Scenario scenario;
        try {
            scenario = read(file);
        } catch (IOException | RuntimeException e) {
            err.println("cannot read scenario " + file + ": " + e.getMessage());
            return 2;
        }
        if (scenario.start() == null) {
            err.println("scenario " + file + " has no start");
            return 2;
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("tollgate-scenario-");
        } catch (IOException e) {
            err.println("cannot create a temporary folder: " + e.getMessage());
            return 2;
        }
        List<String> args = new ArrayList<>(List.of(
                "--tollgate.clock.mode=ADJUSTABLE",
                "--tollgate.clock.start=" + scenario.start(),
                "--tollgate.demo.enabled=false",
                "--tollgate.jobs.enabled=false", "--tollgate.exports.bill-files.dir=",
                "--tollgate.db.embedded.data-dir=" + dataDir.resolve("pg"),
                "--tollgate.db.embedded.clean=true",
                // Always a fresh database: a scenario's ids are fixed, so it never shares one.
                "--tollgate.db.url=",
                "--spring.datasource.url=",
                "--logging.level.root=OFF",
                "--spring.main.banner-mode=off"));
        if (scenario.billingZone() != null) {
            args.add("--tollgate.billing.zone=" + scenario.billingZone());
        }
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        SpringApplication app = new SpringApplication(TollgateApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
            ScenarioRunner.Result result = context.getBean(ScenarioRunner.class).play(scenario);
            inspect.accept(context);
            out.println(context.getBean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(result));
            if (!result.ok()) {
                result.checks().stream().filter(c -> !c.ok()).forEach(c -> err.println("expectation failed: "
                        + c.customer() + " " + c.field() + " expected " + c.expected() + " but was " + c.actual()));
                return 1;
            }
            return 0;
        } catch (Failure f) {
            err.println("scenario failed [" + f.code() + "]: " + f.getMessage());
            return 2;
        } finally {
            deleteQuietly(dataDir);
        }
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // A temporary folder left behind is harmless.
        }
    }
}
