/**
 * The double-entry, append-only journal and the balances it implies. Every entry has two or
 * more postings that sum to zero, a reason, the business time it concerns and the time it was
 * recorded. Customer money lives in a CASH account (never negative) and an ARREARS account (what
 * the customer owes, never positive); the platform side has REVENUE and FUNDING accounts.
 * Account balances are a cache of the sum of postings, kept in the same transaction.
 */
package io.tollgate.ledger;
