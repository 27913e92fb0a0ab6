package io.tollgate.ledger;

/** Why money moved. */
public enum Reason { TOPUP, USAGE, ORDER, REFUND, ADJUSTMENT }
