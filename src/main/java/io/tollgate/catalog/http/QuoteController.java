package io.tollgate.catalog.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.ModeComparison;
import io.tollgate.catalog.PayPerUseQuote;
import io.tollgate.catalog.PrepaidQuote;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.QuoteTarget;
import io.tollgate.customer.Caller;
import io.tollgate.shared.Amounts;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The price calculator (docs/calculator.md); open to any key, it reads prices and writes nothing. */
@RestController
@RequestMapping("/api/v1/quotes")
@Tag(name = "quotes", description = "Price calculator: pay-per-use and prepaid quotes, and their comparison")
public class QuoteController {
    private static final String PROBLEM = "application/problem+json";
    private static final String DURATION = "hours as a decimal (\"1.5\") or an ISO-8601 duration "
            + "(\"PT90M\", \"P30D\"); above 0, at most 87600 h";
    private static final String NO_PRICE = """
            {"type":"urn:tollgate:problem:no-price","title":"no price","status":422,\
            "detail":"no yearly or monthly price of modelarts.vm.gpu.t4 in cn-north-4 in USD is in force",\
            "code":"no-price"}""";
    private static final String BAD_TERM = """
            {"type":"urn:tollgate:problem:invalid-term","title":"invalid term","status":400,\
            "detail":"a term is 1 to 11 months or 1 to 3 years, not P13M","code":"invalid-term"}""";

    private final CatalogService catalog;

    public QuoteController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Schema(description = "A pay-per-use quote request. nodes for a compute flavor (default 1), sizeGb for storage.")
    public record PayPerUseRequest(String specCode, String region, String currency, Integer nodes, Integer sizeGb,
                                   @Schema(description = DURATION) String duration, String resourceType) {
    }

    @Schema(description = "A prepaid quote request. term is P1M..P11M or P1Y..P3Y.")
    public record PrepaidRequest(String specCode, String region, String currency, Integer nodes, Integer sizeGb,
                                 String term, String resourceType) {
    }

    @Schema(description = "A comparison request: the use a month, 0 to 730 hours (default 730).")
    public record ComparisonRequest(String specCode, String region, String currency, Integer nodes, Integer sizeGb,
                                    String hoursPerMonth, String resourceType) {
    }

    /** The price a quote used. */
    public record PriceRef(String unit, String unitPrice, int version, Instant effectiveFrom) {
        static PriceRef of(PriceVersion p) {
            return new PriceRef(p.unit().name(), Amounts.format(p.unitPrice()), p.version(), p.effectiveFrom());
        }
    }

    public record PayPerUseView(String specCode, String region, String currency, int quantity, String hours,
                                PriceRef price, String usage, String amount, String chargedAmount) {
        static PayPerUseView of(PayPerUseQuote q) {
            PriceVersion p = q.price();
            return new PayPerUseView(p.specCode(), p.region(), p.currency(), q.quantity(), text(q.hours()),
                    PriceRef.of(p), text(q.usage()), text(q.amount()), text(q.chargedAmount()));
        }
    }

    public record PrepaidView(String specCode, String region, String currency, int quantity, String term,
                              PriceRef price, int periods, boolean derivedFromMonthly, String listAmount,
                              String amount, String termDiscount) {
        static PrepaidView of(PrepaidQuote q) {
            PriceVersion p = q.price();
            return new PrepaidView(p.specCode(), p.region(), p.currency(), q.quantity(), q.term().iso(), PriceRef.of(p),
                    q.periods(), q.derivedFromMonthly(), text(q.listAmount()), text(q.amount()),
                    text(q.termDiscount()));
        }
    }

    public record PayPerUseOption(PriceRef price, String monthlyCost) {
    }

    public record TermOptionView(PriceRef price, boolean derivedFromMonthly, String monthlyCost, String monthlySaving,
                                 String breakEvenHoursPerMonth, String breakEvenShareOfMonth) {
        static TermOptionView of(ModeComparison.TermOption o) {
            return o == null ? null : new TermOptionView(PriceRef.of(o.price()), o.derivedFromMonthly(),
                    text(o.monthlyCost()), text(o.monthlySaving()), text(o.breakEvenHoursPerMonth()),
                    text(o.breakEvenShareOfMonth()));
        }
    }

    public record ComparisonView(String specCode, String region, String currency, int quantity, String hoursPerMonth,
                                 PayPerUseOption payPerUse, TermOptionView monthlyTerm, TermOptionView yearlyTerm,
                                 ModeComparison.Choice cheapest) {
        static ComparisonView of(ModeComparison c) {
            PriceVersion p = c.hourlyPrice();
            return new ComparisonView(p.specCode(), p.region(), p.currency(), c.quantity(), text(c.hoursPerMonth()),
                    new PayPerUseOption(PriceRef.of(p), text(c.payPerUseMonthlyCost())),
                    TermOptionView.of(c.monthlyTerm()), TermOptionView.of(c.yearlyTerm()), c.cheapest());
        }
    }

    @PostMapping("/pay-per-use")
    @Operation(summary = "Quote a spec x nodes (or GB) x duration pay-per-use at the price in force now",
            description = "usage = quantity x hours; amount = unit price x usage, half-up to 8 decimals; chargedAmount "
                    + "= amount half-up to the cent. Hourly settlement rounds each clock hour to the cent, so a bill "
                    + "for the same use can differ from chargedAmount by cents.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = {
                    @ExampleObject(name = "two T4 nodes for 90 minutes", value = """
                            {"specCode":"modelarts.vm.gpu.t4","region":"cn-north-4","currency":"CNY","nodes":2,\
                            "duration":"PT90M"}"""),
                    @ExampleObject(name = "a 1000 GB SSD disk for 30 days", value = """
                            {"specCode":"evs.ssd","region":"cn-north-4","currency":"CNY","sizeGb":1000,\
                            "duration":"720"}""")})),
            responses = {
                    @ApiResponse(responseCode = "200", description = "the quote", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = PayPerUseView.class),
                            examples = @ExampleObject(name = "two T4 nodes for 90 minutes", value = """
                                    {"specCode":"modelarts.vm.gpu.t4","region":"cn-north-4","currency":"CNY",\
                                    "quantity":2,"hours":"1.5000000000","price":{"unit":"HOUR",\
                                    "unitPrice":"6.3000000000","version":1,"effectiveFrom":"2026-03-01T00:00:00Z"},\
                                    "usage":"3.0000000000","amount":"18.90000000","chargedAmount":"18.90"}"""))),
                    @ApiResponse(responseCode = "400", description = "bad input: invalid-duration, "
                            + "quantity-out-of-range, invalid-field, invalid-region, invalid-currency, missing-field",
                            content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "422", description = "unknown-spec, no-price, spec-not-for-type",
                            content = @Content(mediaType = PROBLEM))})
    public PayPerUseView payPerUse(Caller caller, @RequestBody PayPerUseRequest r) {
        return PayPerUseView.of(catalog.quotePayPerUse(
                new QuoteTarget(r.specCode(), r.region(), r.currency(), r.nodes(), r.sizeGb(), r.resourceType()),
                r.duration()));
    }

    @PostMapping("/prepaid")
    @Operation(summary = "Quote a yearly/monthly term (1-11 months or 1-3 years) at the prices in force now",
            description = "listAmount = monthly price x quantity x months, or yearly price x quantity x years (12 x "
                    + "the monthly price a year when there is no yearly price), half-up to 8 decimals; amount = "
                    + "the exact list amount half-up to the cent; termDiscount = the same months at the monthly "
                    + "price minus listAmount.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = {
                    @ExampleObject(name = "two T4 nodes for a year", value = """
                            {"specCode":"modelarts.vm.gpu.t4","region":"cn-north-4","currency":"CNY","nodes":2,\
                            "term":"P1Y","resourceType":"modelarts.pool"}"""),
                    @ExampleObject(name = "a 500 GB pool disk for 3 months", value = """
                            {"specCode":"evs.ssd","region":"cn-north-4","currency":"CNY","sizeGb":500,\
                            "term":"P3M"}""")})),
            responses = {
                    @ApiResponse(responseCode = "200", description = "the quote", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = PrepaidView.class),
                            examples = @ExampleObject(name = "two T4 nodes for a year", value = """
                                    {"specCode":"modelarts.vm.gpu.t4","region":"cn-north-4","currency":"CNY",\
                                    "quantity":2,"term":"P1Y","price":{"unit":"YEAR","unitPrice":"34020.0000000000",\
                                    "version":1,"effectiveFrom":"2026-03-01T00:00:00Z"},"periods":1,\
                                    "derivedFromMonthly":false,"listAmount":"68040.00000000","amount":"68040.00",\
                                    "termDiscount":"13608.00000000"}"""))),
                    @ApiResponse(responseCode = "400", description = "invalid-term (e.g. P0M, P13M, P4Y), "
                            + "quantity-out-of-range, invalid-field, missing-field", content = @Content(
                            mediaType = PROBLEM, examples = @ExampleObject(name = "13 months", value = BAD_TERM))),
                    @ApiResponse(responseCode = "422", description = "unknown-spec, no-price, prepaid-not-allowed",
                            content = @Content(mediaType = PROBLEM,
                                    examples = @ExampleObject(name = "no prepaid price", value = NO_PRICE)))})
    public PrepaidView prepaid(Caller caller, @RequestBody PrepaidRequest r) {
        return PrepaidView.of(catalog.quotePrepaid(
                new QuoteTarget(r.specCode(), r.region(), r.currency(), r.nodes(), r.sizeGb(), r.resourceType()),
                r.term()));
    }

    @PostMapping("/comparison")
    @Operation(summary = "Compare pay-per-use with prepaid terms for a use of so many hours a month (730 a month)",
            description = "payPerUse.monthlyCost = hourly price x quantity x hoursPerMonth; monthlyTerm.monthlyCost = "
                    + "monthly price x quantity; yearlyTerm.monthlyCost = yearly price x quantity / 12; monthlySaving "
                    + "= payPerUse cost - term cost (positive: the term is cheaper); breakEvenHoursPerMonth = the "
                    + "term's monthly price per node / hourly price, the use above which the term is cheaper, and "
                    + "breakEvenShareOfMonth that over 730 hours.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "one T4 node, 500 h a month",
                    value = """
                            {"specCode":"modelarts.vm.gpu.t4","region":"cn-north-4","currency":"CNY","nodes":1,\
                            "hoursPerMonth":"500"}"""))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "the comparison", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = ComparisonView.class),
                            examples = @ExampleObject(name = "one T4 node, 500 h a month", value = """
                                    {"specCode":"modelarts.vm.gpu.t4","region":"cn-north-4","currency":"CNY",\
                                    "quantity":1,"hoursPerMonth":"500","payPerUse":{"price":{"unit":"HOUR",\
                                    "unitPrice":"6.3000000000","version":1,"effectiveFrom":"2026-03-01T00:00:00Z"},\
                                    "monthlyCost":"3150.00000000"},"monthlyTerm":{"price":{"unit":"MONTH",\
                                    "unitPrice":"3402.0000000000","version":1,"effectiveFrom":"2026-03-01T00:00:00Z"},\
                                    "derivedFromMonthly":false,"monthlyCost":"3402.00000000",\
                                    "monthlySaving":"-252.00000000","breakEvenHoursPerMonth":"540.00",\
                                    "breakEvenShareOfMonth":"0.7397"},"yearlyTerm":{"price":{"unit":"YEAR",\
                                    "unitPrice":"34020.0000000000","version":1,"effectiveFrom":"2026-03-01T00:00:00Z"},\
                                    "derivedFromMonthly":false,"monthlyCost":"2835.00000000",\
                                    "monthlySaving":"315.00000000","breakEvenHoursPerMonth":"450.00",\
                                    "breakEvenShareOfMonth":"0.6164"},"cheapest":"YEARLY_TERM"}"""))),
                    @ApiResponse(responseCode = "400", description = "invalid-hours-per-month, "
                            + "quantity-out-of-range, invalid-field, missing-field",
                            content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "422", description = "unknown-spec, no-price (pay-per-use, or "
                            + "no prepaid price at all), prepaid-not-allowed", content = @Content(mediaType = PROBLEM,
                            examples = @ExampleObject(name = "no prepaid price", value = NO_PRICE)))})
    public ComparisonView comparison(Caller caller, @RequestBody ComparisonRequest r) {
        return ComparisonView.of(catalog.compareModes(
                new QuoteTarget(r.specCode(), r.region(), r.currency(), r.nodes(), r.sizeGb(), r.resourceType()),
                r.hoursPerMonth()));
    }

    private static String text(BigDecimal value) {
        return value == null ? null : Amounts.format(value);
    }
}
