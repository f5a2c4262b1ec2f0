-- 0012: many communes in one deployment. A city (or province) has communes; a city officer's
-- account belongs to a city and to no commune, and reads every commune of it.
--
-- -- thidua: foreign keys off
-- (the line above asks the migration runner to turn SQLite's foreign-key enforcement off around
-- this file, as SQLite's own procedure for rebuilding a table says: app_user is rebuilt below,
-- and with enforcement on, dropping the old table would delete every session that refers to it.
-- The runner checks PRAGMA foreign_key_check before it commits, so a broken reference still
-- rolls everything back.)

-- The city by its name as plans write it ("thành phố Hải Phòng"): commune.city stays the text a
-- plan file gives; city_id links the commune to its city row.
CREATE TABLE city (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
) STRICT;

INSERT INTO city (name, created_at)
SELECT city, MIN(created_at) FROM commune GROUP BY city;

ALTER TABLE commune ADD COLUMN city_id INTEGER REFERENCES city(id);
UPDATE commune SET city_id = (SELECT c.id FROM city c WHERE c.name = commune.city);
CREATE INDEX commune_city ON commune(city_id);

-- app_user: a new role 'city' (cán bộ thành phố) with its city and no commune; every other role
-- keeps its commune. SQLite cannot change a CHECK in place: the table is rebuilt, its rows
-- copied with their ids (sessions, tokens and the audit trail refer to them).
CREATE TABLE app_user_new (
    id            INTEGER PRIMARY KEY,
    commune_id    INTEGER REFERENCES commune(id),
    city_id       INTEGER REFERENCES city(id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin','officer','reporter','leader','viewer','city')),
    org_unit_id   INTEGER REFERENCES org_unit(id),
    person_id     INTEGER REFERENCES person(id),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
    created_at    TEXT NOT NULL,
    CHECK (role <> 'reporter' OR org_unit_id IS NOT NULL),
    CHECK ((role = 'city') = (commune_id IS NULL)),
    CHECK (role <> 'city' OR (city_id IS NOT NULL AND org_unit_id IS NULL))
) STRICT;

INSERT INTO app_user_new (id, commune_id, city_id, username, display_name, password_hash, role, org_unit_id,
                          person_id, disabled, created_at)
SELECT id, commune_id, NULL, username, display_name, password_hash, role, org_unit_id, person_id, disabled,
       created_at
  FROM app_user;

DROP TABLE app_user;
ALTER TABLE app_user_new RENAME TO app_user;
CREATE INDEX app_user_city ON app_user(city_id);
