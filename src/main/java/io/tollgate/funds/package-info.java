/**
 * Money a customer brings in, and what follows it, in order and in one place: a top-up is posted
 * (the ledger's transaction: arrears first, then credit used, then cash), and once it committed,
 * the arrears it paid off are applied to the customer's resources (the lifecycle's own
 * transaction: grace or frozen resources back to ACTIVE). The two never share a transaction, so
 * a top-up holds no ledger lock while resources and their schedules are locked. Should the second
 * step not run (a crash between them), the job runner's arrears job applies it at its next run.
 * Third, the balance alert is compared again (a top-up back above the threshold re-arms it).
 *
 * <p>Single top-ups are write-combined ({@link io.tollgate.funds.TopUps}): many in one ledger
 * transaction, each in a savepoint with its own answer; the follow-ups then run once per group.
 */
package io.tollgate.funds;
