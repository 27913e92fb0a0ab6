package io.tollgate.cost;

import io.tollgate.cost.store.ReportStore;
import io.tollgate.customer.CustomerService;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saved cost reports (issue 10 part 1, docs/cost.md): a customer's named analysis questions, and
 * a few presets every customer has and cannot delete (ids {@code preset-...}). A report keeps the
 * question as asked, so a preset period stays relative to the day it is run.
 */
@Service
public class ReportService {
    static final int MAX_REPORTS = 200;

    /** A report as listed: its id (a number, or preset-...), name, question, and whether it is a preset. */
    public record Report(String id, String name, CostRequest request, boolean preset) {
    }

    /** The presets, in the order they are listed. */
    static final List<Report> PRESETS = List.of(
            new Report("preset-monthly-by-service", "Monthly cost by service, last 6 months",
                    new CostRequest(null, null, "LAST_6_MONTHS", "MONTHLY", "AMORTIZED", null, "serviceType", List.of()),
                    true),
            new Report("preset-daily-by-service", "Daily cost by service, last 30 days",
                    new CostRequest(null, null, "LAST_30_DAYS", "DAILY", "AMORTIZED", null, "serviceType", List.of()),
                    true),
            new Report("preset-month-by-project", "Month to date by enterprise project",
                    new CostRequest(null, null, "MONTH_TO_DATE", "MONTHLY", "ORIGINAL", null, "enterpriseProject",
                            List.of()), true),
            new Report("preset-pay-per-use-by-resource-type", "Pay-per-use by resource type, month to date",
                    new CostRequest(null, null, "MONTH_TO_DATE", "DAILY", "ORIGINAL", null, "resourceType",
                            List.of("billingMode=PAY_PER_USE")), true));

    private final ReportStore store;
    private final CostAnalysisService analysis;
    private final CustomerService customers;
    private final Clock clock;

    ReportService(ReportStore store, CostAnalysisService analysis, CustomerService customers, Clock clock) {
        this.store = store;
        this.analysis = analysis;
        this.customers = customers;
        this.clock = clock;
    }

    public List<Report> list(String customerId) {
        customers.customer(customerId);
        List<Report> out = new ArrayList<>(PRESETS);
        store.list(customerId).forEach(s -> out.add(new Report(Long.toString(s.id()), s.name(), s.request(), false)));
        return out;
    }

    @Transactional
    public Report save(String customerId, String name, CostRequest request) {
        customers.customer(customerId);
        if (name == null || name.isBlank() || name.length() > 100) {
            throw Failure.invalid("invalid-name", "a report's name is 1-100 characters");
        }
        Text.requireClean("name", name);
        if (request == null) {
            throw Failure.invalid("missing-field", "a report needs its request (the analysis parameters)");
        }
        request.query(LocalDate.now(clock)); // refuses a malformed question now, not when it is run
        if (store.count(customerId) >= MAX_REPORTS) {
            throw Failure.unprocessable("report-limit", "a customer has at most " + MAX_REPORTS + " saved reports");
        }
        if (PRESETS.stream().anyMatch(p -> p.name().equals(name.trim()))) {
            throw Failure.conflict("report-exists", "a preset is named '" + name.trim() + "'");
        }
        long id = store.insert(customerId, name.trim(), request, clock.instant())
                .orElseThrow(() -> Failure.conflict("report-exists", "a report named '" + name.trim() + "' exists"));
        return new Report(Long.toString(id), name.trim(), request, false);
    }

    @Transactional
    public void delete(String customerId, String id) {
        customers.customer(customerId);
        if (PRESETS.stream().anyMatch(p -> p.id().equals(id))) {
            throw Failure.unprocessable("report-preset", "a preset report cannot be deleted");
        }
        if (!store.delete(customerId, number(id))) {
            throw Failure.notFound("unknown-report", "no report " + id);
        }
    }

    /** Runs a report as of today. */
    public CostAnalysisService.Report run(String customerId, String id) {
        customers.customer(customerId);
        CostRequest request = PRESETS.stream().filter(p -> p.id().equals(id)).map(Report::request).findFirst()
                .orElseGet(() -> store.find(customerId, number(id)).map(ReportStore.Saved::request)
                        .orElseThrow(() -> Failure.notFound("unknown-report", "no report " + id)));
        return analysis.analyse(customerId, request.query(LocalDate.now(clock)));
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Failure.notFound("unknown-report", "no report " + id);
        }
    }
}
