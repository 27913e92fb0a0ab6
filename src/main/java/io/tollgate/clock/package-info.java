/**
 * Time travel for demo and test modes: advancing the adjustable clock runs the jobs that fall
 * due on the way (hourly settlement), so a month of billing plays in seconds.
 */
package io.tollgate.clock;
