-- clock: the demo clock's offset ----------------------------------------------------------
-- The demo clock is real time plus an offset. Saving only the instant of the last advance made
-- it go back across a restart: it had kept running ahead of real time (and the jobs had settled
-- those hours), but resumed at the saved instant. The offset is what a restart restores; the
-- instant stays as a floor. Null for the adjustable clock of tests and scenarios.
alter table clock_state add column offset_ms bigint;
