/**
 * Rating: usage x price -> fee lines, as pure functions over resource segments and the price
 * book (billing-rules.md section 3). No database, no clock, no framework: the settlement domain
 * feeds it and stores what it returns.
 */
package io.tollgate.rating;
