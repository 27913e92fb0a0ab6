package io.tollgate.cost.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.billing.DailyCost;
import io.tollgate.cost.CostAnalysisService;
import io.tollgate.cost.CostQuery;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}/costs")
@Tag(name = "cost centre", description = "Cost analysis, forecasts, budgets, anomalies and advice")
public class CostController {
    private static final String ANALYSIS_EXAMPLE = "{\"currency\":\"CNY\",\"from\":\"2026-11-01\",\"to\":\"2026-12-01\","
            + "\"granularity\":\"DAILY\",\"view\":\"AMORTIZED\",\"measure\":\"COST\",\"groupBy\":[\"serviceType\"],"
            + "\"rows\":[{\"period\":\"2026-11-01\",\"keys\":{\"serviceType\":\"modelarts\"},\"cost\":\"15.84\"}],"
            + "\"total\":\"15.84\"}";
    private static final String FORECAST_EXAMPLE = "{\"currency\":\"CNY\",\"month\":\"2026-12\",\"view\":\"AMORTIZED\","
            + "\"actual\":\"158.40\",\"expected\":\"491.04\",\"lower\":\"480.12\",\"upper\":\"501.96\","
            + "\"historyDays\":30,\"days\":[{\"day\":\"2026-12-11\",\"expected\":\"15.84\",\"lower\":\"15.31\","
            + "\"upper\":\"16.37\"}]}";
    private final CostAnalysisService analysis;
    private final io.tollgate.cost.CostForecastService forecasts;
    private final io.tollgate.cost.ReportService reports;
    private final io.tollgate.cost.RunCostService runs;
    private final Clock clock;

    public CostController(CostAnalysisService analysis, io.tollgate.cost.CostForecastService forecasts,
                          io.tollgate.cost.ReportService reports, io.tollgate.cost.RunCostService runs, Clock clock) {
        this.analysis = analysis;
        this.runs = runs;
        this.forecasts = forecasts;
        this.reports = reports;
        this.clock = clock;
    }

    public record SaveReportRequest(String name, io.tollgate.cost.CostRequest request) {
    }

    @GetMapping("/reports")
    @Operation(summary = "Saved cost reports: the presets every customer has (ids preset-..., not deletable), then "
            + "the customer's own")
    public List<io.tollgate.cost.ReportService.Report> reports(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return reports.list(customerId);
    }

    @org.springframework.web.bind.annotation.PostMapping("/reports")
    @Operation(summary = "Save a named analysis question (the parameters of /analysis; a preset stays relative)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(value = "{\"name\":\"GPU by team\","
                    + "\"request\":{\"preset\":\"LAST_30_DAYS\",\"groupBy\":\"tag:team\","
                    + "\"filters\":[\"serviceType=modelarts\"]}}"))))
    public org.springframework.http.ResponseEntity<io.tollgate.cost.ReportService.Report> save(
            Caller caller, @PathVariable String customerId,
            @org.springframework.web.bind.annotation.RequestBody SaveReportRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return org.springframework.http.ResponseEntity.status(201).body(reports.save(customerId,
                r == null ? null : r.name(), r == null ? null : r.request()));
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/reports/{reportId}")
    @Operation(summary = "Delete a saved report (a preset is refused: report-preset)")
    public org.springframework.http.ResponseEntity<Void> deleteReport(Caller caller, @PathVariable String customerId,
                                                                      @PathVariable String reportId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        reports.delete(customerId, reportId);
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @GetMapping("/reports/{reportId}/run")
    @Operation(summary = "Run a saved report as of today: the answer of /analysis",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = ANALYSIS_EXAMPLE))))
    public AnalysisView run(Caller caller, @PathVariable String customerId, @PathVariable String reportId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return view(reports.run(customerId, reportId));
    }

    public record ForecastDayView(LocalDate day, String actual, String expected, String lower, String upper) {
    }

    public record ForecastView(String currency, String month, String view, String actual, String expected,
                               String lower, String upper, int historyDays, List<ForecastDayView> days) {
    }

    @GetMapping("/forecast")
    @Operation(summary = "The current or the next month's cost with its forecast and 95% band",
            description = "Days before today are actual; today and after are forecast (docs/cost.md): pay-per-use by a "
                    + "least-squares trend with weekday effects over up to 90 days of history, prepaid money not "
                    + "guessed (in the AMORTIZED view the shares of terms already paid are added as known). The "
                    + "presets 'current month with its forecast' and 'next month's forecast'. month defaults to the "
                    + "current one; filters as in /analysis.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = FORECAST_EXAMPLE))))
    public ForecastView forecast(Caller caller, @PathVariable String customerId,
                                 @Parameter(example = "2026-12") @RequestParam(required = false) String month,
                                 @Parameter(example = "AMORTIZED") @RequestParam(required = false) String view,
                                 @Parameter(example = "serviceType=modelarts") @RequestParam(required = false)
                                 List<String> filter, jakarta.servlet.http.HttpServletRequest request) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        java.time.YearMonth m;
        try {
            m = month == null ? java.time.YearMonth.now(clock) : java.time.YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw Failure.invalid("invalid-month", "month must look like 2026-12");
        }
        DailyCost.View v = view == null ? DailyCost.View.AMORTIZED
                : Text.enumValue(DailyCost.View.class, view, "view");
        String[] filters = request.getParameterValues("filter");
        var f = forecasts.month(customerId, m, v, CostQuery.filters(filters == null ? List.of() : List.of(filters)));
        List<ForecastDayView> days = f.days().stream().map(d -> new ForecastDayView(d.day(), text(d.actual()),
                text(d.expected()), text(d.lower()), text(d.upper()))).toList();
        return new ForecastView(f.currency(), f.month().toString(), f.view().name(), text(f.actual()),
                text(f.expected()), text(f.lower()), text(f.upper()), f.historyDays(), days);
    }

    private static final String RUNS_EXAMPLE = "{\"currency\":\"CNY\",\"from\":\"2026-11-01\",\"to\":\"2026-12-01\","
            + "\"view\":\"AMORTIZED\",\"runs\":[{\"run\":\"jobId:train-42\",\"ownCost\":\"0.04\",\"poolShare\":"
            + "\"9.00\",\"total\":\"9.04\",\"poolNodeSeconds\":10800}],\"pools\":[{\"poolId\":\"pool-1\",\"cost\":"
            + "\"12.00\",\"capacityNodeSeconds\":14400,\"usedNodeSeconds\":10800,\"idleNodeSeconds\":3600,"
            + "\"idleCost\":\"3.00\",\"jobs\":[{\"resourceId\":\"job-1\",\"run\":\"jobId:train-42\","
            + "\"nodeSeconds\":10800,\"share\":\"9.00\"}]}],\"total\":\"12.04\"}";

    public record RunView(String run, String ownCost, String poolShare, String total, long poolNodeSeconds) {
    }

    public record JobShareView(String resourceId, String run, long nodeSeconds, String share) {
    }

    public record PoolView(String poolId, String cost, long capacityNodeSeconds, long usedNodeSeconds,
                           long idleNodeSeconds, String idleCost, List<JobShareView> jobs) {
    }

    public record RunsView(String currency, LocalDate from, LocalDate to, String view, List<RunView> runs,
                           List<PoolView> pools, String total) {
    }

    @GetMapping("/runs")
    @Operation(summary = "Cost per run (training job, endpoint, model, pipeline step), with each job's share of the "
            + "dedicated pools it ran on",
            description = "A run is named by the first of the tags jobId, endpointId, modelId, pipelineStepId (usage "
                    + "records' attributes of these keys count as tags), written key:value; the empty run holds "
                    + "costs that name none. A pool's cost of a day is split among the jobs that ran on it by "
                    + "node-seconds; the nodes nobody used take the idle share (docs/cost.md). from and to (days, to "
                    + "exclusive) or a preset as in /analysis; the total is the customer's cost for the range.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = RUNS_EXAMPLE))))
    public RunsView runs(Caller caller, @PathVariable String customerId,
                         @Parameter(example = "2026-11-01") @RequestParam(required = false) String from,
                         @Parameter(example = "2026-12-01") @RequestParam(required = false) String to,
                         @Parameter(example = "LAST_30_DAYS") @RequestParam(required = false) String preset,
                         @Parameter(example = "AMORTIZED") @RequestParam(required = false) String view) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        CostQuery q = new io.tollgate.cost.CostRequest(from, to, preset, null, view, null, null, List.of())
                .query(LocalDate.now(clock));
        var r = runs.runs(customerId, q.from(), q.toExclusive(), q.view());
        return new RunsView(r.currency(), r.from(), r.toExclusive(), r.view().name(),
                r.runs().stream().map(x -> new RunView(x.run(), text(x.ownCost()), text(x.poolShare()), text(x.total()),
                        x.poolNodeSeconds())).toList(),
                r.pools().stream().map(p -> new PoolView(p.poolId(), text(p.cost()), p.capacityNodeSeconds(),
                        p.usedNodeSeconds(), p.idleNodeSeconds(), text(p.idleCost()), p.jobs().stream()
                        .map(j -> new JobShareView(j.resourceId(), j.run(), j.nodeSeconds(), text(j.share()))).toList()))
                        .toList(), text(r.total()));
    }

    private static String text(java.math.BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    /** One row of an analysis: its period, its group values by dimension, its cost, and its usage and unit when asked. */
    /** {@code period}: the day ({@code 2026-11-01}, a month by its first day), or for HOURLY the hour ({@code 2026-11-01T10:00}), in the billing zone. */
    public record RowView(String period, Map<String, String> keys, String cost, String usage, String unit) {
    }

    public record AnalysisView(String currency, LocalDate from, LocalDate to, String granularity, String view,
                               String measure, List<String> groupBy, List<RowView> rows, String total) {
    }

    @GetMapping("/analysis")
    @Operation(summary = "Cost (or usage) over a range, daily or monthly, grouped by up to two dimensions and filtered",
            description = "Original or amortized cost (docs/cost.md) from the cost centre's aggregate. Either from and to "
                    + "(days, to exclusive, at most 400 days) or a preset: LAST_7_DAYS, LAST_14_DAYS, LAST_30_DAYS "
                    + "(ending yesterday), MONTH_TO_DATE, LAST_3_MONTHS, LAST_6_MONTHS, LAST_12_MONTHS (whole months "
                    + "before this one), YEAR_TO_DATE. Dimensions: serviceType, resourceType, region, billingMode, spec, "
                    + "recordType, enterpriseProject, resource, run, tag:<key> (an untagged resource shows the empty value). "
                    + "Filters repeat: filter=serviceType=modelarts&filter=tag:team=vision,  (the empty value: "
                    + "untagged). measure=USAGE sums usage quantities per unit (pay-per-use only). The total is the "
                    + "bills': a month's ORIGINAL total is its month summary's amount due.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = ANALYSIS_EXAMPLE))))
    public AnalysisView analysis(Caller caller, @PathVariable String customerId,
                                 @Parameter(example = "2026-11-01") @RequestParam(required = false) String from,
                                 @Parameter(example = "2026-12-01") @RequestParam(required = false) String to,
                                 @Parameter(example = "LAST_30_DAYS") @RequestParam(required = false) String preset,
                                 @Parameter(example = "DAILY") @RequestParam(required = false) String granularity,
                                 @Parameter(example = "AMORTIZED") @RequestParam(required = false) String view,
                                 @Parameter(example = "COST") @RequestParam(required = false) String measure,
                                 @Parameter(example = "serviceType,tag:team") @RequestParam(required = false)
                                 String groupBy,
                                 @Parameter(example = "billingMode=PAY_PER_USE") @RequestParam(required = false)
                                 List<String> filter, jakarta.servlet.http.HttpServletRequest request) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        // each filter as sent: Spring would split a filter's comma-separated values into filters of their own
        String[] filters = request.getParameterValues("filter");
        CostQuery q = new io.tollgate.cost.CostRequest(from, to, preset, granularity, view, measure, groupBy,
                filters == null ? List.of() : List.of(filters)).query(LocalDate.now(clock));
        return view(analysis.analyse(customerId, q));
    }

    private static AnalysisView view(CostAnalysisService.Report r) {
        CostQuery q = r.query();
        boolean usage = q.measure() == CostQuery.Measure.USAGE;
        List<String> names = q.groupBy().stream().map(CostQuery.Dimension::text).toList();
        List<RowView> rows = new ArrayList<>(r.rows().size());
        for (CostAnalysisService.Row row : r.rows()) {
            Map<String, String> keys = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                keys.put(names.get(i), row.keys().get(i));
            }
            String period = q.granularity() == CostQuery.Granularity.HOURLY ? row.period().toString()
                    : row.period().toLocalDate().toString();
            rows.add(new RowView(period, keys, row.cost().toPlainString(),
                    usage ? row.usage().stripTrailingZeros().toPlainString() : null,
                    usage ? row.keys().get(names.size()) : null));
        }
        return new AnalysisView(r.currency(), q.from(), q.toExclusive(), q.granularity().name(), q.view().name(),
                q.measure().name(), names, rows, r.total().toPlainString());
    }
}
