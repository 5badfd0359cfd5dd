-- The audit log: who did what, when. Rows are only ever added.
CREATE TABLE gebeurtenissen (
    id        INTEGER PRIMARY KEY,
    tijd      TEXT    NOT NULL,  -- UTC, RFC 3339
    wie       TEXT    NOT NULL,
    wat       TEXT    NOT NULL,
    details   TEXT    NOT NULL DEFAULT ''
) STRICT;
