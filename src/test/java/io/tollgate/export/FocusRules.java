package io.tollgate.export;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The FOCUS 1.2 Cost and Usage rules Tollgate's export must keep, written from the specification
 * (columns/*.md and attributes/*.md at tag v1.2, summarised in docs/focus.md), independently of
 * the exporter: it reads the CSV text, never the exporter's objects. {@link #check} returns every
 * broken rule as a readable line; an empty list means the file passes.
 */
public final class FocusRules {
    static final List<String> MANDATORY = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "ServiceCategory", "ServiceName");
    /** Conditional columns Tollgate must carry because it has the feature (docs/focus.md). */
    static final List<String> CONDITIONAL = List.of("ConsumedQuantity", "ConsumedUnit", "ListUnitPrice",
            "ContractedUnitPrice", "PricingCategory", "SkuId", "SkuPriceId", "SkuMeter", "SkuPriceDetails",
            "ResourceId", "ResourceName", "ResourceType", "RegionId", "RegionName", "SubAccountId", "SubAccountName",
            "Tags", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountType",
            "CommitmentDiscountCategory", "CommitmentDiscountStatus", "CommitmentDiscountQuantity",
            "CommitmentDiscountUnit", "ChargeFrequency", "InvoiceId", "ServiceSubcategory");
    /** Mandatory columns that are never null. */
    static final Set<String> NOT_NULL = Set.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargePeriodEnd",
            "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ProviderName",
            "PublisherName", "ServiceCategory", "ServiceName");
    static final Set<String> DECIMALS = Set.of("BilledCost", "EffectiveCost", "ListCost", "ContractedCost",
            "ListUnitPrice", "ContractedUnitPrice", "PricingQuantity", "ConsumedQuantity",
            "CommitmentDiscountQuantity");
    static final Set<String> DATES = Set.of("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
            "ChargePeriodEnd");
    static final Set<String> JSONS = Set.of("Tags", "SkuPriceDetails");
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "ChargeCategory", Set.of("Usage", "Purchase", "Tax", "Credit", "Adjustment"),
            "ChargeClass", Set.of("Correction"),
            "ChargeFrequency", Set.of("One-Time", "Recurring", "Usage-Based"),
            "PricingCategory", Set.of("Standard", "Dynamic", "Committed", "Other"),
            "CommitmentDiscountCategory", Set.of("Spend", "Usage"),
            "CommitmentDiscountStatus", Set.of("Used", "Unused"));
    static final Map<String, Set<String>> SUBCATEGORIES = Map.ofEntries(
            Map.entry("AI and Machine Learning", Set.of("AI Platforms", "Bots", "Generative AI", "Machine Learning",
                    "Natural Language Processing", "Other (AI and Machine Learning)")),
            Map.entry("Analytics", Set.of("Analytics Platforms", "Business Intelligence", "Data Processing",
                    "Search", "Streaming Analytics", "Other (Analytics)")),
            Map.entry("Compute", Set.of("Containers", "End User Computing", "Quantum Compute", "Serverless Compute",
                    "Virtual Machines", "Other (Compute)")),
            Map.entry("Integration", Set.of("API Management", "Messaging", "Workflow Orchestration",
                    "Other (Integration)")),
            Map.entry("Management and Governance", Set.of("Architecture", "Compliance", "Cost Management",
                    "Data Governance", "Disaster Recovery", "Endpoint Management", "Observability", "Support",
                    "Other (Management and Governance)")),
            Map.entry("Storage", Set.of("Backup Storage", "Block Storage", "File Storage", "Object Storage",
                    "Storage Platforms", "Other (Storage)")),
            Map.entry("Other", Set.of("Other (Other)")));
    static final Set<String> CATEGORIES = Set.of("AI and Machine Learning", "Analytics", "Business Applications",
            "Compute", "Databases", "Developer Tools", "Identity", "Integration", "Internet of Things",
            "Management and Governance", "Media", "Migration", "Mobile", "Multicloud", "Networking", "Security",
            "Storage", "Web", "Other");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?(E-[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Pattern CUSTOM = Pattern.compile("x_[A-Z][A-Za-z0-9]*");
    private static final String[][] NULL_TOGETHER = {{"PricingUnit", "PricingQuantity"},
            {"ConsumedUnit", "ConsumedQuantity"}, {"CommitmentDiscountUnit", "CommitmentDiscountQuantity"},
            {"RegionName", "RegionId"}, {"ResourceType", "ResourceId"}, {"SubAccountName", "SubAccountId"},
            {"ResourceName", "ResourceId"}};
    private static final ObjectMapper JSON = new ObjectMapper();

    private FocusRules() {
    }

    /** Every rule the CSV text breaks; empty when it passes. */
    public static List<String> check(String csvText) {
        List<String> broken = new ArrayList<>();
        if (csvText.contains(",\"\",") || csvText.contains(",\"\"\r\n") || csvText.startsWith("\"\",")) {
            broken.add("a quoted empty string stands for null (NULL is an empty, unquoted field)");
        }
        List<List<String>> rows = parse(csvText);
        if (rows.isEmpty()) {
            broken.add("no header row");
            return broken;
        }
        List<String> header = rows.get(0);
        for (String c : header) {
            boolean focus = MANDATORY.contains(c) || CONDITIONAL.contains(c);
            if (!focus && !CUSTOM.matcher(c).matches()) {
                broken.add("column " + c + " is neither a FOCUS column nor x_ + PascalCase");
            }
        }
        for (String c : MANDATORY) {
            if (!header.contains(c)) {
                broken.add("mandatory column " + c + " missing");
            }
        }
        for (String c : CONDITIONAL) {
            if (!header.contains(c)) {
                broken.add("conditional column " + c + " missing (Tollgate has the feature)");
            }
        }
        Map<String, String> categoryOfService = new HashMap<>();
        Map<String, String> skuOfPrice = new HashMap<>();
        Map<String, String> unitOfCommitment = new HashMap<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> values = rows.get(i);
            if (values.size() != header.size()) {
                broken.add("row " + i + " has " + values.size() + " fields, the header " + header.size());
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), values.get(c).isEmpty() ? null : values.get(c));
            }
            checkRow(i, row, broken);
            same(broken, i, "ServiceCategory per ServiceName", categoryOfService, row.get("ServiceName"),
                    row.get("ServiceCategory"));
            same(broken, i, "SkuId per SkuPriceId", skuOfPrice, row.get("SkuPriceId"), row.get("SkuId"));
            same(broken, i, "CommitmentDiscountUnit per CommitmentDiscountId", unitOfCommitment,
                    row.get("CommitmentDiscountId"), row.get("CommitmentDiscountUnit"));
        }
        return broken;
    }

    private static void checkRow(int i, Map<String, String> r, List<String> broken) {
        String at = "row " + i + " (" + r.get("ChargeCategory") + " " + r.get("ResourceId") + "): ";
        for (String c : NOT_NULL) {
            if (r.get(c) == null) {
                broken.add(at + c + " is null");
            }
        }
        if (r.get("ChargeDescription") == null) {
            broken.add(at + "ChargeDescription is empty (Tollgate always fills it)");
        }
        r.forEach((c, v) -> {
            if (v == null) {
                return;
            }
            if ((DECIMALS.contains(c) || c.endsWith("Amount")) && !DECIMAL.matcher(v).matches()) {
                broken.add(at + c + " = " + v + " is not a plain decimal");
            }
            if ((DATES.contains(c) || c.endsWith("PeriodStart")) && !DATE.matcher(v).matches()) {
                broken.add(at + c + " = " + v + " is not YYYY-MM-DDTHH:mm:ssZ");
            }
            if (ALLOWED.containsKey(c) && !ALLOWED.get(c).contains(v)) {
                broken.add(at + c + " = " + v + " is not an allowed value");
            }
            if (JSONS.contains(c)) {
                checkJson(at, c, v, broken);
            }
        });
        String category = r.get("ChargeCategory");
        boolean tax = "Tax".equals(category);
        boolean usageOrPurchase = "Usage".equals(category) || "Purchase".equals(category);
        boolean correction = "Correction".equals(r.get("ChargeClass"));
        boolean unused = "Unused".equals(r.get("CommitmentDiscountStatus"));
        if (r.get("BillingCurrency") != null && !r.get("BillingCurrency").matches("[A-Z]{3}")) {
            broken.add(at + "BillingCurrency is not an ISO 4217 code");
        }
        after(at, r, "BillingPeriodStart", "BillingPeriodEnd", broken);
        after(at, r, "ChargePeriodStart", "ChargePeriodEnd", broken);
        for (String[] pair : NULL_TOGETHER) {
            if ((r.get(pair[0]) == null) != (r.get(pair[1]) == null)) {
                broken.add(at + pair[0] + " and " + pair[1] + " are not null together");
            }
        }
        if (r.get("SkuMeter") != null && r.get("SkuId") == null) {
            broken.add(at + "SkuMeter set without SkuId");
        }
        if (usageOrPurchase && !correction && (r.get("PricingQuantity") == null || r.get("PricingUnit") == null)) {
            broken.add(at + "PricingQuantity/PricingUnit null on a Usage or Purchase row");
        }
        if (tax && r.get("PricingQuantity") != null) {
            broken.add(at + "PricingQuantity set on a Tax row");
        }
        boolean consumed = r.get("ConsumedQuantity") != null;
        if ("Usage".equals(category) && !unused && !correction && !consumed) {
            broken.add(at + "ConsumedQuantity null on a Usage row");
        }
        if (consumed && (!"Usage".equals(category) || unused)) {
            broken.add(at + "ConsumedQuantity set on a row that is not used Usage");
        }
        for (String price : List.of("ListUnitPrice", "ContractedUnitPrice")) {
            String v = r.get(price);
            if (tax && v != null) {
                broken.add(at + price + " set on a Tax row");
            }
            if (usageOrPurchase && !correction && v == null) {
                broken.add(at + price + " null on a Usage or Purchase row");
            }
            if (v != null && v.startsWith("-")) {
                broken.add(at + price + " is negative");
            }
        }
        if (tax && r.get("PricingCategory") != null) {
            broken.add(at + "PricingCategory set on a Tax row");
        }
        if (usageOrPurchase && !correction && r.get("PricingCategory") == null) {
            broken.add(at + "PricingCategory null on a Usage or Purchase row");
        }
        if (usageOrPurchase && !correction && (r.get("SkuId") == null || r.get("SkuPriceId") == null)) {
            broken.add(at + "SkuId/SkuPriceId null on a Usage or Purchase row");
        }
        if ("Purchase".equals(category) && "Usage-Based".equals(r.get("ChargeFrequency"))) {
            broken.add(at + "a Purchase is never Usage-Based");
        }
        if (!correction) {
            product(at, r, "ListCost", "ListUnitPrice", broken);
            product(at, r, "ContractedCost", "ContractedUnitPrice", broken);
        }
        if ("Credit".equals(category)) {
            for (String c : List.of("EffectiveCost", "ListCost", "ContractedCost")) {
                if (!equal(r.get(c), r.get("BilledCost"))) {
                    broken.add(at + "on a Credit row " + c + " differs from BilledCost");
                }
            }
        }
        commitment(at, r, broken);
        String service = r.get("ServiceCategory");
        if (service != null && !CATEGORIES.contains(service)) {
            broken.add(at + "ServiceCategory " + service + " is not allowed");
        }
        String sub = r.get("ServiceSubcategory");
        if (sub != null && (!SUBCATEGORIES.containsKey(service) || !SUBCATEGORIES.get(service).contains(sub))) {
            broken.add(at + "ServiceSubcategory " + sub + " does not belong to " + service);
        }
    }

    private static void commitment(String at, Map<String, String> r, List<String> broken) {
        boolean has = r.get("CommitmentDiscountId") != null;
        for (String c : List.of("CommitmentDiscountName", "CommitmentDiscountType", "CommitmentDiscountCategory",
                "CommitmentDiscountQuantity", "CommitmentDiscountUnit", "CommitmentDiscountStatus")) {
            if (!has && r.get(c) != null) {
                broken.add(at + c + " set without a CommitmentDiscountId");
            }
        }
        if (has && r.get("CommitmentDiscountCategory") == null) {
            broken.add(at + "CommitmentDiscountCategory null with a CommitmentDiscountId");
        }
        boolean usage = "Usage".equals(r.get("ChargeCategory"));
        if (has && usage && r.get("CommitmentDiscountStatus") == null) {
            broken.add(at + "CommitmentDiscountStatus null on a Usage row of a commitment");
        }
        if (has && !usage && r.get("CommitmentDiscountStatus") != null) {
            broken.add(at + "CommitmentDiscountStatus set on a row that is not Usage");
        }
    }

    private static void product(String at, Map<String, String> r, String cost, String unitPrice, List<String> broken) {
        String price = r.get(unitPrice);
        String quantity = r.get("PricingQuantity");
        if (price == null || quantity == null || r.get(cost) == null) {
            return;
        }
        BigDecimal expected = new BigDecimal(price).multiply(new BigDecimal(quantity));
        if (expected.compareTo(new BigDecimal(r.get(cost))) != 0) {
            broken.add(at + cost + " " + r.get(cost) + " is not " + unitPrice + " x PricingQuantity = "
                    + expected.toPlainString());
        }
    }

    private static void after(String at, Map<String, String> r, String start, String end, List<String> broken) {
        if (r.get(start) != null && r.get(end) != null && r.get(end).compareTo(r.get(start)) <= 0) {
            broken.add(at + end + " is not after " + start);
        }
    }

    private static void checkJson(String at, String c, String v, List<String> broken) {
        try {
            JsonNode node = JSON.readTree(v);
            if (!node.isObject()) {
                broken.add(at + c + " is not a JSON object");
                return;
            }
            node.properties().forEach(e -> {
                JsonNode value = e.getValue();
                if (value.isObject() || value.isArray()) {
                    broken.add(at + c + " key " + e.getKey() + " holds a nested value");
                }
            });
        } catch (RuntimeException e) {
            broken.add(at + c + " is not JSON: " + v);
        }
    }

    private static void same(List<String> broken, int i, String rule, Map<String, String> seen, String key,
                             String value) {
        if (key == null) {
            return;
        }
        String before = seen.putIfAbsent(key, value == null ? "" : value);
        if (before != null && !before.equals(value == null ? "" : value)) {
            broken.add("row " + i + ": one " + rule + " broken for " + key + " (" + before + " and " + value + ")");
        }
    }

    private static boolean equal(String a, String b) {
        return a != null && b != null && new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
    }

    /** RFC 4180: fields split by commas, quoted fields may hold commas, CRLF and doubled quotes. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
