-- planche catalogue, schema version 4: documents the archivist names.
-- Before, an image was grouped with others only through its identifier (the
-- views of one ARK); two pages of one book from elsewhere stayed apart. An
-- item's `document` names the book, issue or print set it belongs to,
-- whatever its identifier: its views are listed together, in view order.
-- Forward only: every row is kept, and items without a name keep the
-- document their identifier gave them.

-- The document's name as given (sheet column `document`, `add --document`,
-- `set document=`); NULL when the identifier decides.
ALTER TABLE items ADD COLUMN document TEXT;

-- A named document is keyed 'document:<name>' in documents.key.
CREATE INDEX items_document_name ON items(document COLLATE NOCASE);

PRAGMA user_version = 4;
