package io.tollgate.resource;

/** The lifecycle events the platform reports. */
public enum EventType { CREATED, STARTED, STOPPED, RESIZED, DELETED }
