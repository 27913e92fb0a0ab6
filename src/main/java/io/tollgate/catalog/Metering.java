package io.tollgate.catalog;

/** When a resource type bills: while it runs, or for as long as it exists. */
public enum Metering { RUNTIME, CAPACITY }
