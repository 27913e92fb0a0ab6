/**
 * Exports of the bills: CSV of transactions, of the detailed bill and of the month summary, and
 * the FOCUS 1.2 Cost and Usage dataset (docs/exports.md). Every export streams: rows are read
 * from the owning domains' services in pages or with a cursor and written as they come, so a
 * month of a million lines never sits in memory. {@code core} holds the pure formats: RFC 4180
 * fields, FOCUS columns, values and the schema metadata.
 */
package io.tollgate.export;
