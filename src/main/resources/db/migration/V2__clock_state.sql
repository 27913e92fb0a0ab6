-- clock ----
-- The adjustable (demo/test) clock's position, so that a restart never moves it back behind
-- hours that were already settled.
create table clock_state (
    id  smallint primary key check (id = 1),
    now timestamptz not null
);
