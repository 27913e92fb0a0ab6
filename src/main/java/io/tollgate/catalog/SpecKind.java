package io.tollgate.catalog;

/** A compute flavor (vCPU/GPU/NPU) or a storage class (priced per GB). */
public enum SpecKind { COMPUTE, STORAGE }
