-- 0008: reminders before the deadlines — whom to write to in each unit, how the commune sends
-- e-mail, when the office wants units reminded, and every reminder sent.

-- The person a unit's reminders go to (cán bộ đầu mối): name, e-mail, phone.
CREATE TABLE org_unit_contact (
    org_unit_id INTEGER PRIMARY KEY REFERENCES org_unit(id) ON DELETE CASCADE,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    person      TEXT,
    email       TEXT,
    phone       TEXT,
    updated_at  TEXT NOT NULL
) STRICT;

-- The commune's mail server. The password is kept to log in with and never read back by the API
-- or printed; STARTTLS is always required, and ca_file names the certificate authority that
-- signed the server's certificate when it is not one the system trusts.
CREATE TABLE smtp_setting (
    commune_id  INTEGER PRIMARY KEY REFERENCES commune(id),
    url         TEXT NOT NULL,
    sender      TEXT NOT NULL,
    sender_name TEXT,
    username    TEXT,
    password    TEXT,
    ca_file     TEXT,
    updated_at  TEXT NOT NULL
) STRICT;

-- When a plan's units are reminded: days before each deadline's last day on time, "5,1" by
-- default (a plan without a row has that schedule, switched on).
CREATE TABLE reminder_schedule (
    plan_id     INTEGER PRIMARY KEY REFERENCES plan(id) ON DELETE CASCADE,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
    days        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Every reminder attempt: to whom, when, for which deadline (deadline_key: the plan's deadline
-- kind, "unit_report", or "month:2026-11" for a month's figures), which unit, which step of the
-- schedule (days before), and how it went. A row is written as 'sending' before the mail goes
-- (the claim), then becomes 'delivered' or 'failed' with the reason; the partial unique index
-- lets one claimed or delivered row exist per deadline, unit and step, so that two runs at once
-- never both send, and a failed attempt can be tried again.
CREATE TABLE reminder (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    deadline_key TEXT NOT NULL,
    period       TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    last_on_time TEXT NOT NULL,
    org_unit_id  INTEGER NOT NULL REFERENCES org_unit(id),
    step_days    INTEGER NOT NULL,
    recipient    TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('sending','delivered','failed')),
    error        TEXT,
    actor        TEXT NOT NULL,
    claimed_at   TEXT NOT NULL,
    finished_at  TEXT
) STRICT;
CREATE UNIQUE INDEX reminder_once ON reminder(plan_id, deadline_key, org_unit_id, step_days)
    WHERE status IN ('sending','delivered');
CREATE INDEX reminder_plan ON reminder(plan_id, claimed_at);
