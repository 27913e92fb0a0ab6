package io.tollgate.ledger;

/** Why money moved; PROMOTION is a coupon issued (or revoked unused). */
public enum Reason { TOPUP, USAGE, ORDER, REFUND, ADJUSTMENT, PROMOTION }
