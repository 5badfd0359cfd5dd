-- PDCA: duidingssessies with their agenda, duidingen (interpretations), besluiten and
-- verbeteracties, and the history of every insert and update.
--
-- Rows of sessies, duidingen, acties and geschiedenis are never deleted (the triggers below
-- refuse it); an action that is no longer relevant gets status 'vervallen'. Every change of a
-- sessie, duiding or actie raises its versie by one and writes one geschiedenis row in the
-- same transaction. Times are UTC, RFC 3339; dates are yyyy-mm-dd.

CREATE TABLE sessies (
    id              INTEGER PRIMARY KEY,
    datum           TEXT    NOT NULL
                    CHECK (datum GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    titel           TEXT    NOT NULL CHECK (trim(titel) <> ''),
    deelnemers      TEXT    NOT NULL DEFAULT '',
    release_id      TEXT    NOT NULL CHECK (release_id <> ''),
    status          TEXT    NOT NULL DEFAULT 'gepland' CHECK (status IN ('gepland', 'gehouden')),
    aangemaakt_door TEXT    NOT NULL,
    aangemaakt_op   TEXT    NOT NULL,
    gewijzigd_op    TEXT    NOT NULL,
    versie          INTEGER NOT NULL DEFAULT 1 CHECK (versie >= 1)
) STRICT;

-- sessies(): newest datum first; open_acties_voor(): sessions before a date.
CREATE INDEX sessies_datum ON sessies (datum);

-- The agenda of a session is part of the session: it is replaced as a whole when the session
-- is edited (the old agenda stays in the session's geschiedenis row).
CREATE TABLE agendapunten (
    id           INTEGER PRIMARY KEY,
    sessie_id    INTEGER NOT NULL REFERENCES sessies (id),
    volgorde     INTEGER NOT NULL,
    indicator    TEXT    NOT NULL CHECK (indicator <> ''),
    niveau       TEXT    NOT NULL CHECK (niveau IN ('regio', 'gemeente', 'segment', 'aanbieder')),
    code         TEXT    NOT NULL CHECK (code <> ''),
    uitsplitsing TEXT    NOT NULL DEFAULT 'totaal' CHECK (uitsplitsing <> ''),
    periode      TEXT    NOT NULL CHECK (periode <> ''),
    toelichting  TEXT    NOT NULL DEFAULT '',
    UNIQUE (sessie_id, volgorde)
) STRICT;

CREATE TABLE duidingen (
    id            INTEGER PRIMARY KEY,
    sessie_id     INTEGER REFERENCES sessies (id),  -- NULL: written outside a session
    indicator     TEXT    NOT NULL CHECK (indicator <> ''),
    niveau        TEXT    NOT NULL CHECK (niveau IN ('regio', 'gemeente', 'segment', 'aanbieder')),
    code          TEXT    NOT NULL CHECK (code <> ''),
    uitsplitsing  TEXT    NOT NULL DEFAULT 'totaal' CHECK (uitsplitsing <> ''),
    periode       TEXT    NOT NULL CHECK (periode <> ''),
    release_id    TEXT    NOT NULL CHECK (release_id <> ''),
    waarde_toen   REAL,                             -- the figure the author saw, if any
    tekst         TEXT    NOT NULL CHECK (trim(tekst) <> ''),  -- markdown source
    auteur        TEXT    NOT NULL,
    aangemaakt_op TEXT    NOT NULL,
    gewijzigd_op  TEXT    NOT NULL,
    versie        INTEGER NOT NULL DEFAULT 1 CHECK (versie >= 1)
) STRICT;

-- laatste_duiding() and the filters of duidingen().
CREATE INDEX duidingen_reeks ON duidingen (indicator, niveau, code, periode);
CREATE INDEX duidingen_sessie ON duidingen (sessie_id);

CREATE TABLE acties (
    id            INTEGER PRIMARY KEY,
    sessie_id     INTEGER REFERENCES sessies (id),  -- NULL: created outside a session
    soort         TEXT    NOT NULL CHECK (soort IN ('besluit', 'verbeteractie')),
    titel         TEXT    NOT NULL CHECK (trim(titel) <> ''),
    omschrijving  TEXT    NOT NULL DEFAULT '',
    eigenaar      TEXT    NOT NULL DEFAULT '',
    deadline      TEXT
                  CHECK (deadline IS NULL
                         OR deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status        TEXT    NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'loopt', 'gereed', 'vervallen')),
    indicator     TEXT    CHECK (indicator IS NULL OR indicator <> ''),
    streefwaarde  REAL,
    aangemaakt_op TEXT    NOT NULL,
    gewijzigd_op  TEXT    NOT NULL,
    versie        INTEGER NOT NULL DEFAULT 1 CHECK (versie >= 1)
) STRICT;

CREATE INDEX acties_sessie ON acties (sessie_id);
CREATE INDEX acties_status_deadline ON acties (status, deadline);
CREATE INDEX acties_indicator ON acties (indicator);

-- One row per insert (oud NULL) and per update of a sessie, duiding or actie.
CREATE TABLE geschiedenis (
    id      INTEGER PRIMARY KEY,
    tabel   TEXT    NOT NULL CHECK (tabel IN ('sessies', 'duidingen', 'acties')),
    rij_id  INTEGER NOT NULL,
    versie  INTEGER NOT NULL CHECK (versie >= 1),
    wie     TEXT    NOT NULL,
    wanneer TEXT    NOT NULL,
    oud     TEXT    CHECK (oud IS NULL OR json_valid(oud)),
    nieuw   TEXT    NOT NULL CHECK (json_valid(nieuw)),
    UNIQUE (tabel, rij_id, versie)
) STRICT;

-- Nothing is ever lost: no deletes of sessions, duidingen, actions or history, and the
-- history is never rewritten.
CREATE TRIGGER sessies_niet_verwijderen BEFORE DELETE ON sessies
BEGIN SELECT RAISE(ABORT, 'sessies worden nooit verwijderd'); END;
CREATE TRIGGER duidingen_niet_verwijderen BEFORE DELETE ON duidingen
BEGIN SELECT RAISE(ABORT, 'duidingen worden nooit verwijderd'); END;
CREATE TRIGGER acties_niet_verwijderen BEFORE DELETE ON acties
BEGIN SELECT RAISE(ABORT, 'acties worden nooit verwijderd (zet de status op vervallen)'); END;
CREATE TRIGGER geschiedenis_niet_verwijderen BEFORE DELETE ON geschiedenis
BEGIN SELECT RAISE(ABORT, 'geschiedenis wordt nooit verwijderd'); END;
CREATE TRIGGER geschiedenis_niet_wijzigen BEFORE UPDATE ON geschiedenis
BEGIN SELECT RAISE(ABORT, 'geschiedenis wordt nooit gewijzigd'); END;

-- Optimistic concurrency: every update of a sessie, duiding or actie raises versie by exactly
-- one (the store writes `versie = versie + 1 WHERE id = ? AND versie = ?`).
CREATE TRIGGER sessies_versie BEFORE UPDATE ON sessies WHEN NEW.versie <> OLD.versie + 1
BEGIN SELECT RAISE(ABORT, 'sessies: versie moet precies 1 omhoog'); END;
CREATE TRIGGER duidingen_versie BEFORE UPDATE ON duidingen WHEN NEW.versie <> OLD.versie + 1
BEGIN SELECT RAISE(ABORT, 'duidingen: versie moet precies 1 omhoog'); END;
CREATE TRIGGER acties_versie BEFORE UPDATE ON acties WHEN NEW.versie <> OLD.versie + 1
BEGIN SELECT RAISE(ABORT, 'acties: versie moet precies 1 omhoog'); END;
