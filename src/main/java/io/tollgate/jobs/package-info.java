/**
 * One item, one fate, for every time-driven job (settlement of compute and usage hours, renewal
 * attempts and expiries, lifecycle deadlines, arrears): a job claims its due items in a batch and
 * runs them in one transaction; when that fails, it runs each claimed item alone in its own
 * transaction, so a failing item rolls back only itself and is reported ({@link JobItems#failed})
 * while everything else goes on. Held-back items are left out of later claims until their retry.
 * The quarantine itself (its table, back-off, operator API, metrics) is the clock's job runner's.
 */
package io.tollgate.jobs;
