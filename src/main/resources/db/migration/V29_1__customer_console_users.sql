-- Console users (issue 12): people who sign in to the web console, with the roles and customer
-- scope of API keys. The password is stored as a Spring Security delegating hash ({bcrypt}...).
-- Five failed sign-ins in a row lock the user for a while (locked_until).
create table customer_console_user (
    id              bigserial primary key,
    email           text not null,
    password_hash   text not null,
    role            text not null check (role in ('OPERATOR', 'CUSTOMER_ADMIN', 'CUSTOMER_FINANCE')),
    customer_id     text references customer_customer (id),
    display_name    text not null,
    failed_attempts integer not null default 0,
    locked_until    timestamptz,
    disabled_at     timestamptz,
    last_sign_in_at timestamptz,
    created_at      timestamptz not null,
    check ((role = 'OPERATOR') = (customer_id is null))
);
create unique index customer_console_user_email on customer_console_user (lower(email));
create index customer_console_user_customer on customer_console_user (customer_id);
