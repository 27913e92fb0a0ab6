-- exports --------------------------------------------------------------------------------
-- The bill files written for each customer and month: a month-to-date set every day, the final
-- set once the month's statement exists (billing-rules.md 8). A row per written set makes the job
-- idempotent; the manifest's checksum names what was written.
create table export_bill_files (
    customer_id     text not null,
    month           text not null,
    kind            text not null check (kind in ('MONTH_TO_DATE', 'FINAL')),
    for_day         date not null,
    written_at      timestamptz not null,
    manifest_sha256 text not null,
    primary key (customer_id, month, kind, for_day)
);
