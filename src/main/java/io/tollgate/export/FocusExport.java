package io.tollgate.export;

import io.tollgate.billing.AmortizationService;
import io.tollgate.billing.BillService;
import io.tollgate.billing.BillingPeriod;
import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.StatementService;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.export.core.Csv;
import io.tollgate.export.core.FocusColumn;
import io.tollgate.export.core.FocusRow;
import io.tollgate.export.core.FocusServices;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Memo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FOCUS 1.2 Cost and Usage dataset of a customer's billing period (docs/exports.md,
 * ../shared/docs/focus.md), streamed from the billing reads:
 * <ul>
 * <li>each settled pay-per-use line is a {@code Usage} row (BilledCost = EffectiveCost = what was
 * charged), a negative one (a cheaper volume tier, a late stop) a {@code Credit} row;</li>
 * <li>each prepaid payment (purchase, renewal, change, package) a {@code Purchase} row on its
 * term's commitment (EffectiveCost 0), a refund a negative {@code Purchase} row plus one
 * {@code Unused} row taking the returned value off the amortized view;</li>
 * <li>each day's amortized share of a paid term a {@code Usage} / {@code Committed} row
 * (BilledCost 0, EffectiveCost the share);</li>
 * <li>the cash-coupon part of any line a negative {@code Credit} row.</li>
 * </ul>
 * So BilledCost sums to what the month charged the customer's cash, credit and arrears (the
 * statement's charges less its refunds). Lines rated but not settled yet are not billed and are
 * left out.
 */
@Service
public class FocusExport {
    private final BillService bills;
    private final AmortizationService amortization;
    private final StatementService statements;
    private final CustomerService customers;
    private final CatalogService catalog;
    private final JsonMapper json;
    private final Clock clock;
    private final String operator;

    public FocusExport(BillService bills, AmortizationService amortization, StatementService statements,
                       CustomerService customers, CatalogService catalog, JsonMapper json, Clock clock,
                       @Value("${tollgate.operator.name:Tollgate Cloud}") String operator) {
        this.bills = bills;
        this.amortization = amortization;
        this.statements = statements;
        this.customers = customers;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
        this.operator = operator;
    }

    /** What every row of one export shares: the account, the period, the invoice, the catalog's names and specs. */
    private record Context(Customer customer, BillingPeriod period, String invoiceId,
                           Map<String, ResourceType> types, Memo<Map<String, String>, String> tagsText,
                           Map<String, String> skuDetails, io.tollgate.catalog.PriceBook prices) {
    }

    /**
     * SkuPriceDetails of each catalog spec (focus.md, SKUs): FOCUS keys where they fit
     * (InstanceType, CoreCount, MemorySize in GiB, GpuCount, StorageClass), {@code x_} keys for the
     * rest (x_GpuModel, x_NpuModel, x_NpuCount); a spec with none of them has none.
     */
    private Map<String, String> skuDetails() {
        Map<String, String> out = new java.util.HashMap<>();
        for (io.tollgate.catalog.Spec spec : catalog.specs()) {
            Map<String, Object> d = new TreeMap<>();
            if (spec.kind() == io.tollgate.catalog.SpecKind.STORAGE) {
                d.put("StorageClass", spec.name());
            } else {
                d.put("InstanceType", spec.code());
                putIfSet(d, "CoreCount", spec.vcpus());
                putIfSet(d, "MemorySize", spec.memoryGib());
                if (spec.gpuModel() != null && spec.gpuCardsNumerator() != null) {
                    BigDecimal cards = new BigDecimal(spec.gpuCardsNumerator()).divide(new BigDecimal(
                            spec.gpuCardsDenominator() == null ? 1 : spec.gpuCardsDenominator()), 6,
                            java.math.RoundingMode.HALF_UP).stripTrailingZeros();
                    d.put("GpuCount", cards);
                    d.put("x_GpuModel", spec.gpuModel());
                }
                putIfSet(d, "x_NpuModel", spec.npuModel());
                putIfSet(d, "x_NpuCount", spec.npuCount());
            }
            out.put(spec.code(), json.writeValueAsString(d));
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> d, String key, Object value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    /** Writes the month's dataset: the header, then the rows as they are read. */
    public void write(String customerId, BillingPeriod period, Appendable out) {
        Customer customer = customers.customer(customerId);
        String invoice;
        try {
            invoice = statements.statement(customerId, period.month()).number();
        } catch (Failure notFinal) {
            invoice = null;
        }
        Context c = new Context(customer, period, invoice, catalog.resourceTypes().stream()
                .collect(Collectors.toMap(ResourceType::code, Function.identity(), (a, b) -> a)),
                new Memo<>(10_000, this::tagsJson), skuDetails(), catalog.priceBook());
        Csv csv = new Csv(out);
        FocusRow.writeHeader(csv);
        FocusRow row = new FocusRow();
        bills.copyFeeRecords(customerId, period, FocusFeeRows.selects(new FocusFeeRows.Shared(customer,
                period.start(), period.endExclusive(), invoice, operator, c.types().values(), c.skuDetails())), bytes -> {
            // one CSV row from the database, ending in LF: written with the CRLF of every other row
            String line = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            try {
                out.append(mayHoldValuelessTags(line) ? valuelessTagsTrue(line) : line).append("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        bills.forEachOrderLine(customerId, period, line -> {
            purchase(row, c, line, csv);
            couponCredit(row, c, dec(line.couponAmount()), line.id(), line.recordType(), line.periodStart(),
                    line.periodEnd(), line.serviceType(), line.enterpriseProject(), csv);
        });
        ZoneId zone = clock.getZone();
        LocalDate from = period.start().atZone(zone).toLocalDate();
        LocalDate to = period.endExclusive().atZone(zone).toLocalDate();
        amortization.forEachPrepaidShare(customerId, from, to, share -> committed(row, c, share, zone, csv));
    }

    private void purchase(FocusRow r, Context c, FeeRecordView l, Csv csv) {
        start(r, c, l.serviceType(), l.resourceType());
        // An unsubscription's refund row returns the whole value given up, its handling fee included;
        // the fee then is an Adjustment row of its own (focus.md), so BilledCost still adds up to the refund.
        BigDecimal fee = l.handlingFee() == null ? BigDecimal.ZERO : dec(l.handlingFee());
        BigDecimal amount = dec(l.amount()).subtract(fee);
        BigDecimal list = dec(l.listAmount()).subtract(fee);
        boolean refund = amount.signum() < 0;
        Instant from = l.periodStart();
        Instant to = l.periodEnd() != null && l.periodEnd().isAfter(from) ? l.periodEnd() : from.plusSeconds(1);
        String term = "term:" + l.orderId();
        // A refund is a negative purchase of one term: quantity -1 at the (non-negative) list price it returns.
        BigDecimal quantity = refund ? BigDecimal.ONE.negate() : BigDecimal.ONE;
        r.set(FocusColumn.ChargeCategory, "Purchase").set(FocusColumn.ChargeFrequency, "One-Time")
                .set(FocusColumn.ChargeClass, refund && from.isBefore(c.period().start()) ? "Correction" : null)
                .set(FocusColumn.ChargePeriodStart, from).set(FocusColumn.ChargePeriodEnd, to)
                .set(FocusColumn.BilledCost, amount).set(FocusColumn.EffectiveCost, BigDecimal.ZERO)
                // the agreed price of the term: list less the order's discount (what the order charged before coupons)
                .set(FocusColumn.ListUnitPrice, list.abs()).set(FocusColumn.ContractedUnitPrice, amount.abs())
                .set(FocusColumn.PricingQuantity, quantity).set(FocusColumn.PricingUnit, "Terms")
                .set(FocusColumn.ListCost, list.abs().multiply(quantity))
                .set(FocusColumn.ContractedCost, amount.abs().multiply(quantity))
                .set(FocusColumn.PricingCategory, "Standard")
                .set(FocusColumn.SkuId, l.specCode()).set(FocusColumn.SkuPriceId, l.specCode() + ":YEARLY_MONTHLY")
                .set(FocusColumn.SkuMeter, "Commitment").set(FocusColumn.SkuPriceDetails, c.skuDetails().get(l.specCode()))
                .set(FocusColumn.CommitmentDiscountId, term).set(FocusColumn.CommitmentDiscountName,
                        l.recordType() + " " + l.specCode() + " for " + l.resourceId())
                .set(FocusColumn.CommitmentDiscountType, l.recordType().equals("PACKAGE_PURCHASE") ? "Resource Package"
                        : "Yearly/Monthly")
                .set(FocusColumn.CommitmentDiscountCategory, "Usage")
                .set(FocusColumn.CommitmentDiscountQuantity, termHours(from, to, l.quantity()))
                .set(FocusColumn.CommitmentDiscountUnit, "Hours")
                .set(FocusColumn.ChargeDescription, l.recordType() + " of " + l.specCode() + " for " + l.resourceId()
                        + " (order " + l.orderId() + ")");
        resource(r, c, term, "Yearly/Monthly term", l.region(), l.enterpriseProject(), l.tags());
        parts(r, l);
        r.writeTo(csv);
        if (fee.signum() != 0) {
            handlingFee(r, c, l, term, fee, from, to, csv);
        }
        if (refund) {
            unused(r, c, l, term, amount, from, to, csv);
        }
    }

    /** The handling fee an unsubscription kept: an Adjustment row, BilledCost = EffectiveCost = the fee. */
    private void handlingFee(FocusRow r, Context c, FeeRecordView l, String term, BigDecimal fee, Instant from,
                             Instant to, Csv csv) {
        start(r, c, l.serviceType(), l.resourceType());
        r.set(FocusColumn.ChargeCategory, "Adjustment").set(FocusColumn.ChargeFrequency, "One-Time")
                .set(FocusColumn.ChargePeriodStart, from).set(FocusColumn.ChargePeriodEnd, to)
                .set(FocusColumn.BilledCost, fee).set(FocusColumn.EffectiveCost, fee)
                .set(FocusColumn.ListCost, fee).set(FocusColumn.ContractedCost, fee)
                .set(FocusColumn.ChargeDescription, "Handling fee kept by the unsubscription of " + l.resourceId()
                        + " (order " + l.orderId() + ")");
        resource(r, c, term, "Yearly/Monthly term", l.region(), l.enterpriseProject(), l.tags());
        r.set(FocusColumn.x_RecordType, "HANDLING_FEE").set(FocusColumn.x_BillingMode, "YEARLY_MONTHLY")
                .set(FocusColumn.x_OrderId, Long.toString(l.orderId()));
        r.writeTo(csv);
    }

    /** The value a refund returned, taken off the amortized view (the daily shares already carry it). */
    private void unused(FocusRow r, Context c, FeeRecordView l, String term, BigDecimal returned, Instant from,
                        Instant to, Csv csv) {
        start(r, c, l.serviceType(), l.resourceType());
        r.set(FocusColumn.ChargeCategory, "Usage").set(FocusColumn.ChargeFrequency, "Usage-Based")
                .set(FocusColumn.ChargePeriodStart, from).set(FocusColumn.ChargePeriodEnd, to)
                .set(FocusColumn.BilledCost, BigDecimal.ZERO).set(FocusColumn.EffectiveCost, returned)
                .set(FocusColumn.ListUnitPrice, BigDecimal.ZERO).set(FocusColumn.ContractedUnitPrice, BigDecimal.ZERO)
                .set(FocusColumn.PricingQuantity, BigDecimal.ZERO).set(FocusColumn.PricingUnit, "Hours")
                .set(FocusColumn.ListCost, BigDecimal.ZERO).set(FocusColumn.ContractedCost, BigDecimal.ZERO)
                .set(FocusColumn.PricingCategory, "Committed")
                .set(FocusColumn.SkuId, l.specCode()).set(FocusColumn.SkuPriceId, l.specCode() + ":YEARLY_MONTHLY")
                .set(FocusColumn.SkuMeter, "Commitment")
                .set(FocusColumn.CommitmentDiscountId, term).set(FocusColumn.CommitmentDiscountName,
                        "REFUND " + l.specCode() + " for " + l.resourceId())
                .set(FocusColumn.CommitmentDiscountType, "Yearly/Monthly").set(FocusColumn.CommitmentDiscountCategory, "Usage")
                .set(FocusColumn.CommitmentDiscountStatus, "Unused")
                .set(FocusColumn.CommitmentDiscountQuantity, BigDecimal.ZERO).set(FocusColumn.CommitmentDiscountUnit, "Hours")
                .set(FocusColumn.ChargeDescription, "Unused value returned by the unsubscription of " + l.resourceId());
        resource(r, c, term, "Yearly/Monthly term", l.region(), l.enterpriseProject(), l.tags());
        r.set(FocusColumn.x_RecordType, "REFUND").set(FocusColumn.x_BillingMode, "YEARLY_MONTHLY");
        r.writeTo(csv);
    }

    private void committed(FocusRow r, Context c, AmortizationService.PrepaidShare s, ZoneId zone, Csv csv) {
        ResourceType type = c.types().get(s.resourceType());
        start(r, c, type == null ? null : type.serviceType(), s.resourceType());
        Instant from = s.day().atStartOfDay(zone).toInstant();
        Instant to = s.day().plusDays(1).atStartOfDay(zone).toInstant();
        BigDecimal hours = BigDecimal.valueOf(Duration.between(from, to).toHours());
        String term = "term:" + s.orderId();
        // focus.md: the day's node-hours at the pay-per-use price, so ListCost shows the on-demand value
        // (a term of a compute spec; a package or a storage term has no hourly price and shows 0)
        io.tollgate.catalog.PriceVersion ppu = s.resourcePackage() || s.specCode() == null ? null
                : c.prices().inForce(s.specCode(), s.region(), io.tollgate.shared.BillingMode.PAY_PER_USE,
                        c.customer().currency(), io.tollgate.catalog.Unit.HOUR, from);
        BigDecimal nodeHours = hours.multiply(BigDecimal.valueOf(Math.max(s.nodes(), 1)));
        BigDecimal quantity = ppu == null ? hours : nodeHours;
        BigDecimal price = ppu == null ? BigDecimal.ZERO : ppu.unitPrice();
        String sku = s.specCode() != null ? s.specCode() : s.resourceType();
        r.set(FocusColumn.ChargeCategory, "Usage").set(FocusColumn.ChargeFrequency, "Usage-Based")
                .set(FocusColumn.ChargePeriodStart, from).set(FocusColumn.ChargePeriodEnd, to)
                .set(FocusColumn.BilledCost, BigDecimal.ZERO).set(FocusColumn.EffectiveCost, s.amount())
                .set(FocusColumn.ListUnitPrice, price).set(FocusColumn.ContractedUnitPrice, price)
                .set(FocusColumn.PricingQuantity, quantity).set(FocusColumn.PricingUnit, "Hours")
                .set(FocusColumn.ListCost, price.multiply(quantity)).set(FocusColumn.ContractedCost, price.multiply(quantity))
                .set(FocusColumn.ConsumedQuantity, quantity).set(FocusColumn.ConsumedUnit, "Hours")
                .set(FocusColumn.PricingCategory, "Committed")
                .set(FocusColumn.SkuId, sku).set(FocusColumn.SkuPriceId, sku + ":COMMITTED")
                .set(FocusColumn.SkuMeter, "Commitment")
                .set(FocusColumn.CommitmentDiscountId, term).set(FocusColumn.CommitmentDiscountName,
                        (s.resourcePackage() ? "package " : "term of ") + s.resourceId())
                .set(FocusColumn.CommitmentDiscountType, s.resourcePackage() ? "Resource Package" : "Yearly/Monthly")
                .set(FocusColumn.CommitmentDiscountCategory, "Usage")
                .set(FocusColumn.CommitmentDiscountStatus, "Used")
                .set(FocusColumn.CommitmentDiscountQuantity, quantity).set(FocusColumn.CommitmentDiscountUnit, "Hours")
                .set(FocusColumn.ChargeDescription, "The amortized share of " + s.day() + " of order " + s.orderId());
        resource(r, c, s.resourceId(), s.resourceType(), null, null, null);
        r.set(FocusColumn.x_RecordType, "AMORTIZATION").set(FocusColumn.x_BillingMode, "YEARLY_MONTHLY")
                .set(FocusColumn.x_OrderId, Long.toString(s.orderId()));
        r.writeTo(csv);
    }

    /** The cash-coupon part of a line, if any, as a negative Credit row of its own. */
    private void couponCredit(FocusRow r, Context c, BigDecimal coupon, long lineId, String recordType, Instant from,
                              Instant periodEnd, String serviceType, String project, Csv csv) {
        if (coupon == null || coupon.signum() == 0) {
            return;
        }
        Instant to = periodEnd != null && periodEnd.isAfter(from) ? periodEnd : from.plusSeconds(1);
        credit(r, c, from, to, coupon.negate(), "Cash coupons paid " + coupon.toPlainString() + " of " + recordType
                + " line " + lineId, serviceType, null, project);
        r.set(FocusColumn.x_RecordType, "COUPON").set(FocusColumn.x_CouponAmount, coupon);
        r.writeTo(csv);
    }

    /** Starts a Credit row (the caller adds the resource and parts, then writes it). */
    private void credit(FocusRow r, Context c, Instant from, Instant to, BigDecimal amount, String description,
                        String serviceType, String resourceType, String project) {
        start(r, c, serviceType, resourceType);
        r.set(FocusColumn.ChargeCategory, "Credit").set(FocusColumn.ChargeFrequency, "One-Time")
                .set(FocusColumn.ChargePeriodStart, from).set(FocusColumn.ChargePeriodEnd, to)
                .set(FocusColumn.BilledCost, amount).set(FocusColumn.EffectiveCost, amount)
                .set(FocusColumn.ListCost, amount).set(FocusColumn.ContractedCost, amount)
                .set(FocusColumn.SubAccountId, project).set(FocusColumn.SubAccountName, project)
                .set(FocusColumn.ChargeDescription, description);
    }

    /** Clears the row and sets what every row has: account, currency, periods, issuer, service. */
    private void start(FocusRow r, Context c, String serviceType, String resourceType) {
        r.clear();
        String service = serviceType != null ? serviceType : resourceType == null ? "other"
                : resourceType.contains(".") ? resourceType.substring(0, resourceType.indexOf('.')) : resourceType;
        FocusServices.Service s = FocusServices.of(service, service);
        r.set(FocusColumn.BillingAccountId, c.customer().id())
                .set(FocusColumn.BillingAccountName, c.customer().name() == null ? c.customer().id() : c.customer().name())
                .set(FocusColumn.BillingCurrency, c.customer().currency())
                .set(FocusColumn.BillingPeriodStart, c.period().start())
                .set(FocusColumn.BillingPeriodEnd, c.period().endExclusive())
                .set(FocusColumn.InvoiceId, c.invoiceId()).set(FocusColumn.InvoiceIssuerName, operator)
                .set(FocusColumn.ProviderName, operator).set(FocusColumn.PublisherName, operator)
                .set(FocusColumn.ServiceName, s.name()).set(FocusColumn.ServiceCategory, s.category())
                .set(FocusColumn.ServiceSubcategory, s.subcategory());
    }

    private void resource(FocusRow r, Context c, String id, String type, String region, String project,
                          Map<String, String> tags) {
        ResourceType t = type == null ? null : c.types().get(type);
        r.set(FocusColumn.ResourceId, id).set(FocusColumn.ResourceName, id)
                .set(FocusColumn.ResourceType, t == null ? type : t.name())
                .set(FocusColumn.RegionId, region).set(FocusColumn.RegionName, region)
                .set(FocusColumn.SubAccountId, project).set(FocusColumn.SubAccountName, project)
                .set(FocusColumn.Tags, tags(c, tags));
    }

    private static void parts(FocusRow r, FeeRecordView l) {
        parts(r, l.recordType(), l.billingMode(), l.orderId(), dec(l.discountAmount()), dec(l.truncatedAmount()),
                dec(l.cashAmount()), dec(l.creditAmount()), dec(l.couponAmount()), dec(l.arrearsAmount()),
                l.adjustsHour());
    }

    private static void parts(FocusRow r, String recordType, String billingMode, Long orderId, BigDecimal discount,
                              BigDecimal truncated, BigDecimal cash, BigDecimal credit, BigDecimal coupon,
                              BigDecimal arrears, Instant adjusts) {
        r.set(FocusColumn.x_RecordType, recordType).set(FocusColumn.x_BillingMode, billingMode)
                .set(FocusColumn.x_OrderId, orderId == null ? null : Long.toString(orderId))
                .set(FocusColumn.x_DiscountAmount, discount).set(FocusColumn.x_TruncatedAmount, truncated)
                .set(FocusColumn.x_CashAmount, cash).set(FocusColumn.x_CreditAmount, credit)
                .set(FocusColumn.x_CouponAmount, coupon).set(FocusColumn.x_ArrearsAmount, arrears)
                .set(FocusColumn.x_AdjustsPeriodStart, adjusts);
    }

    /**
     * Whether a database row may hold a valueless tag: its Tags JSON then has a value "" (written
     * """" inside the quoted field) or null. A row that merely looks so is rewritten to the same text.
     */
    static boolean mayHoldValuelessTags(String line) {
        return line.contains("\"\"\"\"") || line.contains(": null");
    }

    /** The row with its Tags rewritten as {@link #tagsJson} writes them: valueless tags true. */
    private String valuelessTagsTrue(String line) {
        String[] fields = Csv.fields(line);
        String text = fields[FocusColumn.Tags.ordinal()];
        if (text == null) {
            return line;
        }
        Map<String, String> tags = new TreeMap<>();
        json.readTree(text).properties().forEach(e -> tags.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().asString()));
        fields[FocusColumn.Tags.ordinal()] = tagsJson(tags);
        return Csv.record(fields);
    }

    /** The FOCUS Tags JSON of a line's tags; written once per distinct set of tags in an export. */
    private String tags(Context c, Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return null;
        }
        return c.tagsText().get(tags);
    }

    private String tagsJson(Map<String, String> tags) {
        // Valueless tags are true (focus.md); the rest are strings.
        Map<String, Object> values = new TreeMap<>();
        tags.forEach((k, v) -> values.put(k, v == null || v.isEmpty() ? Boolean.TRUE : v));
        return json.writeValueAsString(values);
    }

    private static BigDecimal termHours(Instant from, Instant to, int nodes) {
        return BigDecimal.valueOf(Duration.between(from, to).toSeconds()).divide(BigDecimal.valueOf(3600), 6,
                java.math.RoundingMode.HALF_UP).multiply(BigDecimal.valueOf(Math.max(nodes, 1)));
    }

    private static BigDecimal dec(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
