-- A changed or deleted revenue fact re-counts only what it touched (decision 013).
--
-- 0012 re-counted the client's month in kpi_revenue_months (right) and then the *whole month* of
-- kpi_revenue_people_months from every client's rows (wrong size): on a workspace with a million
-- payments, correcting one payment took 1–3 s. Now the client's old month rows are taken off the
-- people months they were added to, and the re-counted rows added back, so the work follows the
-- client's rows, not the month's. Groups left with no payments are removed, as a full re-count
-- would not have made them.

-- Changed and deleted facts get a function of their own; 0012's tandem_fold_revenue_months() keeps
-- serving inserts (adding to each group), and its update/delete branch is no longer reached.
CREATE FUNCTION tandem_refold_revenue_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS kpi_refold (workspace_id uuid, company_id uuid, month date) ON COMMIT DROP;
  DELETE FROM kpi_refold;
  INSERT INTO kpi_refold SELECT DISTINCT workspace_id, company_id, date_trunc('month', received_on)::date FROM old_rows;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO kpi_refold SELECT DISTINCT workspace_id, company_id, date_trunc('month', received_on)::date FROM new_rows;
  END IF;

  -- The client months' old rows leave, and what they had added to the people months with them.
  WITH gone AS (
    DELETE FROM kpi_revenue_months t USING (SELECT DISTINCT * FROM kpi_refold) k
     WHERE t.workspace_id = k.workspace_id AND t.company_id = k.company_id AND t.month = k.month
    RETURNING t.workspace_id, t.month, t.kind, t.deal_owner_id, t.account_manager_id, t.lead_source_id,
              t.currency, t.amount_minor, t.n
  ), taken AS (
    SELECT workspace_id, month, kind, deal_owner_id, account_manager_id, lead_source_id, currency,
           sum(amount_minor) AS amount_minor, sum(n) AS n
      FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7
  )
  UPDATE kpi_revenue_people_months p
     SET amount_minor = p.amount_minor - s.amount_minor, n = p.n - s.n
    FROM taken s
   WHERE p.workspace_id = s.workspace_id AND p.month = s.month AND p.kind = s.kind
     AND p.deal_owner_id IS NOT DISTINCT FROM s.deal_owner_id
     AND p.account_manager_id IS NOT DISTINCT FROM s.account_manager_id
     AND p.lead_source_id IS NOT DISTINCT FROM s.lead_source_id
     AND p.currency = s.currency;

  -- Re-counted from the facts, and added back.
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
  INSERT INTO kpi_revenue_people_months AS t (workspace_id, month, kind, deal_owner_id, account_manager_id,
    lead_source_id, currency, amount_minor, n)
  SELECT r.workspace_id, r.month, r.kind, r.deal_owner_id, r.account_manager_id, r.lead_source_id, r.currency,
         sum(r.amount_minor), sum(r.n)
    FROM kpi_revenue_months r JOIN (SELECT DISTINCT * FROM kpi_refold) k
      ON k.workspace_id = r.workspace_id AND k.company_id = r.company_id AND k.month = r.month
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (workspace_id, month, kind, deal_owner_id, account_manager_id, lead_source_id, currency)
  DO UPDATE SET amount_minor = t.amount_minor + excluded.amount_minor, n = t.n + excluded.n;

  -- A group whose last payment left is gone, as a full re-count would leave it.
  DELETE FROM kpi_revenue_people_months p USING (SELECT DISTINCT workspace_id, month FROM kpi_refold) k
   WHERE p.workspace_id = k.workspace_id AND p.month = k.month AND p.n = 0;

  -- The per-client months of what was touched, re-counted.
  DELETE FROM kpi_client_months t USING (SELECT DISTINCT * FROM kpi_refold) k
   WHERE t.workspace_id = k.workspace_id AND t.company_id = k.company_id AND t.month = k.month;
  INSERT INTO kpi_client_months (workspace_id, company_id, month, amount_minor, kept_minor, last_on)
  SELECT r.workspace_id, r.company_id, r.month, sum(r.amount_minor),
         coalesce(sum(r.amount_minor) FILTER (WHERE r.kind IN ('recurring', 'upsell')), 0), max(r.last_on)
    FROM kpi_revenue_months r JOIN (SELECT DISTINCT * FROM kpi_refold) k
      ON k.workspace_id = r.workspace_id AND k.company_id = r.company_id AND k.month = r.month
   GROUP BY 1, 2, 3;
  RETURN NULL;
END
$$;

DROP TRIGGER revenue_facts_kpi_update ON revenue_facts;
DROP TRIGGER revenue_facts_kpi_delete ON revenue_facts;
CREATE TRIGGER revenue_facts_kpi_update AFTER UPDATE ON revenue_facts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_refold_revenue_months();
CREATE TRIGGER revenue_facts_kpi_delete AFTER DELETE ON revenue_facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_refold_revenue_months();
-- Its only caller was that branch.
DROP FUNCTION tandem_refold_revenue_views();
