-- Named queries used by src/catalog.c. Each starts with a "-- name: NAME" line
-- and runs to the next one; parameters are bound by position.

-- name: identifiers_by_item
SELECT scheme, authority, local_id, view, url, value
FROM identifiers WHERE item_id = ?1 ORDER BY position;

-- name: tags_by_item
SELECT tag FROM tags WHERE item_id = ?1 ORDER BY tag;

-- name: overrides_by_item
SELECT key, value FROM overrides WHERE item_id = ?1 ORDER BY key;

-- name: last_run_by_item
SELECT id, pipeline, pipeline_hash, original_sha256, started_at, seconds, status,
       error, master_path, master_size, master_sha256, master_width, master_height,
       region, angle, inputs_hash
FROM runs WHERE item_id = ?1 ORDER BY id DESC LIMIT 1;

-- name: last_done_run_by_item
-- The latest run that made a master: still published when a later one failed.
SELECT id, pipeline, pipeline_hash, original_sha256, started_at, seconds, status,
       error, master_path, master_size, master_sha256, master_width, master_height,
       region, angle, inputs_hash
FROM runs WHERE item_id = ?1 AND status = 'done' ORDER BY id DESC LIMIT 1;

-- name: steps_by_run
SELECT step, params, measured, applied FROM run_steps WHERE run_id = ?1 ORDER BY position;

-- name: items_all
-- The items whose ids are in [?1, ?2], with their document's key and title
-- and their EXIF: one (catalog_item_load, ?1 = ?2), a batch at a time (a
-- dump) or all of them (a site's build). Every query *_all takes the same
-- range.
SELECT i.id, i.path, i.size, i.mtime, i.sha256, i.format, i.width, i.height,
       i.status, i.error, i.title, i.creator, i.date, i.year_min, i.year_max,
       i.description, i.publisher, i.institution, i.source, i.credit, i.rights,
       i.notes, i.pipeline, i.added_at, i.updated_at,
       i.document_id, d.key, d.title,
       e.datetime, e.make, e.model, e.artist, e.copyright, e.description,
       e.resolution_unit, e.x_resolution, e.y_resolution, e.orientation,
       i.document
FROM items i
LEFT JOIN documents d ON d.id = i.document_id
LEFT JOIN exif e ON e.item_id = i.id
WHERE i.id BETWEEN ?1 AND ?2
ORDER BY i.id;

-- name: identifiers_all
SELECT item_id, scheme, authority, local_id, view, url, value
FROM identifiers WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id, position;

-- name: tags_all
SELECT item_id, tag FROM tags WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id, tag;

-- name: overrides_all
SELECT item_id, key, value FROM overrides WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id, key;

-- name: runs_published_all
-- Each item's latest run and its latest done one (one row when they are the
-- same run), in (item, run) order: last_run_by_item and last_done_run_by_item
-- for every item at once. Item by item, each max(id) from the runs_item
-- index: no temporary B-tree to sort (a fifth less time at 100,000 items
-- than two IN lists over the whole table).
SELECT r.item_id, r.id, r.pipeline, r.pipeline_hash, r.original_sha256, r.started_at,
       r.seconds, r.status, r.error, r.master_path, r.master_size, r.master_sha256,
       r.master_width, r.master_height, r.region, r.angle, r.inputs_hash
FROM items i
JOIN runs r ON r.id IN ((SELECT max(id) FROM runs WHERE item_id = i.id),
                        (SELECT max(id) FROM runs WHERE item_id = i.id AND status = 'done'))
WHERE i.id BETWEEN ?1 AND ?2
ORDER BY i.id, r.id;

-- name: item_ids
SELECT id FROM items ORDER BY id;

-- name: item_id_by_sha
SELECT id FROM items WHERE sha256 = ?1;

-- name: item_id_by_sha_prefix
-- A range on the hex digits, so that the unique index on sha256 serves it.
SELECT id FROM items WHERE sha256 >= lower(?1) AND sha256 < lower(?1) || 'g' LIMIT 2;

-- name: item_id_by_path
SELECT id FROM items WHERE path = ?1;

-- name: item_ids_by_identifier
SELECT DISTINCT item_id FROM identifiers
WHERE value = ?1 AND (?2 IS NULL OR view = ?2)
ORDER BY item_id LIMIT 2;

-- name: item_insert
INSERT INTO items (path, size, mtime, sha256, format, width, height, status, error,
                   title, creator, date, year_min, year_max, description, publisher,
                   institution, source, credit, rights, notes, pipeline, document_id, document)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
        ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24);

-- name: item_update
UPDATE items SET path = ?2, size = ?3, mtime = ?4, sha256 = ?5, format = ?6,
       width = ?7, height = ?8, status = ?9, error = ?10, title = ?11, creator = ?12,
       date = ?13, year_min = ?14, year_max = ?15, description = ?16, publisher = ?17,
       institution = ?18, source = ?19, credit = ?20, rights = ?21, notes = ?22,
       pipeline = ?23, document_id = ?24, document = ?25,
       updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE id = ?1;

-- name: item_delete
DELETE FROM items WHERE id = ?1;

-- name: identifiers_clear
DELETE FROM identifiers WHERE item_id = ?1;

-- name: identifier_insert
INSERT INTO identifiers (item_id, position, scheme, authority, local_id, view, url, value)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);

-- name: tags_clear
DELETE FROM tags WHERE item_id = ?1;

-- name: tag_insert
INSERT OR IGNORE INTO tags (item_id, tag) VALUES (?1, ?2);

-- name: exif_upsert
INSERT OR REPLACE INTO exif (item_id, datetime, make, model, artist, copyright,
                             description, resolution_unit, x_resolution, y_resolution,
                             orientation)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);

-- name: document_get_or_insert
INSERT INTO documents (key) VALUES (?1)
ON CONFLICT (key) DO UPDATE SET key = excluded.key
RETURNING id;

-- name: document_name
UPDATE documents SET title = ?2 WHERE id = ?1;

-- name: document_fill
-- Fills a document's empty fields from one of its items; never overwrites.
UPDATE documents SET title = coalesce(title, ?2), creator = coalesce(creator, ?3),
       date = coalesce(date, ?4), publisher = coalesce(publisher, ?5),
       institution = coalesce(institution, ?6)
WHERE id = ?1;

-- name: fts_delete
DELETE FROM items_fts WHERE rowid = ?1;

-- name: fts_insert
INSERT INTO items_fts (rowid, title, creator, description, tags, identifiers, document)
SELECT i.id, i.title, i.creator, i.description,
       (SELECT group_concat(tag, ' ') FROM tags WHERE item_id = i.id),
       (SELECT group_concat(value || ' ' || local_id || coalesce(' f' || view, ''), ' ')
          FROM identifiers WHERE item_id = i.id),
       (SELECT d.title FROM documents d WHERE d.id = i.document_id)
FROM items i WHERE i.id = ?1;

-- name: override_set
INSERT OR REPLACE INTO overrides (item_id, key, value) VALUES (?1, ?2, ?3);

-- name: override_clear
DELETE FROM overrides WHERE item_id = ?1 AND (?2 IS NULL OR key = ?2);

-- name: run_insert
INSERT INTO runs (item_id, pipeline, pipeline_hash, original_sha256, started_at, seconds,
                  status, error, master_path, master_size, master_sha256, master_width,
                  master_height, region, angle, inputs_hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16);

-- name: run_step_insert
INSERT INTO run_steps (run_id, position, step, params, measured, applied)
VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- name: item_set_status
UPDATE items SET status = ?2, error = ?3 WHERE id = ?1;

-- name: master_paths_all
-- Every master a run has named, for verify's search of stray files.
SELECT DISTINCT master_path FROM runs WHERE master_path IS NOT NULL ORDER BY master_path;

-- name: master_paths_by_item
SELECT DISTINCT master_path FROM runs WHERE item_id = ?1 AND master_path IS NOT NULL;

-- name: documents_prune
-- Documents no item points at any more (after rm).
DELETE FROM documents
WHERE NOT EXISTS (SELECT 1 FROM items WHERE items.document_id = documents.id);

-- name: import_row_begin
SAVEPOINT import_row;

-- name: import_row_release
RELEASE import_row;

-- name: import_row_undo
ROLLBACK TO import_row;

-- name: read_begin
-- A read-only snapshot for export and verify: unlike BEGIN IMMEDIATE it does
-- not hold other writers off while they read.
BEGIN DEFERRED;

-- name: fetched_record_upsert
-- The record an archive served, once per URL; fetching again replaces it.
INSERT INTO fetched_records (url, archive, identifier, retrieved_at, content_type, body, fields)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (url) DO UPDATE SET archive = excluded.archive, identifier = excluded.identifier,
       retrieved_at = excluded.retrieved_at, content_type = excluded.content_type,
       body = excluded.body, fields = excluded.fields
RETURNING id;

-- name: item_record_link
INSERT OR IGNORE INTO item_records (item_id, record_id) VALUES (?1, ?2);

-- name: fetched_records_by_item
SELECT r.url, r.archive, r.identifier, r.retrieved_at, r.content_type, r.fields, r.body
FROM item_records ir JOIN fetched_records r ON r.id = ir.record_id
WHERE ir.item_id = ?1
ORDER BY r.retrieved_at DESC, r.id;

-- name: item_ids_unfetched
-- Items with an archive identifier and no record fetched yet (fetch --missing).
SELECT i.id FROM items i
WHERE EXISTS (SELECT 1 FROM identifiers d WHERE d.item_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM item_records ir WHERE ir.item_id = i.id)
ORDER BY i.id;

-- name: item_ids_identified
-- Items with an archive identifier (fetch --all).
SELECT i.id FROM items i
WHERE EXISTS (SELECT 1 FROM identifiers d WHERE d.item_id = i.id)
ORDER BY i.id;
