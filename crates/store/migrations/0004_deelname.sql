-- Partners in the PDCA cycle (issue 21): a session's invited participants (accounts of any
-- role), replaced as a whole with the session like its agenda; and the account that owns an
-- action (besides the free-text eigenaar), who sees it under "Mijn acties" and updates its
-- status.

CREATE TABLE sessie_deelnemers (
    sessie_id INTEGER NOT NULL REFERENCES sessies (id),
    login     TEXT    NOT NULL CHECK (login <> ''),
    PRIMARY KEY (sessie_id, login)
) STRICT;

CREATE INDEX sessie_deelnemers_login ON sessie_deelnemers (login);

ALTER TABLE acties ADD COLUMN eigenaar_login TEXT CHECK (eigenaar_login IS NULL OR eigenaar_login <> '');

CREATE INDEX acties_eigenaar_login ON acties (eigenaar_login);
