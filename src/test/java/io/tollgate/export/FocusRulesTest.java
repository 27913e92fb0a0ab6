package io.tollgate.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.export.core.Csv;
import io.tollgate.export.core.FocusColumn;
import io.tollgate.export.core.FocusRow;
import io.tollgate.export.core.FocusSchema;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rule checker itself must catch what it is for (a checker that passes everything checks
 * nothing), and the writer's formats must be what FOCUS asks: plain decimals, UTC seconds, NULL
 * as an empty unquoted field, RFC 4180 quoting.
 */
class FocusRulesTest {
    private static final Instant HOUR = Instant.parse("2026-11-05T02:00:00Z");

    /** A valid pay-per-use Usage row: 2 node-hours at 3.50 = 7.00 (ListCost = 3.5 x 2). */
    private static FocusRow usage() {
        FocusRow r = new FocusRow();
        r.set(FocusColumn.BilledCost, new BigDecimal("7.00")).set(FocusColumn.EffectiveCost, new BigDecimal("7.00"))
                .set(FocusColumn.ListCost, new BigDecimal("7.00")).set(FocusColumn.ContractedCost, new BigDecimal("7.00"))
                .set(FocusColumn.ListUnitPrice, new BigDecimal("3.50"))
                .set(FocusColumn.ContractedUnitPrice, new BigDecimal("3.50"))
                .set(FocusColumn.PricingQuantity, new BigDecimal("2")).set(FocusColumn.PricingUnit, "Hours")
                .set(FocusColumn.ConsumedQuantity, new BigDecimal("2")).set(FocusColumn.ConsumedUnit, "Hours")
                .set(FocusColumn.BillingAccountId, "acme").set(FocusColumn.BillingAccountName, "Acme, \"ML\"")
                .set(FocusColumn.BillingCurrency, "CNY")
                .set(FocusColumn.BillingPeriodStart, Instant.parse("2026-10-31T16:00:00Z"))
                .set(FocusColumn.BillingPeriodEnd, Instant.parse("2026-11-30T16:00:00Z"))
                .set(FocusColumn.ChargePeriodStart, HOUR).set(FocusColumn.ChargePeriodEnd, HOUR.plusSeconds(3600))
                .set(FocusColumn.ChargeCategory, "Usage").set(FocusColumn.ChargeFrequency, "Usage-Based")
                .set(FocusColumn.ChargeDescription, "2 nodes of modelarts.vm.gpu.t4 for an hour")
                .set(FocusColumn.PricingCategory, "Standard").set(FocusColumn.InvoiceIssuerName, "Tollgate Cloud")
                .set(FocusColumn.ProviderName, "Tollgate Cloud").set(FocusColumn.PublisherName, "Tollgate Cloud")
                .set(FocusColumn.ServiceName, "ModelArts").set(FocusColumn.ServiceCategory, "AI and Machine Learning")
                .set(FocusColumn.ServiceSubcategory, "Machine Learning").set(FocusColumn.SkuId, "modelarts.vm.gpu.t4")
                .set(FocusColumn.SkuPriceId, "modelarts.vm.gpu.t4:PAY_PER_USE").set(FocusColumn.SkuMeter, "Compute Usage")
                .set(FocusColumn.ResourceId, "nb-1").set(FocusColumn.ResourceName, "nb-1")
                .set(FocusColumn.ResourceType, "Notebook").set(FocusColumn.Tags, "{\"team\":\"vision\",\"gpu\":true}")
                .set(FocusColumn.x_RecordType, "USAGE");
        return r;
    }

    private static String file(FocusRow... rows) {
        StringBuilder out = new StringBuilder();
        Csv csv = new Csv(out);
        FocusRow.writeHeader(csv);
        for (FocusRow r : rows) {
            r.writeTo(csv);
        }
        return out.toString();
    }

    @Test
    void aValidRowPassesAndItsFieldsAreWrittenAsFocusAsks() {
        String text = file(usage());
        assertThat(FocusRules.check(text)).isEmpty();
        // 7.00 is written without trailing zeros as a plain decimal; the name with a comma and quotes is quoted
        // with the quotes doubled; ChargeClass (null) is an empty unquoted field.
        assertThat(text).contains(",7,").contains("\"Acme, \"\"ML\"\"\"").contains("2026-11-05T02:00:00Z")
                .doesNotContain(",\"\",").doesNotContain("E+");
        assertThat(FocusRules.parse(text).get(1)).hasSize(FocusColumn.count());
    }

    @Test
    void theCheckerCatchesEachKindOfBrokenRow() {
        assertThat(FocusRules.check(file(usage().set(FocusColumn.ListCost, new BigDecimal("7.01")))))
                .anyMatch(m -> m.contains("ListCost 7.01 is not ListUnitPrice x PricingQuantity"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.ChargeCategory, "Refund"))))
                .anyMatch(m -> m.contains("ChargeCategory = Refund is not an allowed value"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.ChargePeriodEnd, HOUR))))
                .anyMatch(m -> m.contains("ChargePeriodEnd is not after ChargePeriodStart"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.RegionId, "cn-north-4"))))
                .anyMatch(m -> m.contains("RegionName and RegionId are not null together"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.ServiceSubcategory, "Block Storage"))))
                .anyMatch(m -> m.contains("does not belong to AI and Machine Learning"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.Tags, "{\"a\":{\"b\":1}}"))))
                .anyMatch(m -> m.contains("nested value"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.ConsumedQuantity, (BigDecimal) null)
                .set(FocusColumn.ConsumedUnit, (String) null)))).anyMatch(m -> m.contains("ConsumedQuantity null"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.CommitmentDiscountStatus, "Used"))))
                .anyMatch(m -> m.contains("set without a CommitmentDiscountId"));
        assertThat(FocusRules.check(file(usage(), usage().set(FocusColumn.ServiceCategory, "Compute")
                .set(FocusColumn.ServiceSubcategory, "Virtual Machines"))))
                .anyMatch(m -> m.contains("ServiceCategory per ServiceName"));
        assertThat(FocusRules.check(file(usage().set(FocusColumn.BilledCost, (BigDecimal) null))))
                .anyMatch(m -> m.contains("BilledCost is null"));
        assertThat(FocusRules.check(file(usage()).replace("2026-11-05T02:00:00Z", "2026-11-05T10:00:00+08:00")))
                .anyMatch(m -> m.contains("is not YYYY-MM-DDTHH:mm:ssZ"));
        assertThat(FocusRules.check(file(usage()).replace(",Standard,", ",\"\",")))
                .anyMatch(m -> m.contains("quoted empty string"));
    }

    @Test
    void decimalsArePlainAndInstantsAreUtcSeconds() {
        // 1E+3 is 1000 written plainly; 6.4E-7 is 0.00000064; a fraction of a second is dropped.
        FocusRow r = new FocusRow().set(FocusColumn.BilledCost, new BigDecimal("1E+3"))
                .set(FocusColumn.ListCost, new BigDecimal("6.4E-7"))
                .set(FocusColumn.ChargePeriodStart, Instant.parse("2026-11-05T02:00:00.750Z"));
        assertThat(r.get(FocusColumn.BilledCost)).isEqualTo("1000");
        assertThat(r.get(FocusColumn.ListCost)).isEqualTo("0.00000064");
        assertThat(r.get(FocusColumn.ChargePeriodStart)).isEqualTo("2026-11-05T02:00:00Z");
        assertThat(Csv.decimal(new BigDecimal("1.5"), 8)).isEqualTo("1.50000000");
    }

    @Test
    void theSchemaListsExactlyTheColumnsOfTheFileAndItsIdFollowsThem() {
        String json = FocusSchema.json("test", Instant.parse("2026-12-01T00:00:00Z"));
        for (FocusColumn c : FocusColumn.all()) {
            assertThat(json).contains("\"ColumnName\": \"" + c.name() + "\"");
        }
        assertThat(json.split("\"ColumnName\"", -1)).hasSize(FocusColumn.count() + 1);
        assertThat(json).contains("\"FocusVersion\": \"1.2\"").contains("\"CreationDate\": \"2026-12-01T00:00:00Z\"");
        assertThat(FocusSchema.schemaId()).isEqualTo(FocusSchema.schemaId()).hasSize(36);
        tools.jackson.databind.JsonNode parsed = new tools.jackson.databind.ObjectMapper().readTree(json);
        assertThat(parsed.path("ColumnDefinition").size()).isEqualTo(FocusColumn.count());
    }
}
