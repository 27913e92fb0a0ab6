package io.tollgate.resource;

/**
 * The lifecycle events the platform reports (CREATED to DELETED), and the changes Tollgate makes
 * itself (FROZEN, UNFROZEN and RELEASED by the lifecycle, MODE_CHANGED by subscriptions), which
 * the platform cannot report.
 */
public enum EventType {
    CREATED, STARTED, STOPPED, RESIZED, DELETED, FROZEN, UNFROZEN, RELEASED, MODE_CHANGED;

    public boolean reportedByPlatform() {
        return ordinal() <= DELETED.ordinal();
    }
}
