/**
 * The command line: {@code tollgate serve} and {@code tollgate scenario run FILE}. A scenario
 * plays through the same services and the same PostgreSQL schema as the server, on the test
 * clock, and prints the resulting fee records, transactions and balances as JSON.
 */
package io.tollgate.cli;
