package io.tollgate.metering;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A resource package (billing-rules.md section 3): a prepaid quota of one meter, in the meter's
 * price units (GB-months, GB, hours, 1,000 tokens ...), valid over [startsAt, expiresAt). A
 * MONTHLY quota is given afresh every month from {@code startsAt} (what is left at the end of a
 * month is lost); a TOTAL quota once for the whole validity. Packages are consumed after the
 * monthly free quota and before pay-per-use, the one expiring first first. They are granted by the
 * operator or bought from an offer ({@code origin}, null for a grant) and cannot be unsubscribed,
 * refunded or shortened.
 */
public record ResourcePackage(String id, String customerId, String meter, String name, BigDecimal quota,
                              Period period, Instant startsAt, Instant expiresAt, Instant grantedAt, Origin origin) {
    public enum Period { MONTHLY, TOTAL }

    /** The offer a bought package was sold from and the subscription order that paid for it. */
    public record Origin(String offerCode, long orderId) {
    }

    /** A package granted by the operator. */
    public ResourcePackage(String id, String customerId, String meter, String name, BigDecimal quota, Period period,
                           Instant startsAt, Instant expiresAt, Instant grantedAt) {
        this(id, customerId, meter, name, quota, period, startsAt, expiresAt, grantedAt, null);
    }
}
