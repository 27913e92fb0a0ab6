package io.tollgate.subscription;

/** An order the balance could not pay waits in PENDING_PAYMENT until it is paid or cancelled. */
public enum OrderStatus { PENDING_PAYMENT, PAID, CANCELLED }
