-- Robot passes at a million clients (issue 7; docs/account-work.md, decision 015): a pass with
-- nothing new reads nothing, and each action writes fewer, more local index entries.

-- A time-ordered UUID (the layout of UUID version 7: 48 bits of Unix milliseconds, then random
-- bits). Rows a pass creates get neighbouring keys, so their primary-key entries land on the same
-- few index pages instead of one random page each.
CREATE FUNCTION tandem_time_uuid() RETURNS uuid LANGUAGE sql VOLATILE
  AS $$
    SELECT (lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
      || replace(substr(gen_random_uuid()::text, 16), '-', ''))::uuid
  $$;
ALTER TABLE robot_actions ALTER COLUMN id SET DEFAULT tandem_time_uuid();

-- The next-step robot's marker, as cadence_flagged_on is the cadence robot's: the next step
-- (-infinity for none) of an open deal the robot has acted on. A deal whose next step has not been
-- acted on — a new deal, a changed date — is in the partial index below, so a pass reads only
-- those: not the stalled deals it has already handled (a deal given an owner enters it then). The marker is the robot's, not the deal's
-- data: it is not part of the API, the audit log or the deal's version.
ALTER TABLE deals ADD COLUMN next_step_flagged_for timestamptz;
DROP INDEX deals_open_next_step_idx;
CREATE INDEX deals_next_step_unhandled_idx ON deals (workspace_id, next_step_at)
  WHERE closed_at IS NULL AND archived_at IS NULL AND owner_id IS NOT NULL
    AND next_step_flagged_for IS DISTINCT FROM coalesce(next_step_at, '-infinity'::timestamptz);

-- Nothing reads client accounts by next contact date except the cadence robot, which has its own
-- partial index; this one only cost a write on every logged contact and every robot marker.
DROP INDEX client_accounts_next_contact_idx;

-- Tasks are looked up by deal only for a deal: most tasks (every cadence task) have none, and
-- needn't be in this index.
DROP INDEX tasks_deal_idx;
CREATE INDEX tasks_deal_idx ON tasks (workspace_id, deal_id, status) WHERE deal_id IS NOT NULL;
