/**
 * Promotions: commercial discounts, cash and discount coupons (single and campaigns) and balance
 * alerts; owns the promotion_* tables. A cash coupon's money is a ledger account (COUPON), moved
 * by the ledger; this domain decides which discount and which coupons apply (promotion.core) and
 * is called by the money paths (subscription's payment step, settlement's deduction, top-ups) in
 * their own transactions, in order.
 */
package io.tollgate.promotion;
