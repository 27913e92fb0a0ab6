/**
 * Prepaid yearly/monthly subscriptions (billing-rules.md sections 4 and 6): orders, terms,
 * renewals, spec and mode changes, unsubscription and refunds. {@code core} holds the pure
 * rules: term ends, pro-rating by calendar-month fractions, refunds with handling fees.
 */
package io.tollgate.subscription;
