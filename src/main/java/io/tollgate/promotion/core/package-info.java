/**
 * The pure rules of promotions: coupon eligibility and status, the best discount, the best cash
 * coupon of an order and how pay-per-use lines draw on coupons (earliest expiry first).
 */
package io.tollgate.promotion.core;
