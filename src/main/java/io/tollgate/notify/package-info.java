/**
 * The outbox: events for the platform (freeze, unfreeze, release) and for notifications
 * (renewal attempts, arrears), appended in the transaction of the change that caused them,
 * each with a stable id so that telling twice is harmless. The platform reads them in order
 * with a cursor; push delivery (e-mail, SMS, webhooks) builds on the same table.
 */
package io.tollgate.notify;
