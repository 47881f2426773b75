-- planche catalogue, schema version 3: the records fetched from the archives.
-- (Version 2 is another change's; a catalogue moves through whichever it lacks.)

-- A record as an archive served it (Gallica's OAIRecord, archive.org's
-- metadata, Commons' imageinfo), kept once per URL: fetching again replaces it.
CREATE TABLE fetched_records (
    id           INTEGER PRIMARY KEY,
    url          TEXT NOT NULL UNIQUE,   -- the archive's address of the record
    archive      TEXT NOT NULL,          -- gallica, internet-archive, wikimedia-commons
    identifier   TEXT NOT NULL,          -- the document's: ark:/12148/btv1b8451605w, ia:ID, commons:File:X
    retrieved_at TEXT NOT NULL,          -- ISO 8601 UTC
    content_type TEXT,
    body         TEXT NOT NULL,          -- the answer as served
    fields       TEXT NOT NULL DEFAULT '{}' -- JSON: what planche read from it
);

-- Which items took their fields from which record (views of one document share it).
CREATE TABLE item_records (
    item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    record_id  INTEGER NOT NULL REFERENCES fetched_records(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, record_id)
);
CREATE INDEX item_records_record ON item_records(record_id);

PRAGMA user_version = 3;
