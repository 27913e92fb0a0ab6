/**
 * Bills, read side: transactions (money moved, from the ledger) and the detailed bill (fee
 * records, from settlement), by month in the billing time zone and by resource, with cursors.
 * Billing owns no tables in this first cut; it asks the owning domains' services.
 */
package io.tollgate.billing;
