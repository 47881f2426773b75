-- planche catalogue, schema version 5: every query form in bounded time at
-- 100,000 images. A filter is read one of two ways (collection/search.c):
-- when it matches many items, the items are scanned in id order and the
-- first page is found quickly; when it matches few, its index lists them.
-- The indexes below serve the second way, which had none (a rare tag, year,
-- source or pipeline read every row). tests/unit/test_migrate.c checks the
-- plans and that every row is kept.

-- tag:NAME: the items of a tag straight from the index, in item order
-- (the index on the tag alone pointed at the tags table for each one).
CREATE INDEX tags_tag_item ON tags(tag COLLATE NOCASE, item_id);
DROP INDEX tags_tag_nocase;

-- year:FROM..TO: a range that ends before most items start is found by
-- items_year (year_min); one that begins after most end, by this one.
CREATE INDEX items_year_max ON items(year_max, year_min);

-- source:TEXT matches inside the name: read from this small index rather
-- than from the items' rows.
CREATE INDEX items_source ON items(source);

-- pipeline:NAME: the items last run with it, and those without a run yet
-- that name it.
CREATE INDEX runs_pipeline ON runs(pipeline, item_id);
CREATE INDEX items_pipeline ON items(pipeline);

PRAGMA user_version = 5;
