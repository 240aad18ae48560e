-- Each person's workload, kept current by the database in the same transaction as every change
-- that moves it, so that "who takes this?" reads a few hundred rows instead of counting a
-- hundred thousand clients (docs/decisions/007-assignment-and-workloads.md). The figures are exact at every
-- commit: statement-level triggers fold each statement's rows into per-person deltas.

-- The weight of one client in its AM's load; the same formula as accountWeight() in
-- src/server/assignments/rank-candidates.ts (a test holds the two together).
CREATE FUNCTION tandem_client_weight(size text, monthly_payment_minor bigint, reference numeric)
  RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN monthly_payment_minor > 0 AND reference > 0
        THEN least(3, greatest(0.5, monthly_payment_minor / reference))
      ELSE CASE size WHEN 'micro' THEN 0.5 WHEN 'small' THEN 0.75 WHEN 'large' THEN 1.5
                     WHEN 'enterprise' THEN 2 ELSE 1 END
    END
  $$;

-- The monthly payment that weighs 1, from the workspace's sales-flow settings.
CREATE FUNCTION tandem_reference_payment(workspace uuid)
  RETURNS numeric LANGUAGE sql STABLE
  AS $$
    SELECT coalesce((settings -> 'salesFlow' ->> 'referenceMonthlyPaymentMinor')::numeric, 10000000)
    FROM workspaces WHERE id = workspace
  $$;

CREATE TABLE workloads (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  -- Active clients owned (as AM) and their summed weight.
  clients integer NOT NULL DEFAULT 0,
  client_weight numeric NOT NULL DEFAULT 0,
  -- Projects in planning, running or on hold, as PM.
  pm_projects integer NOT NULL DEFAULT 0,
  open_deals integer NOT NULL DEFAULT 0,
  open_leads integer NOT NULL DEFAULT 0,
  open_tasks integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, user_id)
);

-- One trigger function for every source. Arguments: the person column, the counter, the
-- condition for a row to count, and (optionally) the weight expression for client_weight.
CREATE FUNCTION tandem_fold_workload() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text := TG_ARGV[0];
  counter text := TG_ARGV[1];
  counts text := TG_ARGV[2];
  weight text := coalesce(TG_ARGV[3], '0');
  parts text[] := '{}';
  weighted boolean := TG_ARGV[3] IS NOT NULL;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    parts := parts || format(
      'SELECT workspace_id, %1$I AS user_id, -1 AS n, -(%2$s)::numeric AS w FROM old_rows WHERE %1$I IS NOT NULL AND (%3$s)',
      who, weight, counts);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    parts := parts || format(
      'SELECT workspace_id, %1$I AS user_id, 1 AS n, (%2$s)::numeric AS w FROM new_rows WHERE %1$I IS NOT NULL AND (%3$s)',
      who, weight, counts);
  END IF;
  EXECUTE format(
    'INSERT INTO workloads AS t (workspace_id, user_id, %1$I%2$s)
     SELECT workspace_id, user_id, sum(n)%3$s FROM (%4$s) d
     GROUP BY workspace_id, user_id HAVING sum(n) <> 0 OR sum(w) <> 0
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET %1$I = t.%1$I + excluded.%1$I%5$s',
    counter,
    CASE WHEN weighted THEN ', client_weight' ELSE '' END,
    CASE WHEN weighted THEN ', sum(w)' ELSE '' END,
    array_to_string(parts, ' UNION ALL '),
    CASE WHEN weighted THEN ', client_weight = t.client_weight + excluded.client_weight' ELSE '' END);
  RETURN NULL;
END
$$;

-- Triggers per table and event (a transition table is declared per event).
CREATE TRIGGER companies_workload_insert AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('owner_id', 'clients',
    'status = ''client'' AND archived_at IS NULL',
    'tandem_client_weight(size, monthly_payment_minor, tandem_reference_payment(workspace_id))');
CREATE TRIGGER companies_workload_update AFTER UPDATE ON companies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('owner_id', 'clients',
    'status = ''client'' AND archived_at IS NULL',
    'tandem_client_weight(size, monthly_payment_minor, tandem_reference_payment(workspace_id))');
CREATE TRIGGER companies_workload_delete AFTER DELETE ON companies REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('owner_id', 'clients',
    'status = ''client'' AND archived_at IS NULL',
    'tandem_client_weight(size, monthly_payment_minor, tandem_reference_payment(workspace_id))');

CREATE TRIGGER deals_workload_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('owner_id', 'open_deals', 'closed_at IS NULL AND archived_at IS NULL');
CREATE TRIGGER deals_workload_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('owner_id', 'open_deals', 'closed_at IS NULL AND archived_at IS NULL');
CREATE TRIGGER deals_workload_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('owner_id', 'open_deals', 'closed_at IS NULL AND archived_at IS NULL');

CREATE TRIGGER tasks_workload_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('assignee_id', 'open_tasks', 'status = ''open''');
CREATE TRIGGER tasks_workload_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('assignee_id', 'open_tasks', 'status = ''open''');
CREATE TRIGGER tasks_workload_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('assignee_id', 'open_tasks', 'status = ''open''');

CREATE TRIGGER leads_workload_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('assignee_id', 'open_leads', 'status IN (''new'', ''accepted'')');
CREATE TRIGGER leads_workload_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('assignee_id', 'open_leads', 'status IN (''new'', ''accepted'')');
CREATE TRIGGER leads_workload_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('assignee_id', 'open_leads', 'status IN (''new'', ''accepted'')');

CREATE TRIGGER projects_workload_insert AFTER INSERT ON projects REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('pm_id', 'pm_projects', 'status IN (''planned'', ''active'', ''on_hold'')');
CREATE TRIGGER projects_workload_update AFTER UPDATE ON projects REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('pm_id', 'pm_projects', 'status IN (''planned'', ''active'', ''on_hold'')');
CREATE TRIGGER projects_workload_delete AFTER DELETE ON projects REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_workload('pm_id', 'pm_projects', 'status IN (''planned'', ''active'', ''on_hold'')');

-- Counts everything again from the records: for a workspace whose reference payment changed,
-- and as the check that the running figures are right.
CREATE FUNCTION tandem_recount_workloads(workspace uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM workloads WHERE workspace_id = workspace;
  INSERT INTO workloads (workspace_id, user_id, clients, client_weight, pm_projects, open_deals, open_leads, open_tasks)
  SELECT workspace, user_id, sum(clients), sum(client_weight), sum(pm_projects), sum(open_deals), sum(open_leads), sum(open_tasks)
  FROM (
    SELECT owner_id AS user_id, count(*) AS clients,
           sum(tandem_client_weight(size, monthly_payment_minor, tandem_reference_payment(workspace))) AS client_weight,
           0 AS pm_projects, 0 AS open_deals, 0 AS open_leads, 0 AS open_tasks
      FROM companies WHERE workspace_id = workspace AND owner_id IS NOT NULL AND status = 'client' AND archived_at IS NULL
      GROUP BY owner_id
    UNION ALL
    SELECT pm_id, 0, 0, count(*), 0, 0, 0 FROM projects
      WHERE workspace_id = workspace AND pm_id IS NOT NULL AND status IN ('planned', 'active', 'on_hold') GROUP BY pm_id
    UNION ALL
    SELECT owner_id, 0, 0, 0, count(*), 0, 0 FROM deals
      WHERE workspace_id = workspace AND owner_id IS NOT NULL AND closed_at IS NULL AND archived_at IS NULL GROUP BY owner_id
    UNION ALL
    SELECT assignee_id, 0, 0, 0, 0, count(*), 0 FROM leads
      WHERE workspace_id = workspace AND assignee_id IS NOT NULL AND status IN ('new', 'accepted') GROUP BY assignee_id
    UNION ALL
    SELECT assignee_id, 0, 0, 0, 0, 0, count(*) FROM tasks
      WHERE workspace_id = workspace AND assignee_id IS NOT NULL AND status = 'open' GROUP BY assignee_id
  ) sources
  GROUP BY user_id;
$$;

SELECT tandem_recount_workloads(id) FROM workspaces;
