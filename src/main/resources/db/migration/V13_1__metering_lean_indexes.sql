-- metering -------------------------------------------------------------------------------
-- Ingestion writes every accepted record twice (record and rated line): keep only the indexes
-- that pay for themselves. The record's primary key already makes one line per record.
drop index if exists metering_record_received;
alter table metering_usage_line drop constraint if exists metering_usage_line_record_id_key;
alter table metering_usage_line drop constraint if exists metering_usage_line_record_id_fkey;
drop index if exists metering_usage_line_customer;
create index metering_usage_line_customer on metering_usage_line (customer_id, id) where not settled;
