package io.tollgate.export;

import io.tollgate.billing.BillingPeriod;
import io.tollgate.billing.Statement;
import io.tollgate.billing.StatementService;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.export.core.FocusSchema;
import io.tollgate.export.store.BillFilesStore;
import io.tollgate.jobs.JobItems;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scheduled bill files (issue 9, exports): every day at midnight (billing zone) each
 * customer's month-to-date files of the month the day before belongs to, and once a month's
 * statement exists its final files, into {@code tollgate.exports.bill-files.dir}:
 * {@code <customer>/<yyyy-MM>/month-to-date/} (replaced daily) and {@code <customer>/<yyyy-MM>/final/}.
 * Each set holds transactions, detail, summary and FOCUS CSV files, the FOCUS schema and a
 * {@code manifest.json} naming each file with its size and SHA-256. A set is written into a
 * temporary folder and moved into place, so a reader never sees half a set. Off when no folder
 * is configured. One customer's failure is that customer's alone (quarantined, retried).
 */
@Component
public class BillFilesJob {
    static final String MONTH_TO_DATE = "MONTH_TO_DATE";
    static final String FINAL = "FINAL";
    private static final int PAGE = 500;
    private final Path dir;
    private final CustomerService customers;
    private final StatementService statements;
    private final ExportService exports;
    private final FocusExport focus;
    private final BillFilesStore store;
    private final JsonMapper json;
    private final Clock clock;

    public BillFilesJob(@Value("${tollgate.exports.bill-files.dir:}") String dir, CustomerService customers,
                        StatementService statements, ExportService exports, FocusExport focus, BillFilesStore store,
                        JsonMapper json, Clock clock) {
        this.dir = dir == null || dir.isBlank() ? null : Path.of(dir);
        this.customers = customers;
        this.statements = statements;
        this.exports = exports;
        this.focus = focus;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** The next midnight (billing zone) after now, when a folder is configured. */
    public Optional<Instant> nextDue() {
        if (dir == null) {
            return Optional.empty();
        }
        return Optional.of(LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone()).toInstant());
    }

    /** One pass: the sets due today for every customer; returns how many sets were written. */
    public long runDue(JobItems items) {
        if (dir == null) {
            return 0;
        }
        LocalDate today = LocalDate.now(clock);
        YearMonth month = YearMonth.from(today.minusDays(1));
        long written = 0;
        String after = "";
        List<Customer> page;
        do {
            page = customers.page(after, PAGE);
            for (Customer c : page) {
                after = c.id();
                if (items.held().contains(c.id()) || c.createdAt().isAfter(clock.instant())) {
                    continue;
                }
                try {
                    written += writeFor(c.id(), month, today);
                } catch (RuntimeException e) {
                    items.failed(c.id(), e);
                }
            }
        } while (page.size() == PAGE);
        return written;
    }

    private long writeFor(String customerId, YearMonth month, LocalDate today) {
        long written = 0;
        if (!store.written(customerId, month, MONTH_TO_DATE, today)) {
            String sha = writeSet(customerId, month, MONTH_TO_DATE, null);
            store.record(customerId, month, MONTH_TO_DATE, today, clock.instant(), sha);
            written++;
        }
        for (Statement s : statements.statements(customerId, 3)) {
            if (!store.written(customerId, s.month(), FINAL, s.month().atDay(1))) {
                String sha = writeSet(customerId, s.month(), FINAL, s.number());
                store.record(customerId, s.month(), FINAL, s.month().atDay(1), clock.instant(), sha);
                written++;
            }
        }
        return written;
    }

    /** Writes one set into a temporary folder, then moves it into place; returns the manifest's SHA-256. */
    String writeSet(String customerId, YearMonth month, String kind, String statementNumber) {
        BillingPeriod period = BillingPeriod.of(month.toString(), clock);
        Path monthDir = dir.resolve(customerId).resolve(month.toString());
        Path target = monthDir.resolve(kind.equals(FINAL) ? "final" : "month-to-date");
        Path temp = monthDir.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(temp);
            List<Map<String, Object>> files = new ArrayList<>();
            files.add(file(temp, "transactions.csv", (w, id) -> exports.writeTransactions(id, period, w), customerId));
            files.add(file(temp, "detail.csv", (w, id) -> exports.writeDetail(id, period, w), customerId));
            files.add(file(temp, "summary.csv", (w, id) -> exports.writeSummary(id, period, w), customerId));
            files.add(file(temp, "focus.csv", (w, id) -> focus.write(id, period, w), customerId));
            files.add(file(temp, "focus-schema.json", (w, id) -> append(w, FocusSchema.json(FocusSchema.DATA_GENERATOR,
                    clock.instant())), customerId));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("customerId", customerId);
            manifest.put("month", month.toString());
            manifest.put("kind", kind);
            manifest.put("statement", statementNumber);
            manifest.put("generatedAt", clock.instant().toString());
            manifest.put("focusVersion", FocusSchema.FOCUS_VERSION);
            manifest.put("focusSchemaId", FocusSchema.schemaId());
            manifest.put("files", files);
            byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
            Files.write(temp.resolve("manifest.json"), body);
            replace(temp, target);
            return sha256(body);
        } catch (IOException e) {
            throw new UncheckedIOException("bill files of " + customerId + " " + month + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static Map<String, Object> file(Path folder, String name, BiConsumer<Writer, String> content,
                                            String customerId) throws IOException {
        MessageDigest digest = digest();
        Path path = folder.resolve(name);
        try (DigestOutputStream out = new DigestOutputStream(Files.newOutputStream(path), digest);
             Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            content.accept(w, customerId);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("bytes", Files.size(path));
        entry.put("sha256", HexFormat.of().formatHex(digest.digest()));
        return entry;
    }

    private static void append(Writer w, String text) {
        try {
            w.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the new set into place: the old one (if any) aside first, then the new one, then the old one away. */
    private static void replace(Path temp, Path target) throws IOException {
        Path old = target.resolveSibling(".old-" + UUID.randomUUID());
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        deleteQuietly(old);
    }

    private static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless: readers only look at the named sets.
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] body) {
        return HexFormat.of().formatHex(digest().digest(body));
    }
}
