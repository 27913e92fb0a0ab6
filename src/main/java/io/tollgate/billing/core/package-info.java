/** Billing's pure rules: record types and the daily spread of amortization. No framework, no clock. */
package io.tollgate.billing.core;
