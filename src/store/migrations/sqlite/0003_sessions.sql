-- 0003: browser sessions and the record of failed logins (for throttling).
-- A session is found by the hash of its cookie (the cookie itself is never stored); its CSRF
-- token must come back in X-CSRF-Token on every state-changing request.
CREATE TABLE session (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT;
CREATE INDEX session_user ON session(user_id);

-- One row per failed login, keyed "user:NAME" and "addr:IP"; old rows are pruned on login.
CREATE TABLE login_failure (
    key         TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX login_failure_key ON login_failure(key, at);
