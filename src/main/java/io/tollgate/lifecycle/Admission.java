package io.tollgate.lifecycle;

/** Whether the platform may create or start a resource now, and if not, why (a stable code). */
public record Admission(boolean allowed, String code, String detail) {
}
