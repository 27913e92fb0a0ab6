-- settlement -----------------------------------------------------------------------------
-- The sub-cent carry (billing-rules.md section 3): per customer and billing month, the sum of
-- the fee amounts settled so far (8 decimals) and what has been charged for them, which is always
-- that sum rounded half-up to the cent. Each settlement locks the row, charges the difference
-- between the rounded sums after and before, and moves the row on. Months settled before this
-- table existed keep their per-line rounding; their carry starts at the first settlement after.
create table settlement_month_charge (
    customer_id    text not null,
    month          date not null,
    fee_amount     numeric(24, 8) not null default 0,
    charged_amount numeric(20, 2) not null default 0,
    primary key (customer_id, month),
    check (charged_amount = round(fee_amount, 2))
);
