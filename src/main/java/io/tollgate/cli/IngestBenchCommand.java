package io.tollgate.cli;

import io.tollgate.TollgateApplication;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterPrice;
import io.tollgate.catalog.MeterService;
import io.tollgate.catalog.Metering;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.SpecKind;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.resource.EventType;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tollgate bench ingest [--records N] [--batch N] [--threads N] [--customers N] [--combiners N]
 * [--warmup N] [--client socket|jdk]} (combiners 0: no write combining of small requests; warm-up:
 * records sent in the same shape before the measured run, by default as many as it, so that the JIT
 * has compiled the request path and the figures are those of a running server; client: the load
 * client in this JVM, plain keep-alive sockets by default or the JDK's HttpClient, see
 * {@link BenchHttp}): starts
 * the server on a random port and a fresh embedded PostgreSQL (fsync and synchronous commit on),
 * posts usage records over real HTTP in batches from several client threads, and reports durable,
 * deduplicated records per second and the time from a record's acceptance to its cost showing in
 * the detailed bill (p50, p99). It then posts every batch again and checks that all come back
 * DUPLICATE and that the database holds each record once. See BENCHMARKS.md.
 */
public final class IngestBenchCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "tg_bench_platform_key_0001_Hq7xK2mPz9vR4tW8nB3c";
    /** Keys need enough entropy (CustomerService.registerKey); the bench's own keys get a random-looking tail. */
    private static final String FINANCE_KEY_TAIL = "_Jd5sLq8Wm2Xz7Rv4Nk9Tg3Yb";
    /** Customers of their own for the probes: a poll reads the lines of probes only, a few per customer. */
    private static final int PROBE_CUSTOMERS = 50;
    private static final String REGION = "cn-north-4";
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    private IngestBenchCommand() {
    }

    record Options(int records, int batch, int threads, int customers, int combiners, int warmup, String client) {
        static Options parse(String[] args) {
            Map<String, Integer> v = new LinkedHashMap<>(Map.of("--records", 200_000, "--batch", 10_000,
                    "--threads", 2, "--customers", 100, "--combiners", 1, "--warmup", -1));
            String client = "socket";
            for (int i = 2; i < args.length; i += 2) {
                if (!(v.containsKey(args[i]) || args[i].equals("--client")) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
                }
                if (args[i].equals("--client")) {
                    client = args[i + 1];
                    if (!BenchHttp.KINDS.contains(client)) {
                        throw new IllegalArgumentException("--client is jdk or socket, not " + client);
                    }
                } else {
                    v.put(args[i], Integer.parseInt(args[i + 1]));
                }
            }
            if (v.get("--batch") < 1 || v.get("--batch") > 10_000 || v.get("--records") < 1 || v.get("--threads") < 1) {
                throw new IllegalArgumentException("--batch is 1..10000; --records and --threads are positive");
            }
            // By default the warm-up sends as many records as the measured run, in the same shape.
            int warmup = v.get("--warmup") < 0 ? v.get("--records") : v.get("--warmup");
            return new Options(v.get("--records"), v.get("--batch"), v.get("--threads"), v.get("--customers"),
                    v.get("--combiners"), warmup, client);
        }
    }

    public static int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\nusage: tollgate bench ingest [--records N] [--batch N] "
                    + "[--threads N] [--customers N] [--combiners N] [--warmup N] [--client socket|jdk]");
            return 2;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("tollgate-ingest-bench-");
        } catch (IOException e) {
            System.err.println("cannot create a temporary folder: " + e.getMessage());
            return 2;
        }
        SpringApplication app = new SpringApplication(TollgateApplication.class);
        try (ConfigurableApplicationContext ctx = app.run("--server.port=0", "--tollgate.clock.mode=ADJUSTABLE",
                "--tollgate.clock.start=" + START, "--tollgate.demo.enabled=false", "--tollgate.jobs.enabled=false", "--tollgate.exports.bill-files.dir=",
                "--tollgate.db.url=", "--spring.datasource.url=", "--tollgate.db.pool-size=12",
                "--tollgate.db.embedded.data-dir=" + dir.resolve("pg"), "--tollgate.db.embedded.clean=true",
                "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                "--tollgate.ingestion.combiners=" + o.combiners())) {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            seed(ctx, o.customers());
            Map<String, Object> report = measure(ctx, port, o);
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            return Boolean.TRUE.equals(report.get("ok")) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("bench failed: " + e);
            return 2;
        } finally {
            ScenarioCommand.deleteQuietly(dir);
        }
    }

    private static void seed(ConfigurableApplicationContext ctx, int customers) {
        CatalogService catalog = ctx.getBean(CatalogService.class);
        MeterService meters = ctx.getBean(MeterService.class);
        CustomerService customerService = ctx.getBean(CustomerService.class);
        ResourceService resources = ctx.getBean(ResourceService.class);
        catalog.defineServiceType("obs", "Object Storage");
        catalog.defineResourceType(new ResourceType("obs.bucket", "obs", "Bucket", Metering.USAGE, SpecKind.STORAGE,
                null, null, false));
        meters.define(new Meter("obs.requests.read", "obs.bucket", "Read requests", "request", "1,000 requests",
                Meter.Measure.COUNT, null, new BigDecimal("1000"), false));
        meters.publish(new MeterService.PriceDraft("obs.requests.read", REGION, "CNY", MeterPrice.Model.GRADUATED,
                List.of(new MeterService.TierDraft("1000", "0.01"), new MeterService.TierDraft(null, "0.008")),
                "100", START.minus(Duration.ofDays(1)), MeterPrice.FreeQuotaBasis.PRICE_UNITS));
        customerService.registerKey(KEY, Role.PLATFORM, null, "bench platform");
        // The load's customers bc0.. with a bucket each; the probe customers bp0.. with a probe resource each.
        for (int c = 0; c < customers + PROBE_CUSTOMERS; c++) {
            String customer = c < customers ? "bc" + c : "bp" + (c - customers);
            String resource = c < customers ? "bucket-" + c : "probe-" + (c - customers);
            customerService.create(customer, "bench " + customer, "CNY", "STANDARD");
            customerService.registerKey("tg_bench_finance_" + customer + FINANCE_KEY_TAIL, Role.CUSTOMER_FINANCE,
                    customer, "bench");
            resources.report(new ResourceEvent("bench-create-" + resource, EventType.CREATED, resource, customer,
                    START.minus(Duration.ofHours(1)), "obs.bucket", null, REGION, null, null, null, "default", Map.of(),
                    null));
        }
    }

    /**
     * A request's body. The last record of a sampled request is a probe: it goes to the customer's
     * probe resource with a tag naming it, so that the poll for its line reads a few lines and finds
     * exactly this record's (not any line of a busy resource).
     */
    private static String batchBody(int first, int size, int customers, String prefix, int probeCustomer) {
        StringBuilder b = new StringBuilder(size * 230).append("{\"records\":[");
        Instant from = START.minus(Duration.ofMinutes(30));
        for (int i = first; i < first + size; i++) {
            boolean isProbe = probeCustomer >= 0 && i == first + size - 1;
            int c = isProbe ? probeCustomer : i % customers;
            if (i > first) {
                b.append(',');
            }
            b.append("{\"recordId\":\"").append(prefix).append(i).append("\",\"customerId\":\"")
                    .append(isProbe ? "bp" : "bc").append(c)
                    .append("\",\"resourceId\":\"").append(isProbe ? "probe-" : "bucket-").append(c)
                    .append("\",\"meter\":\"obs.requests.read\",")
                    .append("\"quantity\":\"").append(100 + i % 900).append("\",\"windowStart\":\"")
                    .append(from.plusSeconds(i % 1700)).append("\",\"windowEnd\":\"")
                    .append(from.plusSeconds(i % 1700 + 60)).append('"');
            if (isProbe) {
                b.append(",\"tags\":{\"probe\":\"").append(prefix).append(i).append("\"}");
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }

    /**
     * The customer of request {@code index}'s probe, or -1 when it carries none: about one probe per
     * 100 records (so that polling does not become the load), to each customer in turn.
     */
    private static int probeCustomer(int index, Options o) {
        int every = Math.max(1, 100 / o.batch());
        return index % every == 0 ? (index / every) % PROBE_CUSTOMERS : -1;
    }

    private static Map<String, Object> measure(ConfigurableApplicationContext ctx, int port, Options o) throws Exception {
        BenchHttp http = BenchHttp.of(o.client(), port);
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        // Warm-up: other records in the same shape, not measured.
        if (o.warmup() > 0) {
            new Load(o).run(http, o.warmup(), "w-", pool);
        }
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        long postmaster = BenchCpu.postmaster(jdbc);
        long[] cpu = BenchCpu.now(postmaster);
        long t0 = System.nanoTime();
        Load load = new Load(o);
        load.run(http, o.records(), "r-", pool);
        double seconds = (System.nanoTime() - t0) / 1e9;
        BenchCpu used = BenchCpu.since(cpu, postmaster);
        long duplicates = 0;
        for (String body : bodies(o.records(), o, "r-")) {
            duplicates += post(http, body).path("duplicates").asLong();
        }
        pool.shutdown();
        long stored = jdbc.queryForObject("select count(*) from metering_record where record_id like 'r-%'", Long.class);
        long lines = jdbc.queryForObject("select count(*) from metering_usage_line", Long.class);
        long accepted = load.accepted.get();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("records", o.records());
        report.put("batch", o.batch());
        report.put("clientThreads", o.threads());
        report.put("customers", o.customers());
        report.put("combiners", o.combiners());
        report.put("warmupRecords", o.warmup());
        report.put("client", o.client());
        report.put("seconds", Math.round(seconds * 1000) / 1000.0);
        report.put("recordsPerSecond", Math.round(accepted / seconds));
        report.put("accepted", accepted);
        report.put("batchAckMillis", percentiles(load.ackMillis));
        report.put("acceptanceToBillMillis", percentiles(load.visibleMillis));
        report.put("cpu", used);
        report.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        report.put("replayedDuplicates", duplicates);
        report.put("recordsStored", stored);
        // One rated usage line per record, the measured ones and the warm-up's, none twice.
        report.put("usageLines", lines);
        report.put("ok", accepted == o.records() && duplicates == o.records() && stored == o.records()
                && lines == (long) o.records() + o.warmup());
        return report;
    }

    private static List<String> bodies(int records, Options o, String prefix) {
        List<String> bodies = new ArrayList<>();
        for (int first = 0; first < records; first += o.batch()) {
            bodies.add(batchBody(first, Math.min(o.batch(), records - first), o.customers(), prefix,
                    probeCustomer(first / o.batch(), o)));
        }
        return bodies;
    }

    /** One pass of requests from the client threads, with their acknowledgement times. */
    private static final class Load {
        private final Options o;
        final List<Long> ackMillis = Collections.synchronizedList(new ArrayList<>());
        final List<Long> visibleMillis = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong accepted = new AtomicLong();

        Load(Options o) {
            this.o = o;
        }

        void run(BenchHttp http, int records, String prefix, ExecutorService pool) throws Exception {
            List<String> bodies = bodies(records, o, prefix);
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < bodies.size(); b++) {
                int index = b;
                futures.add(pool.submit(() -> {
                    long sent = System.nanoTime();
                    JsonNode result = post(http, bodies.get(index));
                    long acked = System.nanoTime();
                    accepted.addAndGet(result.path("accepted").asLong());
                    ackMillis.add((acked - sent) / 1_000_000);
                    // The probe (the last record of a sampled request): its cost must show in its
                    // customer's detailed bill.
                    int customer = probeCustomer(index, o);
                    if (customer >= 0) {
                        int last = Math.min((index + 1) * o.batch(), records) - 1;
                        visibleMillis.add(untilVisible(http, customer, prefix + last, acked));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    /** Polls the customer's detailed bill until the probe's line shows; returns the ms since acceptance. */
    private static long untilVisible(BenchHttp http, int customer, String probe, long acceptedNanos)
            throws Exception {
        String path = "/api/v1/customers/bp" + customer + "/bills/detail?month=2026-01&resourceId=probe-"
                + customer + "&limit=500";
        String line = "\"tags\":{\"probe\":\"" + probe + "\"}";
        String last = "";
        for (int attempt = 0; attempt < 1000; attempt++) {
            String body = http.exchange("GET", path, "tg_bench_finance_bp" + customer + FINANCE_KEY_TAIL, null).body();
            last = body;
            if (body.contains(line)) {
                return (System.nanoTime() - acceptedNanos) / 1_000_000;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("probe " + probe + " never showed in the bill of bp" + customer + ": "
                + last.substring(0, Math.min(500, last.length())));
    }

    private static JsonNode post(BenchHttp http, String body) throws Exception {
        BenchHttp.Answer r = http.exchange("POST", "/api/v1/platform/usage-records", KEY, body);
        if (r.status() != 200) {
            throw new IllegalStateException("usage batch refused: " + r.status() + " " + r.body().substring(0,
                    Math.min(300, r.body().length())));
        }
        return JSON.readTree(r.body());
    }

    private static Map<String, Long> percentiles(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        Map<String, Long> p = new LinkedHashMap<>();
        p.put("p50", sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))));
        p.put("p99", sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))));
        p.put("max", sorted.get(sorted.size() - 1));
        return p;
    }
}
