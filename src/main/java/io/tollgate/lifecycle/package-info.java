/**
 * One state machine for every billed resource (billing-rules.md section 5): ACTIVE -> GRACE ->
 * FROZEN -> RELEASED. Prepaid resources enter GRACE when their term expires; pay-per-use resources
 * when their customer falls into arrears. Grace and retention lengths come from the customer's
 * level (15 days each by default). Renewal, or a top-up that clears the arrears, returns a
 * resource to ACTIVE. Every change is appended to the outbox in the same transaction, with a
 * stable event id, for the platform to freeze, unfreeze or release the resource.
 */
package io.tollgate.lifecycle;
