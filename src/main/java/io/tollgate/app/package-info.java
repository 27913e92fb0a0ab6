/**
 * Application wiring: the database (embedded PostgreSQL by default, an external server when
 * configured), the billing clock, demo data and the start-up banner.
 */
package io.tollgate.app;
