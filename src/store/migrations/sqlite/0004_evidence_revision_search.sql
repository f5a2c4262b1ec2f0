-- 0004: evidence on figures, a revision per plan, and a search key on the audit trail.

-- Where the proof of a figure is (a minutes' number and date, a URL), kept apart from the note.
ALTER TABLE data_value ADD COLUMN evidence TEXT CHECK (evidence IS NULL OR length(evidence) <= 1000);

-- Rises with every change to a plan's content (a plan file written over it), so that what is
-- derived from the plan (the evaluation's ETag) changes with it even when no figure does.
ALTER TABLE plan ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- The actor, action, entity and details folded without diacritics, so that "giai phong" finds
-- "giải phóng". SQL has no Vietnamese folding: the store computes it with ICU when it writes the
-- entry, and fills it in once for the entries written before this version. The trail stays
-- append-only: every column but this derived key is guarded, and the key can be set only once.
ALTER TABLE audit_log ADD COLUMN search TEXT;
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update
BEFORE UPDATE OF id, commune_id, at, user_id, actor, action, entity, entity_id, before_json, after_json ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_search_once BEFORE UPDATE OF search ON audit_log WHEN OLD.search IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE INDEX audit_unsearchable ON audit_log(id) WHERE search IS NULL;
