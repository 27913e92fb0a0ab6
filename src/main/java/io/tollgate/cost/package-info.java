/**
 * The cost centre (issue "Cost centre"): analysis, forecasts, allocation, budgets, anomalies and
 * advice over what rating, subscriptions, the ledger and amortization record. So far it holds the
 * pure rules: the forecast ({@code core.Forecast}: trend plus weekly seasonality with a 95% band),
 * anomaly severity ({@code core.Anomaly}) and the monthly-term advice ({@code core.PrepaidAdvice}).
 */
package io.tollgate.cost;
