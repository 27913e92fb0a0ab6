-- messaging: customer notifications by e-mail, SMS and webhook ---------------------------
-- Contacts per customer, each subscribed to notification types; messages, one per notice and
-- contact (unique key), rendered in the contact's language when created and delivered as due
-- rows (SKIP LOCKED, a lease, every attempt logged); reminders planned as due rows and checked
-- again when due; the position of the outbox the notices have been read up to.
create table messaging_contact (
    id          bigserial primary key,
    customer_id text not null,
    channel     text not null check (channel in ('EMAIL', 'SMS', 'WEBHOOK')),
    address     text not null,
    language    text not null check (language in ('en', 'zh')),
    types       text[] not null,
    created_at  timestamptz not null,
    deleted     boolean not null default false
);
create unique index messaging_contact_address on messaging_contact (customer_id, channel, address) where not deleted;

create table messaging_message (
    id              bigserial primary key,
    customer_id     text not null,
    contact_id      bigint not null references messaging_contact (id),
    channel         text not null,
    address         text not null,
    type            text not null,
    -- What the message tells (an event id, a reminder digest): one message per notice and contact.
    notice_key      text not null,
    subject         text not null,
    text_body       text not null,
    html_body       text,
    -- PENDING: to send; SENT; FAILED: given up; SUPPRESSED: over the contact's daily cap;
    -- KEPT: demo mode, kept in the local mailbox and never sent.
    state           text not null check (state in ('PENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'KEPT')),
    local_day       date not null,
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    lease_token     uuid,
    leased_until    timestamptz,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    unique (contact_id, notice_key)
);
create index messaging_message_due on messaging_message (next_attempt_at) where state = 'PENDING';
create index messaging_message_customer on messaging_message (customer_id, id);
create index messaging_message_contact_day on messaging_message (contact_id, local_day);

create table messaging_attempt (
    id           bigserial primary key,
    message_id   bigint not null references messaging_message (id),
    attempt      integer not null,
    attempted_at timestamptz not null,
    outcome      text not null check (outcome in ('IN_FLIGHT', 'SENT', 'FAILED', 'UNKNOWN')),
    error        text,
    unique (message_id, attempt)
);

-- A reminder: a deadline (expiry, freeze, release) and how many days before it to tell, due at
-- 09:00 in the billing zone of that day. When due it is checked again (the deadline unchanged)
-- and sent, or dropped as OBSOLETE (renewed, topped up).
create table messaging_reminder (
    id           bigserial primary key,
    reminder_key text not null unique,
    customer_id  text not null,
    subject_id   text not null,
    kind         text not null,
    days_before  integer not null,
    deadline     timestamptz not null,
    due_at       timestamptz not null,
    state        text not null check (state in ('PENDING', 'SENT', 'OBSOLETE')),
    data         jsonb not null
);
create index messaging_reminder_due on messaging_reminder (due_at) where state = 'PENDING';

create table messaging_cursor (
    only_row boolean primary key default true check (only_row),
    position bigint not null
);
