/**
 * The double-entry, append-only journal and the balances it implies. Every entry has two or
 * more postings that sum to zero, a reason, the business time it concerns and the time it was
 * recorded. Customer money lives in a CASH account (never negative) and an ARREARS account (what
 * the customer owes, never positive); the platform side has REVENUE and FUNDING accounts.
 * Customer account balances are a cache of the sum of postings, kept in the same transaction;
 * platform accounts keep none (their balance is the sum of their postings), so that entries of
 * different customers never queue on one row.
 */
package io.tollgate.ledger;
