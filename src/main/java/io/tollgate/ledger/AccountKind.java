package io.tollgate.ledger;

/** Customer accounts (CASH, ARREARS) and platform accounts (REVENUE, FUNDING). */
public enum AccountKind { CASH, ARREARS, REVENUE, FUNDING }
