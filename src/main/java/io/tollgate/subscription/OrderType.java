package io.tollgate.subscription;

/** What an order does. */
public enum OrderType { NEW, RENEWAL, CHANGE, UNSUBSCRIPTION, MODE_CHANGE }
