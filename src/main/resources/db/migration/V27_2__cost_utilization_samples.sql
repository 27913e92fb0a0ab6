-- cost -----------------------------------------------------------------------------------
-- Utilization the platform reports per resource and minute (issue 10 part 7): the GPU's
-- utilization (null for a resource without one) and its memory utilization, in percent. Idle and
-- GPU-rightsizing advice judge the 95th percentile over the look-back (docs/cost.md). One row a
-- resource and minute; kept 61 days (the longest look-back is 60).
create table cost_utilization_sample (
    customer_id  text not null,
    resource_id  text not null,
    minute       timestamptz not null,
    gpu_util     numeric(5, 2) check (gpu_util between 0 and 100),
    memory_util  numeric(5, 2) not null check (memory_util between 0 and 100),
    primary key (customer_id, resource_id, minute)
);
