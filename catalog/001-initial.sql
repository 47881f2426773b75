-- planche catalogue, schema version 1.
-- Applied in one transaction by catalog_open() when user_version < 1.

-- The book, periodical issue or print an image comes from; several images
-- (views/folios of one ARK) share one document.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,   -- canonical identifier without view, or 'title:<title>'
    title       TEXT,
    creator     TEXT,
    date        TEXT,                   -- as written: "1843", "vers 1860", "1865~"
    publisher   TEXT,
    institution TEXT                    -- holding institution
);

-- One registered original file and what we know of it.
CREATE TABLE items (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,  -- relative to the collection when inside it
    size         INTEGER,
    mtime        INTEGER,               -- seconds since the epoch
    sha256       TEXT UNIQUE,           -- NULL only when the file could not be read
    format       TEXT,                  -- jpeg, tiff, png, jp2, webp
    width        INTEGER,
    height       INTEGER,
    status       TEXT NOT NULL DEFAULT 'registered'
                 CHECK (status IN ('registered', 'failed', 'cleaned')),
    error        TEXT,                  -- why the last step on it failed
    document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    title        TEXT,
    creator      TEXT,
    date         TEXT,                  -- as written
    year_min     INTEGER,               -- earliest year the date allows
    year_max     INTEGER,               -- latest year the date allows
    description  TEXT,
    publisher    TEXT,
    institution  TEXT,
    source       TEXT,                  -- gallica, internet-archive, wikimedia-commons, other
    credit       TEXT,                  -- credit line shown next to the picture
    rights       TEXT,                  -- rights statement URI or text
    notes        TEXT,
    pipeline     TEXT,                  -- per-image pipeline choice, NULL = collection default
    added_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX items_document ON items(document_id);
CREATE INDEX items_status ON items(status);

-- The EXIF of an original that matters for a scan (read with libexif).
CREATE TABLE exif (
    item_id      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    datetime     TEXT,
    make         TEXT,
    model        TEXT,
    x_resolution REAL,
    y_resolution REAL,
    resolution_unit TEXT,
    orientation  INTEGER,
    artist       TEXT,
    copyright    TEXT,
    description  TEXT
);

-- Identifiers of an item in the archives it comes from; position 0 is the primary one.
CREATE TABLE identifiers (
    item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    scheme     TEXT NOT NULL,           -- ark, internet-archive, wikimedia-commons, url, other
    authority  TEXT,                    -- 12148 for the BnF, archive.org, commons.wikimedia.org
    local_id   TEXT NOT NULL,           -- btv1b8451605w
    view       TEXT,                    -- folio / view number: 12
    url        TEXT,                    -- canonical URL of the view
    value      TEXT NOT NULL,           -- canonical form: ark:/12148/btv1b8451605w
    PRIMARY KEY (item_id, position)
);
CREATE INDEX identifiers_value ON identifiers(value);

CREATE TABLE tags (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    PRIMARY KEY (item_id, tag)
);
CREATE INDEX tags_tag ON tags(tag);

-- Each time an item went through a pipeline.
CREATE TABLE runs (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    pipeline       TEXT NOT NULL,
    pipeline_hash  TEXT NOT NULL,       -- SHA-256 of the pipeline's text
    inputs_hash    TEXT,                -- SHA-256 of everything the result depends on
    original_sha256 TEXT NOT NULL,      -- the original as it was cleaned
    started_at     TEXT NOT NULL,
    seconds        REAL,
    status         TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    error          TEXT,
    master_path    TEXT,
    master_size    INTEGER,
    master_sha256  TEXT,
    master_width   INTEGER,
    master_height  INTEGER,
    region         TEXT,                -- JSON [[x,y]x4]: the master's corners in the original
    angle          REAL                 -- degrees rotated, counter-clockwise positive
);
CREATE INDEX runs_item ON runs(item_id, id);

-- What each step of a run was given and what it measured (JSON objects).
CREATE TABLE run_steps (
    run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    step      TEXT NOT NULL,
    params    TEXT NOT NULL DEFAULT '{}',
    measured  TEXT NOT NULL DEFAULT '{}',
    applied   INTEGER NOT NULL DEFAULT 1, -- 0 when the step chose to do nothing
    PRIMARY KEY (run_id, position)
);

-- Per-image manual corrections (crop, angle, skip, levels, ...), kept across re-runs.
CREATE TABLE overrides (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    set_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (item_id, key)
);

-- Full-text index; rows are rewritten by catalog_reindex_item() after every change.
-- remove_diacritics folds "Épée" to "epee"; unicode61 folds case.
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, creator, description, tags, identifiers, document,
    tokenize = 'unicode61 remove_diacritics 2'
);

PRAGMA user_version = 1;
