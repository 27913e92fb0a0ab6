package io.tollgate.catalog;

/** The pricing unit of a price: per node-hour, or per GB-hour of capacity. */
public enum Unit { HOUR, GB_HOUR }
