/**
 * The price catalog: service types, resource types (and whether they may be bought prepaid),
 * specs (flavors and storage classes) and versioned prices: pay-per-use per hour, prepaid per
 * month and per year, each unit a price with its own versions. A price version has an
 * effective-from time; publishing a new version never changes a price that was already in force,
 * so settled lines keep the price they were rated at. The catalog also answers the price
 * calculator's questions ({@code core.Quotes}, docs/calculator.md).
 * {@link io.tollgate.catalog.CatalogService} is the only entry point for other domains.
 */
package io.tollgate.catalog;
