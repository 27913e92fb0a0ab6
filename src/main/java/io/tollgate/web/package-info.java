/**
 * HTTP plumbing shared by every controller: API-key authentication into a
 * {@link io.tollgate.customer.Caller}, the request body limit, cursor pages, and the one place
 * where failures become RFC 9457 problem+json with a stable code.
 */
package io.tollgate.web;
