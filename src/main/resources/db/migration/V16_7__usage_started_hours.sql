-- metering -------------------------------------------------------------------------------
-- Started-hour meters (file storage: a started hour counts whole) bill each resource and clock
-- hour once, for the largest quantity reported in it: a record adds only what it raises the
-- hour's peak by. One row per resource, meter and hour, locked by ingestion after the month rows;
-- a duplicate record is never rated, so it never moves the peak. Rows are kept, like the records.
create table metering_hour_peak (
    resource_id text not null,
    meter       text not null,
    hour        timestamptz not null,
    peak        numeric(38, 10) not null check (peak >= 0),
    primary key (resource_id, meter, hour)
);
