-- clock ----------------------------------------------------------------------------------
-- Items a job failed on (one resource's hour, one renewal attempt, one deadline): held back with
-- their error until their retry (exponential back-off), listed for operators, counted in metrics.
-- Everything else the job does goes on.
create table clock_quarantine (
    job             text not null,
    item            text not null,
    error           text not null,
    attempts        integer not null check (attempts > 0),
    first_failed_at timestamptz not null,
    last_failed_at  timestamptz not null,
    retry_at        timestamptz not null,
    primary key (job, item)
);
create index clock_quarantine_retry on clock_quarantine (job, retry_at);
