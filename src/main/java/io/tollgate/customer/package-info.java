/**
 * Customers (accounts that consume and pay), their level and currency, and the API keys through
 * which operators, the platform and customers reach Tollgate. Keys are stored only as SHA-256
 * hashes; the plain key is shown once, when it is issued.
 */
package io.tollgate.customer;
