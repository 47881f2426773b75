-- planche catalogue, schema version 2: indexes for collections of 100,000 images.
-- Each index serves a query that otherwise read every row (EXPLAIN QUERY PLAN
-- said SCAN): tests/unit/test_migrate.c checks the plans.

-- tag:NAME compares without case.
CREATE INDEX tags_tag_nocase ON tags(tag COLLATE NOCASE);

-- year:FROM..TO keeps the items whose range overlaps the one asked for, and
-- --sort date orders by the first year.
CREATE INDEX items_year ON items(year_min, year_max);

-- --sort title, creator and added, one page at a time (--limit).
CREATE INDEX items_title ON items(title COLLATE NOCASE);
CREATE INDEX items_creator ON items(creator COLLATE NOCASE);
CREATE INDEX items_added ON items(added_at);

-- verify lists every master the runs named.
CREATE INDEX runs_master ON runs(master_path);

PRAGMA user_version = 2;
