-- Link codes: a secret mixed into their hashes, and revocation.
--
-- A code has only 8 digits, so its bare sha256 would be reversed by trying
-- all 10^8 codes in seconds. The hash is an HMAC keyed by this random,
-- per-database pepper: rows of link_codes copied on their own (a query
-- result, a log, a partial backup) do not reveal a usable code, and no
-- precomputed table works across databases. A copy of the whole file does
-- carry the pepper; what limits the harm then is that a code expires within
-- days and works once.
CREATE TABLE link_code_pepper (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    pepper  TEXT NOT NULL
);
INSERT INTO link_code_pepper (id, pepper) VALUES (1, lower(hex(randomblob(32))));

-- Issuing a new code for the same member and purpose revokes the unused one,
-- so a code handed out earlier (perhaps to the wrong person) stops working.
ALTER TABLE link_codes ADD COLUMN revoked_at TEXT;
CREATE INDEX link_codes_member ON link_codes(member_id, proxy);
