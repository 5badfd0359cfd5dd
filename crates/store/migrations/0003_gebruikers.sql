-- Accounts, their login sessions. Passwords only as argon2id PHC strings; login tokens only as
-- their SHA-256 (a stolen database gives no usable cookie).
CREATE TABLE gebruikers (
    id         INTEGER PRIMARY KEY,
    login      TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(login) BETWEEN 2 AND 64),
    naam       TEXT    NOT NULL,
    rol        TEXT    NOT NULL CHECK (rol IN ('beheerder', 'data-adviesgroep', 'contractmanager',
                                               'gemeente', 'aanbieder', 'bestuur')),
    -- Role gemeente: the gemeente codes (GM0153,GM0164); role aanbieder: the AGB code.
    gemeenten  TEXT    NOT NULL DEFAULT '',
    aanbieder  TEXT    NOT NULL DEFAULT '',
    wachtwoord TEXT    NOT NULL CHECK (wachtwoord LIKE '$argon2id$%'),
    actief     INTEGER NOT NULL DEFAULT 1 CHECK (actief IN (0, 1)),
    aangemaakt TEXT    NOT NULL,
    gewijzigd  TEXT    NOT NULL
) STRICT;

CREATE TRIGGER gebruikers_blijven BEFORE DELETE ON gebruikers
BEGIN
    SELECT RAISE(ABORT, 'een gebruiker wordt niet verwijderd maar uitgeschakeld');
END;

CREATE TABLE inlogsessies (
    token_hash TEXT    PRIMARY KEY,
    gebruiker  INTEGER NOT NULL REFERENCES gebruikers (id),
    csrf       TEXT    NOT NULL,
    aangemaakt TEXT    NOT NULL,
    verloopt   TEXT    NOT NULL
) STRICT;
CREATE INDEX inlogsessies_gebruiker ON inlogsessies (gebruiker);
