package io.tollgate.export.core;

import java.util.Map;

/**
 * How Tollgate's service types and units appear in FOCUS (docs/focus.md, Services, SKUs, units):
 * a ServiceName with its one ServiceCategory and ServiceSubcategory, and the capitalised FOCUS
 * unit of each catalog unit. A service type not in the table is {@code Other}, under its own
 * catalog name.
 */
public final class FocusServices {
    /** A service as FOCUS names it. */
    public record Service(String name, String category, String subcategory) {
    }

    private static final Map<String, Service> SERVICES = Map.of(
            "modelarts", new Service("ModelArts", "AI and Machine Learning", "Machine Learning"),
            "maas", new Service("MaaS", "AI and Machine Learning", "Generative AI"),
            "obs", new Service("OBS", "Storage", "Object Storage"),
            "evs", new Service("EVS", "Storage", "Block Storage"),
            "sfs", new Service("SFS", "Storage", "File Storage"),
            "smn", new Service("SMN", "Integration", "Messaging"),
            "lts", new Service("LTS", "Management and Governance", "Observability"));

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("hour", "Hours"), Map.entry("node-hour", "Hours"), Map.entry("GB-hour", "GB-Hours"),
            Map.entry("GB-month", "GB-Months"), Map.entry("GB-day", "GB-Days"), Map.entry("GB", "GB"),
            Map.entry("1,000 tokens", "1000 Tokens"), Map.entry("token", "Tokens"),
            Map.entry("1,000 requests", "1000 Requests"), Map.entry("request", "Requests"),
            Map.entry("message", "Messages"), Map.entry("1,000,000 calls", "1000000 Requests"),
            Map.entry("call", "Requests"), Map.entry("byte", "Bytes"), Map.entry("month", "Months"),
            Map.entry("year", "Years"));

    private FocusServices() {
    }

    /** The known services by service type. */
    public static Map<String, Service> known() {
        return SERVICES;
    }

    /** The units the table maps, by catalog unit (others are capitalised by {@link #unit}). */
    public static Map<String, String> units() {
        return UNITS;
    }

    /** The service of a catalog service type; {@code catalogName} names an unknown one. */
    public static Service of(String serviceType, String catalogName) {
        Service known = SERVICES.get(serviceType);
        return known != null ? known : new Service(catalogName == null ? serviceType : catalogName, "Other",
                "Other (Other)");
    }

    /** The FOCUS unit of a catalog unit: known ones mapped, others capitalised as they are. */
    public static String unit(String catalogUnit) {
        if (catalogUnit == null) {
            return null;
        }
        String known = UNITS.get(catalogUnit);
        if (known != null) {
            return known;
        }
        return Character.toUpperCase(catalogUnit.charAt(0)) + catalogUnit.substring(1).replace(",", "");
    }
}
