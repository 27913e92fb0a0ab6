/**
 * Billed resources as the platform reports them: lifecycle events (created, started, stopped,
 * resized, deleted), each with an event id, turned into segments, stretches of time during
 * which one meter of a resource bills a constant quantity of one spec. Replays are harmless; an
 * event for an unknown resource, out of order or in the future is refused and changes nothing.
 * Each applied event is published as a {@link io.tollgate.resource.ResourceChanged} in the same
 * transaction, so settlement learns of it atomically.
 */
package io.tollgate.resource;
