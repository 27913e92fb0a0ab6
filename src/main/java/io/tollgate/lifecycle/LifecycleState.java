package io.tollgate.lifecycle;

/** Where a billed resource stands. */
public enum LifecycleState { ACTIVE, GRACE, FROZEN, RELEASED }
