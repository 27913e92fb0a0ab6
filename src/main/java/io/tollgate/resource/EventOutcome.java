package io.tollgate.resource;

/** What became of a reported event: applied now, or a replay of one applied before. */
public record EventOutcome(String eventId, Status status, Resource resource) {
    public enum Status { APPLIED, DUPLICATE }
}
