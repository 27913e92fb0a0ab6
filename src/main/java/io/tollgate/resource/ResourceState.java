package io.tollgate.resource;

/** The state the platform last reported. (Grace, frozen and released belong to the lifecycle domain.) */
public enum ResourceState { RUNNING, STOPPED, DELETED }
