-- KPIs (issue 6, docs/kpis.md, decision 013). Dashboards read small rollups kept up to date by
-- statement-level triggers (the way workloads are kept in 0004), so a quarter's figures over
-- millions of activities and payments are read from a few thousand rows.

-- Activities per person, month (in the workspace's time zone) and type: calls, meetings. KPI
-- periods are whole months and quarters, so a quarter reads three rows per person and type.
CREATE TABLE kpi_user_months (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  month date NOT NULL,
  user_id uuid NOT NULL,
  type text NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, month, user_id, type)
);

-- Contacts (calls, e-mails, meetings) per client and day: cadence compliance.
CREATE TABLE kpi_company_days (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  company_id uuid NOT NULL,
  day date NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, company_id, day)
);

-- Per client and month: the first and last contact day and the longest gap between contacts
-- inside the month. Gaps are mergeable across months (the gap between months is the next month's
-- first day minus this month's last), so a quarter's cadence reads three rows per client.
CREATE TABLE kpi_company_months (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  company_id uuid NOT NULL,
  month date NOT NULL,
  first_day date NOT NULL,
  last_day date NOT NULL,
  longest_gap integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, company_id, month)
);
CREATE INDEX kpi_company_months_month_idx ON kpi_company_months (workspace_id, month)
  INCLUDE (company_id, first_day, last_day, longest_gap);

-- Re-counts the months of the given (workspace, company, day) rows from kpi_company_days.
CREATE FUNCTION tandem_refold_company_months() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM kpi_company_months t USING (SELECT DISTINCT workspace_id, company_id, month FROM kpi_touched) k
   WHERE t.workspace_id = k.workspace_id AND t.company_id = k.company_id AND t.month = k.month;
  INSERT INTO kpi_company_months (workspace_id, company_id, month, first_day, last_day, longest_gap)
  SELECT workspace_id, company_id, month, min(day), max(day), coalesce(max(day - prev), 0)
    FROM (
      SELECT cd.workspace_id, cd.company_id, k.month, cd.day,
             lag(cd.day) OVER (PARTITION BY cd.workspace_id, cd.company_id, k.month ORDER BY cd.day) AS prev
        FROM (SELECT DISTINCT workspace_id, company_id, month FROM kpi_touched) k
        JOIN kpi_company_days cd ON cd.workspace_id = k.workspace_id AND cd.company_id = k.company_id
         AND cd.day >= k.month AND cd.day < k.month + interval '1 month' AND cd.n > 0
    ) days
   GROUP BY workspace_id, company_id, month;
END
$$;

CREATE FUNCTION tandem_fold_activity_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS kpi_touched (workspace_id uuid, company_id uuid, month date) ON COMMIT DROP;
  DELETE FROM kpi_touched;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO kpi_user_months AS t (workspace_id, month, user_id, type, n)
    SELECT r.workspace_id, date_trunc('month', r.occurred_at AT TIME ZONE w.time_zone)::date, r.author_id, r.type, -count(*)
      FROM old_rows r JOIN workspaces w ON w.id = r.workspace_id
     WHERE r.author_id IS NOT NULL
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, month, user_id, type) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO kpi_company_days AS t (workspace_id, company_id, day, n)
    SELECT r.workspace_id, r.company_id, (r.occurred_at AT TIME ZONE w.time_zone)::date, -count(*)
      FROM old_rows r JOIN workspaces w ON w.id = r.workspace_id
     WHERE r.company_id IS NOT NULL AND r.type IN ('call', 'email', 'meeting')
     GROUP BY 1, 2, 3
    ON CONFLICT (workspace_id, company_id, day) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO kpi_user_months AS t (workspace_id, month, user_id, type, n)
    SELECT r.workspace_id, date_trunc('month', r.occurred_at AT TIME ZONE w.time_zone)::date, r.author_id, r.type, count(*)
      FROM new_rows r JOIN workspaces w ON w.id = r.workspace_id
     WHERE r.author_id IS NOT NULL
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, month, user_id, type) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO kpi_company_days AS t (workspace_id, company_id, day, n)
    SELECT r.workspace_id, r.company_id, (r.occurred_at AT TIME ZONE w.time_zone)::date, count(*)
      FROM new_rows r JOIN workspaces w ON w.id = r.workspace_id
     WHERE r.company_id IS NOT NULL AND r.type IN ('call', 'email', 'meeting')
     GROUP BY 1, 2, 3
    ON CONFLICT (workspace_id, company_id, day) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO kpi_touched
    SELECT DISTINCT r.workspace_id, r.company_id, date_trunc('month', (r.occurred_at AT TIME ZONE w.time_zone))::date
      FROM new_rows r JOIN workspaces w ON w.id = r.workspace_id
     WHERE r.company_id IS NOT NULL AND r.type IN ('call', 'email', 'meeting');
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO kpi_touched
    SELECT DISTINCT r.workspace_id, r.company_id, date_trunc('month', (r.occurred_at AT TIME ZONE w.time_zone))::date
      FROM old_rows r JOIN workspaces w ON w.id = r.workspace_id
     WHERE r.company_id IS NOT NULL AND r.type IN ('call', 'email', 'meeting');
  END IF;
  PERFORM tandem_refold_company_months();
  RETURN NULL;
END
$$;

CREATE TRIGGER activities_kpi_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_activity_days();
CREATE TRIGGER activities_kpi_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_activity_days();
CREATE TRIGGER activities_kpi_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_activity_days();

-- Revenue facts per month, client, kind and the people credited, with the lead source at the
-- time of payment (the deal's, else the client's) and the first and last payment day in the month
-- (for churn: the last purchase).
CREATE TABLE kpi_revenue_months (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  month date NOT NULL,
  company_id uuid NOT NULL,
  kind text NOT NULL,
  deal_owner_id uuid,
  account_manager_id uuid,
  lead_source_id uuid,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL DEFAULT 0,
  n integer NOT NULL DEFAULT 0,
  first_on date NOT NULL,
  last_on date NOT NULL,
  UNIQUE NULLS NOT DISTINCT (workspace_id, month, company_id, kind, deal_owner_id, account_manager_id,
                             lead_source_id, currency)
);
-- Covering: a period's figures read from the index alone.
CREATE INDEX kpi_revenue_months_month_idx ON kpi_revenue_months (workspace_id, month)
  INCLUDE (company_id, kind, deal_owner_id, account_manager_id, lead_source_id, amount_minor, n, last_on);
CREATE INDEX kpi_revenue_months_company_idx ON kpi_revenue_months (workspace_id, company_id, month)
  INCLUDE (last_on, amount_minor, kind);

-- Two coarser views of the same money, kept with it: per month and people credited (dashboards'
-- revenue, revenue by source, trends), and per client and month (NRR's cohort and churn).
CREATE TABLE kpi_revenue_people_months (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  month date NOT NULL,
  kind text NOT NULL,
  deal_owner_id uuid,
  account_manager_id uuid,
  lead_source_id uuid,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL DEFAULT 0,
  n integer NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (workspace_id, month, kind, deal_owner_id, account_manager_id, lead_source_id, currency)
);
CREATE TABLE kpi_client_months (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  company_id uuid NOT NULL,
  month date NOT NULL,
  amount_minor bigint NOT NULL DEFAULT 0,
  -- Recurring and upsell money (NRR's numerator).
  kept_minor bigint NOT NULL DEFAULT 0,
  last_on date NOT NULL,
  PRIMARY KEY (workspace_id, company_id, month)
);
CREATE INDEX kpi_client_months_month_idx ON kpi_client_months (workspace_id, month)
  INCLUDE (company_id, amount_minor, kept_minor, last_on);

-- Re-counts both coarser views for the months (people) and client months in kpi_refold.
CREATE FUNCTION tandem_refold_revenue_views() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM kpi_revenue_people_months t USING (SELECT DISTINCT workspace_id, month FROM kpi_refold) k
   WHERE t.workspace_id = k.workspace_id AND t.month = k.month;
  INSERT INTO kpi_revenue_people_months (workspace_id, month, kind, deal_owner_id, account_manager_id,
    lead_source_id, currency, amount_minor, n)
  SELECT r.workspace_id, r.month, r.kind, r.deal_owner_id, r.account_manager_id, r.lead_source_id, r.currency,
         sum(r.amount_minor), sum(r.n)
    FROM kpi_revenue_months r JOIN (SELECT DISTINCT workspace_id, month FROM kpi_refold) k
      ON k.workspace_id = r.workspace_id AND k.month = r.month
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
  DELETE FROM kpi_client_months t USING (SELECT DISTINCT * FROM kpi_refold) k
   WHERE t.workspace_id = k.workspace_id AND t.company_id = k.company_id AND t.month = k.month;
  INSERT INTO kpi_client_months (workspace_id, company_id, month, amount_minor, kept_minor, last_on)
  SELECT r.workspace_id, r.company_id, r.month, sum(r.amount_minor),
         coalesce(sum(r.amount_minor) FILTER (WHERE r.kind IN ('recurring', 'upsell')), 0), max(r.last_on)
    FROM kpi_revenue_months r JOIN (SELECT DISTINCT * FROM kpi_refold) k
      ON k.workspace_id = r.workspace_id AND k.company_id = r.company_id AND k.month = r.month
   GROUP BY 1, 2, 3;
END
$$;

-- New payments add to their group; a deleted or changed fact re-counts its groups from the facts,
-- so first and last days stay true.
CREATE FUNCTION tandem_fold_revenue_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO kpi_revenue_months AS t (workspace_id, month, company_id, kind, deal_owner_id,
      account_manager_id, lead_source_id, currency, amount_minor, n, first_on, last_on)
    SELECT r.workspace_id, date_trunc('month', r.received_on)::date, r.company_id, r.kind, r.deal_owner_id,
           r.account_manager_id, coalesce(d.lead_source_id, c.lead_source_id), r.currency,
           sum(r.amount_minor), count(*), min(r.received_on), max(r.received_on)
      FROM new_rows r
      JOIN companies c ON c.workspace_id = r.workspace_id AND c.id = r.company_id
      LEFT JOIN deals d ON d.workspace_id = r.workspace_id AND d.id = r.deal_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (workspace_id, month, company_id, kind, deal_owner_id, account_manager_id, lead_source_id, currency)
    DO UPDATE SET amount_minor = t.amount_minor + excluded.amount_minor, n = t.n + excluded.n,
                  first_on = least(t.first_on, excluded.first_on), last_on = greatest(t.last_on, excluded.last_on);
    INSERT INTO kpi_revenue_people_months AS t (workspace_id, month, kind, deal_owner_id, account_manager_id,
      lead_source_id, currency, amount_minor, n)
    SELECT r.workspace_id, date_trunc('month', r.received_on)::date, r.kind, r.deal_owner_id, r.account_manager_id,
           coalesce(d.lead_source_id, c.lead_source_id), r.currency, sum(r.amount_minor), count(*)
      FROM new_rows r
      JOIN companies c ON c.workspace_id = r.workspace_id AND c.id = r.company_id
      LEFT JOIN deals d ON d.workspace_id = r.workspace_id AND d.id = r.deal_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (workspace_id, month, kind, deal_owner_id, account_manager_id, lead_source_id, currency)
    DO UPDATE SET amount_minor = t.amount_minor + excluded.amount_minor, n = t.n + excluded.n;
    INSERT INTO kpi_client_months AS t (workspace_id, company_id, month, amount_minor, kept_minor, last_on)
    SELECT r.workspace_id, r.company_id, date_trunc('month', r.received_on)::date, sum(r.amount_minor),
           coalesce(sum(r.amount_minor) FILTER (WHERE r.kind IN ('recurring', 'upsell')), 0), max(r.received_on)
      FROM new_rows r
     GROUP BY 1, 2, 3
    ON CONFLICT (workspace_id, company_id, month)
    DO UPDATE SET amount_minor = t.amount_minor + excluded.amount_minor, kept_minor = t.kept_minor + excluded.kept_minor,
                  last_on = greatest(t.last_on, excluded.last_on);
    RETURN NULL;
  END IF;
  CREATE TEMP TABLE IF NOT EXISTS kpi_refold (workspace_id uuid, company_id uuid, month date) ON COMMIT DROP;
  DELETE FROM kpi_refold;
  INSERT INTO kpi_refold SELECT DISTINCT workspace_id, company_id, date_trunc('month', received_on)::date FROM old_rows;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO kpi_refold SELECT DISTINCT workspace_id, company_id, date_trunc('month', received_on)::date FROM new_rows;
  END IF;
  DELETE FROM kpi_revenue_months t USING kpi_refold k
   WHERE t.workspace_id = k.workspace_id AND t.company_id = k.company_id AND t.month = k.month;
  INSERT INTO kpi_revenue_months (workspace_id, month, company_id, kind, deal_owner_id,
    account_manager_id, lead_source_id, currency, amount_minor, n, first_on, last_on)
  SELECT r.workspace_id, date_trunc('month', r.received_on)::date, r.company_id, r.kind, r.deal_owner_id,
         r.account_manager_id, coalesce(d.lead_source_id, c.lead_source_id), r.currency,
         sum(r.amount_minor), count(*), min(r.received_on), max(r.received_on)
    FROM revenue_facts r
    JOIN (SELECT DISTINCT * FROM kpi_refold) k ON k.workspace_id = r.workspace_id AND k.company_id = r.company_id
     AND r.received_on >= k.month AND r.received_on < k.month + interval '1 month'
    JOIN companies c ON c.workspace_id = r.workspace_id AND c.id = r.company_id
    LEFT JOIN deals d ON d.workspace_id = r.workspace_id AND d.id = r.deal_id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  PERFORM tandem_refold_revenue_views();
  RETURN NULL;
END
$$;

CREATE TRIGGER revenue_facts_kpi_insert AFTER INSERT ON revenue_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_revenue_months();
CREATE TRIGGER revenue_facts_kpi_update AFTER UPDATE ON revenue_facts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_revenue_months();
CREATE TRIGGER revenue_facts_kpi_delete AFTER DELETE ON revenue_facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_fold_revenue_months();

-- Rollups for data that existed before this migration.
INSERT INTO kpi_user_months (workspace_id, month, user_id, type, n)
SELECT a.workspace_id, date_trunc('month', a.occurred_at AT TIME ZONE w.time_zone)::date, a.author_id, a.type, count(*)
  FROM activities a JOIN workspaces w ON w.id = a.workspace_id
 WHERE a.author_id IS NOT NULL GROUP BY 1, 2, 3, 4;
INSERT INTO kpi_company_days (workspace_id, company_id, day, n)
SELECT a.workspace_id, a.company_id, (a.occurred_at AT TIME ZONE w.time_zone)::date, count(*)
  FROM activities a JOIN workspaces w ON w.id = a.workspace_id
 WHERE a.company_id IS NOT NULL AND a.type IN ('call', 'email', 'meeting') GROUP BY 1, 2, 3;
INSERT INTO kpi_revenue_months (workspace_id, month, company_id, kind, deal_owner_id,
  account_manager_id, lead_source_id, currency, amount_minor, n, first_on, last_on)
SELECT r.workspace_id, date_trunc('month', r.received_on)::date, r.company_id, r.kind, r.deal_owner_id,
       r.account_manager_id, coalesce(d.lead_source_id, c.lead_source_id), r.currency,
       sum(r.amount_minor), count(*), min(r.received_on), max(r.received_on)
  FROM revenue_facts r
  JOIN companies c ON c.workspace_id = r.workspace_id AND c.id = r.company_id
  LEFT JOIN deals d ON d.workspace_id = r.workspace_id AND d.id = r.deal_id
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO kpi_revenue_people_months (workspace_id, month, kind, deal_owner_id, account_manager_id,
  lead_source_id, currency, amount_minor, n)
SELECT workspace_id, month, kind, deal_owner_id, account_manager_id, lead_source_id, currency, sum(amount_minor), sum(n)
  FROM kpi_revenue_months GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO kpi_client_months (workspace_id, company_id, month, amount_minor, kept_minor, last_on)
SELECT workspace_id, company_id, month, sum(amount_minor),
       coalesce(sum(amount_minor) FILTER (WHERE kind IN ('recurring', 'upsell')), 0), max(last_on)
  FROM kpi_revenue_months GROUP BY 1, 2, 3;
INSERT INTO kpi_company_months (workspace_id, company_id, month, first_day, last_day, longest_gap)
SELECT workspace_id, company_id, month, min(day), max(day), coalesce(max(day - prev), 0)
  FROM (SELECT workspace_id, company_id, date_trunc('month', day)::date AS month, day,
               lag(day) OVER (PARTITION BY workspace_id, company_id, date_trunc('month', day) ORDER BY day) AS prev
          FROM kpi_company_days WHERE n > 0) days
 GROUP BY workspace_id, company_id, month;

-- Deals closed in a period (tier 2) and tasks finished in one (PM), with what the figures need.
CREATE INDEX deals_closed_idx ON deals (workspace_id, closed_at)
  INCLUDE (owner_id, stage_id, amount_minor, created_at) WHERE closed_at IS NOT NULL AND archived_at IS NULL;
CREATE INDEX tasks_completed_idx ON tasks (workspace_id, completed_at)
  INCLUDE (assignee_id, due_at) WHERE status = 'done';
-- Leads qualified by tier 1, per day.
CREATE INDEX leads_handed_over_idx ON leads (workspace_id, created_at, handed_over_by) WHERE origin = 'call_queue';
