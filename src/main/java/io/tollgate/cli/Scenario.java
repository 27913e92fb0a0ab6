package io.tollgate.cli;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.resource.ResourceEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scenario file (YAML or JSON; see docs/scenarios.md). The clock starts at {@code start};
 * each step of the timeline first advances the clock to its {@code at} (settling what fell due)
 * and then does one thing; at the end the clock advances to {@code end}. {@code expect} states
 * per customer what the run must produce; the command fails when it does not.
 */
public record Scenario(String name, String description, Instant start, Instant end, CatalogPart catalog,
                       List<CustomerPart> customers, List<Step> timeline, Map<String, Expectation> expect) {

    public record CatalogPart(Boolean demo, List<ServiceTypePart> serviceTypes, List<Spec> specs,
                              List<ResourceType> resourceTypes, List<CatalogService.PriceDraft> prices) {
    }

    public record ServiceTypePart(String code, String name) {
    }

    public record CustomerPart(String id, String name, String currency, String level) {
    }

    /** Exactly one of topUp, event and publishPrice. An event without occurredAt happens at {@code at}. */
    public record Step(Instant at, TopUpPart topUp, ResourceEvent event, CatalogService.PriceDraft publishPrice) {
    }

    public record TopUpPart(String customer, String amount, String idempotencyKey) {
    }

    /** What a customer must end with; each field is optional. Amounts are decimal strings. */
    public record Expectation(String cash, String arrears, String charged, Integer feeRecords) {
    }
}
