package io.tollgate.simulation;

import io.tollgate.app.DemoCatalog;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.MeterService;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kill -9 run of a seed: the server runs as a child JVM on the seed's data folder and is driven
 * over HTTP; at seeded steps the clock advance (settlement in progress) is sent and the child is
 * killed with {@link Process#destroyForcibly()} a seeded number of milliseconds later. Each time, the
 * invariants are checked on the same folder in this JVM (after letting the jobs catch up), and a new
 * child continues the step list: a step cut off by the kill is not retried, since the next steps'
 * replays (same event ids, same idempotency keys) must be harmless anyway. Over HTTP it plays
 * customers, top-ups, credit limits, lifecycle events, usage records and clock jumps; the prepaid,
 * price and policy steps are skipped here (the in-process run plays them). A 5xx is a violation.
 */
final class KillRun {
    private static final String OPERATOR_KEY = "tg_sim_operator_key";
    private static final String PLATFORM_KEY = "tg_sim_platform_key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START_WAIT = Duration.ofSeconds(180);

    record Result(Violation violation, int kills, int applied, int skipped) {
        boolean ok() {
            return violation == null;
        }
    }

    private KillRun() {
    }

    static Result play(long seed, List<Step> steps, PrintStream out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tollgate-sim-kill-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary folder", e);
        }
        Path data = dir.resolve("pg");
        Random random = new Random(seed * 31 + 7);
        Set<Integer> killAt = new TreeSet<>();
        for (int k = 0; k < 2; k++) {
            killAt.add(1 + random.nextInt(steps.size() - 1));
        }
        int kills = 0;
        int applied = 0;
        int skipped = 0;
        Child child = null;
        try (ConfigurableApplicationContext context = Simulation.start(data, false)) {
            DemoCatalog.install(context.getBean(CatalogService.class), context.getBean(MeterService.class),
                    SimulationGenerator.START);
            context.getBean(CustomerService.class).registerKey(OPERATOR_KEY, Role.OPERATOR, null, "simulation");
            context.getBean(CustomerService.class).registerKey(PLATFORM_KEY, Role.PLATFORM, null, "simulation");
        }
        try {
            child = Child.start(data, dir.resolve("child.log"));
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                if (killAt.contains(i)) {
                    CompletableFuture<HttpResponse<String>> advancing = child.sendAsync("POST", "/api/v1/clock/advance",
                            OPERATOR_KEY, Map.of("to", step.at().toString()), null);
                    Thread.sleep(random.nextInt(400));
                    child.kill();
                    advancing.handle((r, e) -> null).join();
                    kills++;
                    out.printf("  seed %d: killed the server (kill -9) at step %d%n", seed, step.id());
                    verify(data);
                    child = Child.start(data, dir.resolve("child.log"));
                }
                if (step instanceof Step.Restart) {
                    child.stop();
                    child = Child.start(data, dir.resolve("child.log"));
                    continue;
                }
                expectNot5xx(child.send("POST", "/api/v1/clock/advance", OPERATOR_KEY,
                        Map.of("to", step.at().toString()), null), step);
                if (apply(child, step)) {
                    applied++;
                } else {
                    skipped++;
                }
            }
            child.stop();
            child = null;
            verify(data);
            return new Result(null, kills, applied, skipped);
        } catch (Violation v) {
            return new Result(v, kills, applied, skipped);
        } catch (IOException | RuntimeException e) {
            return new Result(new Violation("unexpected-exception", e.toString()), kills, applied, skipped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(new Violation("interrupted", e.toString()), kills, applied, skipped);
        } finally {
            if (child != null) {
                child.process.destroyForcibly();
            }
            // A start in this JVM stops a database a killed child left running, then stops it cleanly.
            try (ConfigurableApplicationContext ignored = Simulation.start(data, false)) {
                // nothing to do: starting and closing leaves no process behind
            } catch (RuntimeException ignored) {
                // best effort
            }
            Simulation.deleteQuietly(dir);
        }
    }

    /** The invariants on the folder the killed child left, after the jobs caught up. */
    private static void verify(Path data) {
        try (ConfigurableApplicationContext context = Simulation.start(data, false)) {
            SimulationPlayer player = new SimulationPlayer(context, new java.util.HashMap<>());
            InvariantChecker checker = Simulation.checker(context);
            checker.money();
            player.advance(player.now().plusSeconds(1));
            checker.nothingDue(player.now());
            checker.money();
        }
    }

    private static boolean apply(Child child, Step step) throws IOException, InterruptedException {
        HttpResponse<String> r;
        if (step instanceof Step.NewCustomer s) {
            r = child.send("POST", "/api/v1/customers", OPERATOR_KEY, Map.of("id", s.customer(), "name", s.customer(),
                    "currency", "CNY", "level", s.level()), null);
        } else if (step instanceof Step.TopUp s) {
            r = child.send("POST", "/api/v1/customers/" + s.customer() + "/top-ups", OPERATOR_KEY,
                    Map.of("amount", s.amount()), s.idempotencyKey());
        } else if (step instanceof Step.CreditLimit s) {
            r = child.send("PUT", "/api/v1/customers/" + s.customer() + "/credit-limit", OPERATOR_KEY,
                    Map.of("creditLimit", s.amount()), null);
        } else if (step instanceof Step.Event s) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("eventId", s.eventId());
            body.put("type", s.type());
            body.put("resourceId", s.resource());
            body.put("customerId", s.customer());
            body.put("occurredAt", s.occurredAt().toString());
            putIf(body, "resourceType", s.resourceType());
            putIf(body, "specCode", s.spec());
            putIf(body, "region", s.type().equals("CREATED") ? SimulationGenerator.REGION : null);
            putIf(body, "nodes", s.nodes());
            putIf(body, "sizeGb", s.sizeGb());
            r = child.send("POST", "/api/v1/platform/resource-events", PLATFORM_KEY, body, null);
        } else if (step instanceof Step.Usage s) {
            r = child.send("POST", "/api/v1/platform/usage-records", PLATFORM_KEY, Map.of("records", List.of(Map.of(
                    "recordId", s.recordId(), "customerId", s.customer(), "resourceId", s.resource(), "meter", s.meter(),
                    "quantity", s.quantity(), "windowStart", s.windowStart().toString(),
                    "windowEnd", s.windowEnd().toString()))), null);
        } else {
            return step instanceof Step.Downtime;
        }
        expectNot5xx(r, step);
        return true;
    }

    private static void putIf(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private static void expectNot5xx(HttpResponse<String> r, Step step) {
        if (r.statusCode() >= 500) {
            throw new Violation("server-error", "step " + step + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** A server JVM on the data folder. */
    private static final class Child {
        private final Process process;
        private final int port;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Child(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Child start(Path data, Path log) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m"));
            if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")) {
                command.addAll(List.of("-jar", classPath)); // the packaged jar (./tollgate)
            } else {
                command.addAll(List.of("-cp", classPath, "io.tollgate.TollgateApplication"));
            }
            command.addAll(List.of("serve", "--server.port=" + port, "--tollgate.clock.mode=ADJUSTABLE",
                    "--tollgate.clock.start=" + SimulationGenerator.START, "--tollgate.demo.enabled=false",
                    "--tollgate.jobs.enabled=false", "--tollgate.exports.bill-files.dir=", "--tollgate.db.embedded.data-dir=" + data,
                    "--tollgate.db.embedded.clean=false", "--tollgate.db.url=", "--spring.datasource.url=",
                    "--tollgate.kafka.enabled=false"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Child child = new Child(p, port);
            Instant deadline = Instant.now().plus(START_WAIT);
            while (Instant.now().isBefore(deadline)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the server exited with " + p.exitValue() + "; see " + log);
                }
                try {
                    if (child.send("GET", "/api/v1/clock", OPERATOR_KEY, null, null).statusCode() == 200) {
                        return child;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            p.destroyForcibly();
            throw new IllegalStateException("the server did not start within " + START_WAIT + "; see " + log);
        }

        private HttpRequest request(String method, String path, String key, Object body, String idempotencyKey) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json");
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        }

        HttpResponse<String> send(String method, String path, String key, Object body, String idempotencyKey)
                throws IOException, InterruptedException {
            return http.send(request(method, path, key, body, idempotencyKey), HttpResponse.BodyHandlers.ofString());
        }

        CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String key, Object body,
                                                          String idempotencyKey) {
            return http.sendAsync(request(method, path, key, body, idempotencyKey), HttpResponse.BodyHandlers.ofString());
        }

        /** kill -9: the JVM dies at once; its embedded PostgreSQL is left running and is stopped by the next start. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        /** A clean stop (SIGTERM: Spring closes and stops PostgreSQL). */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
