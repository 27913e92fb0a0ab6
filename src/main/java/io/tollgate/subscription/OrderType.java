package io.tollgate.subscription;

/** What an order does; PACKAGE buys a resource package from a package offer. */
public enum OrderType { NEW, RENEWAL, CHANGE, UNSUBSCRIPTION, MODE_CHANGE, PACKAGE }
