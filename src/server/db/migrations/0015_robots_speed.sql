-- Robot passes at a million clients (issue 7; docs/account-work.md, decision 015): each rule reads
-- only its candidates through a partial index, and each action writes fewer, more local index
-- entries.

-- A time-ordered UUID (the layout of UUID version 7: 48 bits of Unix milliseconds, then random
-- bits). Rows a pass creates get neighbouring keys, so their primary-key entries land on the same
-- few index pages instead of one random page each.
CREATE FUNCTION tandem_time_uuid() RETURNS uuid LANGUAGE sql VOLATILE
  AS $$
    SELECT (lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
      || replace(substr(gen_random_uuid()::text, 16), '-', ''))::uuid
  $$;
ALTER TABLE robot_actions ALTER COLUMN id SET DEFAULT tandem_time_uuid();

-- The next-step robot reads open deals whose next step is missing or past a moment: one range
-- over coalesce(next_step_at, -infinity), where a missing next step sorts first, with what it
-- needs to tell whether the deal's cause is already in its log (an index-only scan: the deals
-- themselves are read only for new causes). The old index (on next_step_at) made the robot read
-- every open deal for the "missing" half of its condition.
DROP INDEX deals_open_next_step_idx;
CREATE INDEX deals_next_step_due_idx ON deals (workspace_id, (coalesce(next_step_at, '-infinity'::timestamptz)))
  INCLUDE (id, next_step_at, created_at, stage_entered_at)
  WHERE closed_at IS NULL AND archived_at IS NULL AND owner_id IS NOT NULL;

-- Nothing reads client accounts by next contact date except the cadence robot, which has its own
-- partial index; this one only cost a write on every logged contact and every robot marker.
DROP INDEX client_accounts_next_contact_idx;

-- Tasks are looked up by deal only for a deal: most tasks (every cadence task) have none, and
-- needn't be in this index.
DROP INDEX tasks_deal_idx;
CREATE INDEX tasks_deal_idx ON tasks (workspace_id, deal_id, status) WHERE deal_id IS NOT NULL;
