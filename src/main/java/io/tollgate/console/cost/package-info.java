/** The customer's cost centre in the console: cost analysis with stacked charts, budgets, anomalies, advice. */
package io.tollgate.console.cost;
