package io.tollgate.billing.core;

/**
 * What a line of the detailed bill records (billing-rules §8). Prepaid lines take their type from
 * the order: a purchase or a mode change to yearly/monthly is a PURCHASE, a renewal RENEWAL (or
 * AUTO_RENEWAL when the job made it), a paid spec change CHANGE, a downgrade's and an
 * unsubscription's money given back REFUND, a package offer PACKAGE_PURCHASE.
 */
public enum RecordType {
    USAGE, PURCHASE, RENEWAL, AUTO_RENEWAL, CHANGE, REFUND, PACKAGE_PURCHASE, ADJUSTMENT;

    /** The type of a prepaid order's line, from the order's type name (null: the order makes no line). */
    public static RecordType ofOrder(String orderType, boolean auto, boolean refund) {
        if (refund) {
            return REFUND;
        }
        return switch (orderType) {
            case "NEW", "MODE_CHANGE" -> PURCHASE;
            case "RENEWAL" -> auto ? AUTO_RENEWAL : RENEWAL;
            case "CHANGE" -> CHANGE;
            case "PACKAGE" -> PACKAGE_PURCHASE;
            case "UNSUBSCRIPTION" -> REFUND;
            default -> throw new IllegalArgumentException("no record type for order type " + orderType);
        };
    }

    /** A record type from a filter value; null when the text names none. */
    public static RecordType parse(String text) {
        for (RecordType t : values()) {
            if (t.name().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
