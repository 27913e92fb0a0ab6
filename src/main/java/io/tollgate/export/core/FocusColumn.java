package io.tollgate.export.core;

/**
 * The columns of Tollgate's FOCUS 1.2 Cost and Usage export, in file order: the FOCUS columns it
 * fills (alphabetical), then its own, each {@code x_} + PascalCase. The one place the column list
 * lives (docs/focus.md): a change here is a change of schema, and {@link FocusSchema#schemaId()}
 * changes with it. Columns of features Tollgate does not have (availability zones, capacity
 * reservations, pricing currencies, account types) are left out, as the spec allows for
 * conditional columns.
 */
public enum FocusColumn {
    BilledCost(Type.DECIMAL, false),
    BillingAccountId(Type.STRING, false),
    BillingAccountName(Type.STRING, false),
    BillingCurrency(Type.STRING, false),
    BillingPeriodEnd(Type.DATETIME, false),
    BillingPeriodStart(Type.DATETIME, false),
    ChargeCategory(Type.STRING, false),
    ChargeClass(Type.STRING, true),
    ChargeDescription(Type.STRING, true),
    ChargeFrequency(Type.STRING, false),
    ChargePeriodEnd(Type.DATETIME, false),
    ChargePeriodStart(Type.DATETIME, false),
    CommitmentDiscountCategory(Type.STRING, true),
    CommitmentDiscountId(Type.STRING, true),
    CommitmentDiscountName(Type.STRING, true),
    CommitmentDiscountQuantity(Type.DECIMAL, true),
    CommitmentDiscountStatus(Type.STRING, true),
    CommitmentDiscountType(Type.STRING, true),
    CommitmentDiscountUnit(Type.STRING, true),
    ConsumedQuantity(Type.DECIMAL, true),
    ConsumedUnit(Type.STRING, true),
    ContractedCost(Type.DECIMAL, false),
    ContractedUnitPrice(Type.DECIMAL, true),
    EffectiveCost(Type.DECIMAL, false),
    InvoiceId(Type.STRING, true),
    InvoiceIssuerName(Type.STRING, false),
    ListCost(Type.DECIMAL, false),
    ListUnitPrice(Type.DECIMAL, true),
    PricingCategory(Type.STRING, true),
    PricingQuantity(Type.DECIMAL, true),
    PricingUnit(Type.STRING, true),
    ProviderName(Type.STRING, false),
    PublisherName(Type.STRING, false),
    RegionId(Type.STRING, true),
    RegionName(Type.STRING, true),
    ResourceId(Type.STRING, true),
    ResourceName(Type.STRING, true),
    ResourceType(Type.STRING, true),
    ServiceCategory(Type.STRING, false),
    ServiceName(Type.STRING, false),
    ServiceSubcategory(Type.STRING, true),
    SkuId(Type.STRING, true),
    SkuMeter(Type.STRING, true),
    SkuPriceDetails(Type.JSON, true),
    SkuPriceId(Type.STRING, true),
    SubAccountId(Type.STRING, true),
    SubAccountName(Type.STRING, true),
    Tags(Type.JSON, true),
    x_RecordType(Type.STRING, false),
    x_BillingMode(Type.STRING, true),
    x_OrderId(Type.STRING, true),
    x_CouponId(Type.STRING, true),
    x_DiscountAmount(Type.DECIMAL, true),
    x_TruncatedAmount(Type.DECIMAL, true),
    x_CashAmount(Type.DECIMAL, true),
    x_CreditAmount(Type.DECIMAL, true),
    x_CouponAmount(Type.DECIMAL, true),
    x_ArrearsAmount(Type.DECIMAL, true),
    x_AdjustsPeriodStart(Type.DATETIME, true);

    /** FOCUS data types as the schema metadata names them. */
    public enum Type { STRING, DECIMAL, DATETIME, JSON }

    private static final FocusColumn[] ALL = values();
    private final Type type;
    private final boolean nullable;

    FocusColumn(Type type, boolean nullable) {
        this.type = type;
        this.nullable = nullable;
    }

    public Type type() {
        return type;
    }

    /** Whether the column may hold null on some rows (a column that is never null is checked on every row). */
    public boolean nullable() {
        return nullable;
    }

    /** Whether the column is one of Tollgate's own ({@code x_}), not a FOCUS column. */
    public boolean custom() {
        return name().startsWith("x_");
    }

    public static FocusColumn[] all() {
        return ALL.clone();
    }

    public static int count() {
        return ALL.length;
    }
}
