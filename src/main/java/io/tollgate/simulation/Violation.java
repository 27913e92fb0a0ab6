package io.tollgate.simulation;

/**
 * An invariant that does not hold. {@code invariant} is a stable name (shrinking keeps a step list
 * only while the same invariant fails); the message says what was found.
 */
public final class Violation extends RuntimeException {
    private final String invariant;

    public Violation(String invariant, String message) {
        super(invariant + ": " + message);
        this.invariant = invariant;
    }

    public String invariant() {
        return invariant;
    }
}
