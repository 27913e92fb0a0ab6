package io.tollgate.cli;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.metering.ResourcePackage;
import io.tollgate.metering.UsageRecord;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.subscription.SubscriptionService;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scenario file (YAML or JSON; see docs/scenarios.md). The clock starts at {@code start};
 * each step of the timeline first advances the clock to its {@code at} (settling what fell due)
 * and then does one thing; at the end the clock advances to {@code end}. {@code expect} states
 * per customer what the run must produce; the command fails when it does not. {@code billingZone}
 * (an offset such as {@code +05:30}) plays it in another billing time zone than the default.
 */
public record Scenario(String name, String description, Instant start, Instant end, CatalogPart catalog,
                       List<CustomerPart> customers, List<Step> timeline, Map<String, Expectation> expect,
                       String billingZone) {

    /** {@code meters} and {@code meterPrices} define usage meters and their prices, as the meter API takes them. */
    public record CatalogPart(Boolean demo, List<ServiceTypePart> serviceTypes, List<Spec> specs,
                              List<ResourceType> resourceTypes, List<CatalogService.PriceDraft> prices,
                              List<Meter> meters, List<MeterService.PriceDraft> meterPrices) {
    }

    public record ServiceTypePart(String code, String name) {
    }

    public record CustomerPart(String id, String name, String currency, String level) {
    }

    /**
     * Exactly one action. An event without occurredAt happens at {@code at}. With {@code refused}
     * set, the step must be refused with that problem code (and change nothing; for {@code usage},
     * the code of the first refused record, the others being accepted as the API would).
     */
    public record Step(Instant at, TopUpPart topUp, ResourceEvent event, CatalogService.PriceDraft publishPrice,
                       PurchasePart purchase, OrderRef payOrder, OrderRef cancelOrder, RenewPart renew,
                       ChangePart change, OrderRef unsubscribe, RenewPart toPrepaid, OrderRef toPayPerUseAtExpiry,
                       TogglePart autoRenew, DaysPart deductionDays, CreditPart creditLimit, PolicyPart lifecyclePolicy,
                       List<UsageRecord> usage, GrantPart grantPackage, String refused) {
    }

    /** A resource package granted to {@code customer}; startsAt defaults to the step's time. */
    public record GrantPart(String customer, String packageId, String meter, String name, String quota,
                            ResourcePackage.Period period, Instant startsAt, Instant expiresAt) {
    }

    public record PurchasePart(String customer, String resourceId, String resourceType, String specCode, String region,
                               Integer nodes, SubscriptionService.TermRequest term, Boolean autoRenew,
                               String idempotencyKey, Integer sizeGb) {
    }

    /** A resource's latest order (pay, cancel), or the resource itself (unsubscribe, pay-per-use at expiry). */
    public record OrderRef(String customer, String resourceId) {
    }

    public record RenewPart(String customer, String resourceId, SubscriptionService.TermRequest term, Boolean autoRenew) {
    }

    /** {@code sizeGb} expands a prepaid disk or file share. */
    public record ChangePart(String customer, String resourceId, String specCode, Integer nodes, Integer sizeGb) {
    }

    public record TogglePart(String customer, String resourceId, Boolean enabled) {
    }

    public record DaysPart(String customer, Integer days) {
    }

    public record CreditPart(String customer, String amount) {
    }

    public record PolicyPart(String level, Integer graceDays, Integer retentionDays) {
    }

    public record TopUpPart(String customer, String amount, String idempotencyKey) {
    }

    /**
     * What a customer must end with; each field is optional. Amounts are decimal strings;
     * {@code subscriptions} maps a resource to its expected expiry and status, {@code lifecycle}
     * a resource to its expected lifecycle state, {@code packages} a package id to what it should
     * hold at the end.
     */
    public record Expectation(String cash, String arrears, String charged, Integer feeRecords, String creditUsed,
                              Map<String, SubscriptionExpectation> subscriptions, Map<String, String> lifecycle,
                              Map<String, PackageExpectation> packages, Map<String, List<LineExpectation>> feeLines,
                              List<TransactionExpectation> transactions,
                              Map<String, List<TransitionExpectation>> lifecycleTransitions,
                              Map<String, List<OrderExpectation>> orders, Map<String, String> refunds,
                              Map<String, List<AttemptExpectation>> renewalAttempts) {
    }

    /**
     * One fee line of a resource, in the order the lines were written; each field optional.
     * {@code amount} is compared with its 8 decimals as written (e.g. "0.06400000").
     */
    public record LineExpectation(String meter, String kind, Instant hourStart, Instant periodStart, Instant adjustsHour,
                                  String usage, String amount, String charged, String cash, String credit,
                                  String arrears) {
    }

    /** One transaction of the customer, in order; {@code type} and each amount optional. */
    public record TransactionExpectation(String type, String amount, String cash, String credit, String coupons,
                                         String arrears) {
    }

    /** One lifecycle transition of a resource as told to the platform, in order: the state entered and when. */
    public record TransitionExpectation(String state, Instant at) {
    }

    /**
     * One order of a resource, in the order they were placed (the list must name them all): its
     * type, status, amount (the list amount), refund, and the term it bought; each field optional.
     */
    public record OrderExpectation(String type, String status, String amount, String refund, Instant effectiveFrom,
                                   Instant expiresAt) {
    }

    /** One automatic renewal attempt of a resource, in order (the list must name them all). */
    public record AttemptExpectation(Instant at, String outcome) {
    }

    /** A package's status, what is left of its current period and what all its periods gave, each optional. */
    public record PackageExpectation(String status, String remaining, String consumedTotal) {
    }

    public record SubscriptionExpectation(Instant expiresAt, String status) {
    }
}
