/**
 * Bills, read side and statements: transactions (from the ledger), the complete detailed bill
 * (settlement's fee records, subscription's paid orders, metering's unsettled lines), the month
 * summary (from settlement's per-hour aggregate), monthly statements (the finalisation job, CSV
 * and PDF; tables {@code billing_statement}, {@code billing_statement_month}) and amortization.
 * It reads the other domains through their services only. See docs/bills.md.
 */
package io.tollgate.billing;
