package io.tollgate.resource;

/** What a segment measures: compute while running, a notebook's disk, or a capacity resource's size. */
public enum Meter { COMPUTE, DISK, STORAGE }
