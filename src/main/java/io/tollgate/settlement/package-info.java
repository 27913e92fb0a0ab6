/**
 * Hourly pay-per-use settlement: for every resource, each closed clock hour is rated into fee
 * records and deducted from the customer's balance exactly once. The schedule row of a resource
 * names the next hour to settle; a job claims due rows in bounded batches with FOR UPDATE SKIP
 * LOCKED (so several instances share the work), and the unique key (resource, hour, line) on fee
 * records guarantees that no resource-hour is ever settled twice. After downtime the job simply
 * finds more hours due and catches up.
 */
package io.tollgate.settlement;
