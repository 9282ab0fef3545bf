-- The Association's officers (commune, province, or everywhere) who read the
-- clubs' figures on the web dashboard (/officer/), their one-time sign-in
-- codes and their sessions. Kept apart from members' link codes and web
-- sessions: an officer is nobody's member, and a member's session must never
-- open an officer's page.

-- Who may read which clubs. ``scope_kind`` 'commune' reads the clubs whose
-- commune is ``scope_name`` (in ``scope_province`` when given, any province
-- otherwise); 'province' the clubs of province ``scope_name``; 'all' every
-- club. Names are matched folded (case and accents aside), as the report's
-- --commune is. A removed officer keeps the row (the audit names it) with
-- ``removed_at`` set; their codes and sessions are deleted.
CREATE TABLE officers (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    scope_kind      TEXT NOT NULL CHECK (scope_kind IN ('commune', 'province', 'all')),
    scope_name      TEXT NOT NULL DEFAULT '',
    scope_province  TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    removed_at      TEXT
);

-- One-time sign-in codes, by the link codes' rules: only an HMAC of the
-- code under the link codes' pepper is kept, a code works once and expires,
-- and a newer code revokes the officer's earlier unused ones.
CREATE TABLE officer_codes (
    code_hash    TEXT PRIMARY KEY,
    officer_id   INTEGER NOT NULL REFERENCES officers(id),
    issued_at    TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    revoked_at   TEXT
);
CREATE INDEX officer_codes_officer ON officer_codes(officer_id);

-- A browser signed in as an officer: only the sha256 of the cookie's token.
CREATE TABLE officer_sessions (
    token_hash   TEXT PRIMARY KEY,
    officer_id   INTEGER NOT NULL REFERENCES officers(id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX officer_sessions_officer ON officer_sessions(officer_id);
CREATE INDEX officer_sessions_expiry ON officer_sessions(expires_at);
