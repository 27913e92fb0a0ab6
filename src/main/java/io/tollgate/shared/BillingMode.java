package io.tollgate.shared;

/** How a resource is paid for: postpaid and metered, or prepaid by subscription. */
public enum BillingMode { PAY_PER_USE, YEARLY_MONTHLY }
