/** The operator's pages: customers, catalog, meters, promotions, package offers, lifecycle, webhooks, jobs, clock. */
package io.tollgate.console.operator;
