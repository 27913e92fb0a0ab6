/**
 * The command line: {@code tollgate serve}, {@code tollgate scenario run FILE} and
 * {@code tollgate bench settlement|topups|all}. A scenario plays through the same services and
 * the same PostgreSQL schema as the server, on the test clock, and prints the resulting fee
 * records, transactions and balances as JSON. A bench seeds a fresh database, times settlement
 * or top-ups through those services, checks what they wrote, and prints its figures as JSON
 * (BENCHMARKS.md).
 */
package io.tollgate.cli;
