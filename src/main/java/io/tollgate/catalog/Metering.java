package io.tollgate.catalog;

/**
 * When a resource type bills: while it runs, for as long as it exists, or only by the usage
 * records reported for it (buckets, topics, log groups, model endpoints).
 */
public enum Metering { RUNTIME, CAPACITY, USAGE }
