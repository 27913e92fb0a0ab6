/**
 * Usage ingestion: batches of usage records over HTTP (or from Kafka), deduplicated by record id,
 * validated one by one (a refused record never blocks the valid ones), and rated on arrival so
 * that their cost shows at once. Rated lines wait for the hourly settlement; a record for an hour
 * that was already settled becomes an adjustment in the open hour, linked to its own hour.
 * Resource packages (prepaid quotas of a meter, granted by the operator) are drawn from as usage
 * is rated, after the free quota and before pay-per-use ({@link io.tollgate.metering.PackageLedger}).
 */
package io.tollgate.metering;
