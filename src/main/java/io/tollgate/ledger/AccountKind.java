package io.tollgate.ledger;

/**
 * Customer accounts: CASH (held, never negative), ARREARS (owed after cash and credit ran out,
 * never positive), CREDIT (credit used, never positive, never below minus the credit limit),
 * COUPON (one per cash coupon, owner = the coupon id: its remaining value, never negative, never
 * above its face value); platform accounts: REVENUE, FUNDING (where top-ups come from) and
 * PROMOTION (where coupons come from).
 */
public enum AccountKind { CASH, ARREARS, CREDIT, REVENUE, FUNDING, COUPON, PROMOTION }
