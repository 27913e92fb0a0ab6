/** The customer's billing centre: overview, bills, orders, renewals, resources, funds, coupons, packages, settings. */
package io.tollgate.console.customer;
