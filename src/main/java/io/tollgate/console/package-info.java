/**
 * The web console: server-rendered pages (Thymeleaf, Chart.js from a webjar) over the same
 * services and controllers as the REST API. Sign-in is Spring Security's form login for console
 * users of the customer domain; each page sees the signed-in user as the same {@code Caller} an
 * API key gives, so the API's role and customer-scope checks decide what a page may show or do.
 * The console owns no tables.
 */
package io.tollgate.console;
