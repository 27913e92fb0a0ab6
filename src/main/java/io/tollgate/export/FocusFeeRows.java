package io.tollgate.export;

import static io.tollgate.shared.SqlText.literal;

import io.tollgate.catalog.ResourceType;
import io.tollgate.customer.Customer;
import io.tollgate.export.core.Csv;
import io.tollgate.export.core.FocusColumn;
import io.tollgate.export.core.FocusServices;
import io.tollgate.settlement.FeeCsvSelect;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The FOCUS rows of a month's settled fee records, formatted by PostgreSQL in one COPY (the bulk
 * of a month: a million lines must stream at 100,000 a second, which per-line Java objects and
 * formatting could not reach; docs/exports.md). Three selects over the fee records, each naming
 * the SQL of every column it fills, in {@link FocusColumn} order (the rest null):
 * <ul>
 * <li>a line of zero or more: a {@code Usage} row (BilledCost = EffectiveCost = the charged
 * amount, ListCost = unit price x billable quantity, ChargeClass {@code Correction} where it
 * adjusts an hour of an earlier period);</li>
 * <li>a negative line (a cheaper volume tier, a late stop): a {@code Credit} row, all four costs
 * the charged amount;</li>
 * <li>the cash-coupon part of a line: a negative {@code Credit} row of its own, without resource.</li>
 * </ul>
 * Values the database writes as FOCUS wants them: decimals plain with trailing zeros trimmed
 * ({@code trim_scale}), date-times {@code yyyy-MM-ddTHH:mm:ssZ} in UTC, empty text as null (COPY's
 * CSV null is the empty field).
 */
final class FocusFeeRows {
    /** The catalog units of fee records that FOCUS names through their lower-case form first. */
    private static final Map<String, String> CATALOG_UNITS = Map.of("HOUR", "hour", "GB_HOUR", "GB-hour");
    private static final Map<String, String> METERS = Map.of("COMPUTE", "Compute Usage", "DISK", "Block Storage",
            "STORAGE", "Storage");

    private FocusFeeRows() {
    }

    /** What every row of the export shares. */
    record Shared(Customer customer, Instant periodStart, Instant periodEnd, String invoiceId, String operator,
                  Collection<ResourceType> types, Map<String, String> skuDetails) {
    }

    static List<FeeCsvSelect> selects(Shared s) {
        String joins = typesJoin(s.types()) + " " + skuJoin(s.skuDetails());
        return List.of(new FeeCsvSelect(columns(usage(s)), joins, "f.amount >= 0"),
                new FeeCsvSelect(columns(covered(s, false)), joins, "f.free_quantity > 0"),
                new FeeCsvSelect(columns(covered(s, true)), joins, "f.package_quantity > 0"),
                new FeeCsvSelect(columns(credit(s)), joins, "f.amount < 0"),
                new FeeCsvSelect(columns(coupon(s)), joins, "f.coupon_amount <> 0"));
    }

    private static final String BILLABLE =
            "greatest(f.usage_quantity - coalesce(f.free_quantity, 0) - coalesce(f.package_quantity, 0), 0)";
    /**
     * The agreed price: the list price less the line's commercial discount, at the line's own ratio
     * (amount / list, exact for a percentage that cuts the list to 8 decimals); a contracted cost is
     * its product with the quantity, as the rule wants, within 1e-8 of the discounted amount.
     */
    private static final String CONTRACTED = "(case when f.list_amount = 0 then f.unit_price else round(f.unit_price "
            + "* (f.list_amount - f.discount_amount) / f.list_amount, 10) end)";

    /**
     * The part of a line a free quota (or a resource package) covered, as a Usage row of its own
     * (focus.md, free quota and packages): BilledCost and EffectiveCost 0 (a package's value reaches
     * the amortized view through its daily committed rows, billing-rules §9). A free part is its
     * own price point at 0 (SkuPriceId ...:FREE); a package part is Committed, at the line's prices,
     * so ListCost shows what it would have cost.
     */
    private static Map<FocusColumn, String> covered(Shared s, boolean pack) {
        Map<FocusColumn, String> c = common(s, "split_part(f.resource_type, '.', 1)");
        String quantity = pack ? "f.package_quantity" : "f.free_quantity";
        String unit = unit("f.unit");
        c.put(FocusColumn.ChargeCategory, "'Usage'");
        c.put(FocusColumn.ChargeFrequency, "'Usage-Based'");
        c.put(FocusColumn.ChargeClass, "case when f.adjusts_hour < " + instant(s.periodStart()) + " then 'Correction' end");
        c.put(FocusColumn.ChargePeriodStart, utc("f.period_start"));
        c.put(FocusColumn.ChargePeriodEnd, utc("f.period_end"));
        same(c, "0", FocusColumn.BilledCost, FocusColumn.EffectiveCost);
        same(c, "trim_scale(" + quantity + ")", FocusColumn.PricingQuantity, FocusColumn.ConsumedQuantity);
        same(c, unit, FocusColumn.PricingUnit, FocusColumn.ConsumedUnit);
        if (pack) {
            c.put(FocusColumn.ListUnitPrice, "trim_scale(f.unit_price)");
            c.put(FocusColumn.ContractedUnitPrice, "trim_scale(" + CONTRACTED + ")");
            c.put(FocusColumn.ListCost, "trim_scale(f.unit_price * " + quantity + ")");
            c.put(FocusColumn.ContractedCost, "trim_scale(" + CONTRACTED + " * " + quantity + ")");
            c.put(FocusColumn.PricingCategory, "'Committed'");
            c.put(FocusColumn.SkuPriceId, "concat(f.spec_code, ':', f.billing_mode, ':', f.unit)");
        } else {
            same(c, "0", FocusColumn.ListUnitPrice, FocusColumn.ContractedUnitPrice, FocusColumn.ListCost,
                    FocusColumn.ContractedCost);
            c.put(FocusColumn.PricingCategory, "'Standard'");
            c.put(FocusColumn.SkuPriceId, "concat(f.spec_code, ':', f.billing_mode, ':', f.unit, ':FREE')");
        }
        c.put(FocusColumn.SkuId, "nullif(f.spec_code, '')");
        c.put(FocusColumn.SkuMeter, cases("f.meter", METERS, "f.meter"));
        c.put(FocusColumn.SkuPriceDetails, "sd.details");
        c.put(FocusColumn.ChargeDescription, "concat(trim_scale(" + quantity + "), ' ', " + unit + ", ' of ', "
                + "f.spec_code, ' by ', f.resource_id, " + (pack ? "' from a resource package'" : "' free of charge'")
                + ")");
        resource(c, true);
        c.put(FocusColumn.x_RecordType, "f.kind");
        c.put(FocusColumn.x_BillingMode, "f.billing_mode");
        c.put(FocusColumn.x_AdjustsPeriodStart, utc("f.adjusts_hour"));
        return c;
    }

    private static Map<FocusColumn, String> usage(Shared s) {
        Map<FocusColumn, String> c = common(s, "split_part(f.resource_type, '.', 1)");
        String correction = "f.adjusts_hour < " + instant(s.periodStart());
        String billable = BILLABLE;
        String unit = unit("f.unit");
        c.put(FocusColumn.ChargeCategory, "'Usage'");
        c.put(FocusColumn.ChargeFrequency, "'Usage-Based'");
        c.put(FocusColumn.ChargeClass, "case when " + correction + " then 'Correction' end");
        c.put(FocusColumn.ChargePeriodStart, utc("f.period_start"));
        c.put(FocusColumn.ChargePeriodEnd, utc("f.period_end"));
        same(c, "trim_scale(f.charged_amount)", FocusColumn.BilledCost, FocusColumn.EffectiveCost);
        String contracted = CONTRACTED;
        c.put(FocusColumn.ListUnitPrice, "trim_scale(f.unit_price)");
        c.put(FocusColumn.ContractedUnitPrice, "trim_scale(" + contracted + ")");
        c.put(FocusColumn.PricingQuantity, "trim_scale(" + billable + ")");
        same(c, unit, FocusColumn.PricingUnit, FocusColumn.ConsumedUnit);
        c.put(FocusColumn.ListCost, "trim_scale(f.unit_price * " + billable + ")");
        c.put(FocusColumn.ContractedCost, "trim_scale(" + contracted + " * " + billable + ")");
        // the free and package parts are rows of their own: this row consumed what it bills
        c.put(FocusColumn.ConsumedQuantity, "trim_scale(" + billable + ")");
        c.put(FocusColumn.PricingCategory, "'Standard'");
        c.put(FocusColumn.SkuId, "nullif(f.spec_code, '')");
        c.put(FocusColumn.SkuPriceId, "concat(f.spec_code, ':', f.billing_mode, ':', f.unit)");
        c.put(FocusColumn.SkuMeter, cases("f.meter", METERS, "f.meter"));
        c.put(FocusColumn.SkuPriceDetails, "sd.details");
        c.put(FocusColumn.ChargeDescription, "concat(trim_scale(" + billable + "), ' ', " + unit + ", ' of ', "
                + "f.spec_code, ' by ', f.resource_id, case when " + correction + " then ', correcting ' || "
                + utc("f.adjusts_hour") + " end)");
        resource(c, true);
        parts(c);
        return c;
    }

    private static Map<FocusColumn, String> credit(Shared s) {
        Map<FocusColumn, String> c = common(s, "split_part(f.resource_type, '.', 1)");
        creditCosts(c, "trim_scale(f.charged_amount)", utc("f.period_end"));
        c.put(FocusColumn.ChargeDescription, "concat('Credit for ', f.resource_id, ' (', f.meter, '): ', "
                + "case when f.meter in ('COMPUTE', 'DISK', 'STORAGE') then 'CREDIT' else 'VOLUME_TIER_CREDIT' end)");
        resource(c, false);
        parts(c);
        return c;
    }

    private static Map<FocusColumn, String> coupon(Shared s) {
        Map<FocusColumn, String> c = common(s, "'other'");
        creditCosts(c, "trim_scale(-f.coupon_amount)", utc("case when f.period_end > f.period_start "
                + "then f.period_end else f.period_start + interval '1 second' end"));
        c.put(FocusColumn.ChargeDescription, "concat('Cash coupons paid ', f.coupon_amount, ' of ', f.kind, ' line ', "
                + "f.id)");
        c.put(FocusColumn.x_RecordType, "'COUPON'");
        c.put(FocusColumn.x_CouponAmount, "trim_scale(f.coupon_amount)");
        return c;
    }

    /** A Credit row's category, period and costs, and its sub-account (the line's project). */
    private static void creditCosts(Map<FocusColumn, String> c, String amount, String periodEnd) {
        c.put(FocusColumn.ChargeCategory, "'Credit'");
        c.put(FocusColumn.ChargeFrequency, "'One-Time'");
        c.put(FocusColumn.ChargePeriodStart, utc("f.period_start"));
        c.put(FocusColumn.ChargePeriodEnd, periodEnd);
        same(c, amount, FocusColumn.BilledCost, FocusColumn.EffectiveCost, FocusColumn.ListCost,
                FocusColumn.ContractedCost);
        same(c, "nullif(f.enterprise_project, '')", FocusColumn.SubAccountId, FocusColumn.SubAccountName);
    }

    /**
     * The account, currency, periods, invoice, issuer and service of every row; the service is the
     * catalog type's, else the one {@code fallbackService} names (the type's prefix, or "other").
     */
    private static Map<FocusColumn, String> common(Shared s, String fallbackService) {
        Map<FocusColumn, String> c = new EnumMap<>(FocusColumn.class);
        Customer customer = s.customer();
        c.put(FocusColumn.BillingAccountId, literal(customer.id()));
        c.put(FocusColumn.BillingAccountName, literal(customer.name() == null ? customer.id() : customer.name()));
        c.put(FocusColumn.BillingCurrency, literal(customer.currency()));
        c.put(FocusColumn.BillingPeriodStart, literal(Csv.UTC_SECONDS.format(s.periodStart())));
        c.put(FocusColumn.BillingPeriodEnd, literal(Csv.UTC_SECONDS.format(s.periodEnd())));
        c.put(FocusColumn.InvoiceId, literal(s.invoiceId()));
        same(c, literal(s.operator()), FocusColumn.InvoiceIssuerName, FocusColumn.ProviderName,
                FocusColumn.PublisherName);
        Map<String, FocusServices.Service> known = FocusServices.known();
        c.put(FocusColumn.ServiceName, "coalesce(t.service_name, " + cases(fallbackService,
                map(known, FocusServices.Service::name), fallbackService) + ")");
        c.put(FocusColumn.ServiceCategory, "coalesce(t.service_category, " + cases(fallbackService,
                map(known, FocusServices.Service::category), "'Other'") + ")");
        c.put(FocusColumn.ServiceSubcategory, "coalesce(t.service_subcategory, " + cases(fallbackService,
                map(known, FocusServices.Service::subcategory), "'Other (Other)'") + ")");
        return c;
    }

    /** The line's resource, region, project and (for Usage rows) tags. */
    private static void resource(Map<FocusColumn, String> c, boolean withTags) {
        same(c, "nullif(f.resource_id, '')", FocusColumn.ResourceId, FocusColumn.ResourceName);
        c.put(FocusColumn.ResourceType, "coalesce(t.type_name, f.resource_type)");
        same(c, "nullif(f.region, '')", FocusColumn.RegionId, FocusColumn.RegionName);
        same(c, "nullif(f.enterprise_project, '')", FocusColumn.SubAccountId, FocusColumn.SubAccountName);
        if (withTags) {
            // The stored tags as JSON text; no tags, no Tags. Valueless tags ("" or null) are true in FOCUS
            // (focus.md): the few rows that hold one are rewritten by the export (FocusExport.valuelessTagsTrue),
            // as converting them here for every row would cost a third of the query.
            c.put(FocusColumn.Tags, "nullif(f.tags::text, '{}')");
        }
    }

    /** Tollgate's own columns of a line: record type, mode, and how it was paid. */
    private static void parts(Map<FocusColumn, String> c) {
        c.put(FocusColumn.x_RecordType, "f.kind");
        c.put(FocusColumn.x_BillingMode, "f.billing_mode");
        c.put(FocusColumn.x_DiscountAmount, "trim_scale(f.discount_amount)");
        c.put(FocusColumn.x_TruncatedAmount, "trim_scale(f.truncated_amount)");
        c.put(FocusColumn.x_CashAmount, "trim_scale(f.cash_amount)");
        c.put(FocusColumn.x_CreditAmount, "trim_scale(f.credit_amount)");
        c.put(FocusColumn.x_CouponAmount, "trim_scale(f.coupon_amount)");
        c.put(FocusColumn.x_ArrearsAmount, "trim_scale(f.arrears_amount)");
        c.put(FocusColumn.x_AdjustsPeriodStart, utc("f.adjusts_hour"));
    }

    /** The catalog's resource types with their FOCUS service and name, joined by code (one row a code). */
    private static String typesJoin(Collection<ResourceType> types) {
        StringJoiner rows = new StringJoiner(", ");
        rows.add("(null::text, null::text, null::text, null::text, null::text)");
        Map<String, ResourceType> byCode = new java.util.LinkedHashMap<>();
        types.forEach(t -> byCode.putIfAbsent(t.code(), t));
        for (ResourceType t : byCode.values()) {
            FocusServices.Service s = FocusServices.of(t.serviceType(), t.serviceType());
            rows.add("(" + literal(t.code()) + ", " + literal(s.name()) + ", " + literal(s.category()) + ", "
                    + literal(s.subcategory()) + ", " + literal(t.name()) + ")");
        }
        return "left join (values " + rows + ") t(code, service_name, service_category, service_subcategory, "
                + "type_name) on t.code = f.resource_type";
    }

    /** The SkuPriceDetails JSON of each catalog spec, joined by the line's spec. */
    private static String skuJoin(Map<String, String> details) {
        StringJoiner rows = new StringJoiner(", ");
        rows.add("(null::text, null::text)");
        new java.util.TreeMap<>(details).forEach((code, json) -> rows.add("(" + literal(code) + ", " + literal(json)
                + ")"));
        return "left join (values " + rows + ") sd(code, details) on sd.code = f.spec_code";
    }

    /** The FOCUS unit of a catalog unit column, as {@link FocusServices#unit} names it. */
    private static String unit(String column) {
        Map<String, String> known = new java.util.TreeMap<>(FocusServices.units());
        CATALOG_UNITS.forEach((catalog, lower) -> known.put(catalog, FocusServices.unit(lower)));
        return cases(column, known, "upper(left(" + column + ", 1)) || replace(substr(" + column + ", 2), ',', '')");
    }

    private static String cases(String subject, Map<String, String> values, String otherwise) {
        StringBuilder sql = new StringBuilder("case ").append(subject);
        new java.util.TreeMap<>(values).forEach((k, v) -> sql.append(" when ").append(literal(k)).append(" then ")
                .append(literal(v)));
        return sql.append(" else ").append(otherwise).append(" end").toString();
    }

    private static Map<String, String> map(Map<String, FocusServices.Service> services,
                                           java.util.function.Function<FocusServices.Service, String> field) {
        Map<String, String> out = new java.util.TreeMap<>();
        services.forEach((k, v) -> out.put(k, field.apply(v)));
        return out;
    }

    /** The columns that show the same value. */
    private static void same(Map<FocusColumn, String> c, String sql, FocusColumn... columns) {
        for (FocusColumn column : columns) {
            c.put(column, sql);
        }
    }

    private static String instant(Instant t) {
        return literal(t.toString()) + "::timestamptz";
    }

    private static String utc(String timestamp) {
        return "to_char((" + timestamp + ") at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
    }

    private static String columns(Map<FocusColumn, String> filled) {
        StringJoiner sql = new StringJoiner(", ");
        for (FocusColumn column : FocusColumn.values()) {
            sql.add(filled.getOrDefault(column, "null"));
        }
        return sql.toString();
    }
}
