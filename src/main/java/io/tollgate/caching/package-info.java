/**
 * Caches of committed rows that stay correct across instances (issue 14): the database announces
 * every change of a cached table (a trigger sends {@code NOTIFY tollgate_cache} in the changing
 * transaction, delivered at its commit), and every instance listens and drops what changed.
 * {@link io.tollgate.caching.Invalidations} owns the listening connection; a
 * {@link io.tollgate.caching.CommittedCache} is one table's entries.
 */
package io.tollgate.caching;
