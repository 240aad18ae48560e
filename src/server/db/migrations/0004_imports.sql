-- Imports (issue 4): how far into the file an import has committed, so a resumed CSV import
-- reads on from that byte instead of parsing the committed rows again, and progress can be shown
-- before the number of rows is known.
ALTER TABLE imports ADD COLUMN bytes_committed bigint NOT NULL DEFAULT 0;
-- The running imports, for the start-up sweep that marks dead ones interrupted.
CREATE INDEX imports_running_idx ON imports (status, updated_at) WHERE status = 'running';

-- A company is called once per list: the import finds the companies already queued with this,
-- and the constraint keeps a resumed or repeated run from queueing one twice.
CREATE UNIQUE INDEX call_queue_list_company_key ON call_queue_items (workspace_id, call_list_id, company_id);
