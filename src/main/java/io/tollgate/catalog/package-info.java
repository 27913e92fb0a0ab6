/**
 * The price catalog: service types, resource types, specs (flavors and storage classes) and
 * versioned prices. A price version has an effective-from time; publishing a new version never
 * changes a price that was already in force, so settled lines keep the price they were rated at.
 * {@link io.tollgate.catalog.CatalogService} is the only entry point for other domains.
 */
package io.tollgate.catalog;
