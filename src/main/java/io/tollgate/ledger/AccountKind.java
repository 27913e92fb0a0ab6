package io.tollgate.ledger;

/**
 * Customer accounts: CASH (held, never negative), ARREARS (owed after cash and credit ran out,
 * never positive), CREDIT (credit used, never positive, never below minus the credit limit);
 * platform accounts: REVENUE and FUNDING (where top-ups come from).
 */
public enum AccountKind { CASH, ARREARS, CREDIT, REVENUE, FUNDING }
