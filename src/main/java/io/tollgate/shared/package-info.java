/**
 * Value types every domain shares: exact amounts and their named roundings, hour periods,
 * the business failure that maps to problem+json, and the adjustable billing clock.
 * Nothing here knows about a database or a web framework.
 */
package io.tollgate.shared;
