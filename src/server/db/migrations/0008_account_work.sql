-- Account work and robots (DOMAIN.md §2.6, §2.8–9, §5; docs/account-work.md,
-- docs/decisions/011-account-work-and-robots.md): contact cadence and the next contact date of
-- every client, meetings with minutes and decisions, client requests with a backlog, the growth
-- plan, feedback, and the robots' rules, passes and action log.

-- Task origins are an open list of snake_case keys: several rooms add rule-made tasks in
-- parallel (robots, money), so the column checks the shape and the code the values.
ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_origin_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_origin_key_check CHECK (origin ~ '^[a-z][a-z0-9_]*$');

-- One row per client: its own cadence (null = the workspace's), its last contact and next
-- contact date, its last purchase, and the churn-risk flag the robots set.
CREATE TABLE client_accounts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  company_id uuid NOT NULL,
  cadence_days integer CHECK (cadence_days BETWEEN 1 AND 365),
  last_contact_at timestamptz,
  next_contact_on date NOT NULL,
  -- The next_contact_on for which the cadence robot already acted; cleared when it moves.
  cadence_flagged_on date,
  last_purchase_at timestamptz,
  churn_risk_at timestamptz,
  churn_risk_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, company_id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id) ON DELETE CASCADE
);
-- The cadence robot reads only clients it has not yet acted on, by date.
CREATE INDEX client_accounts_cadence_idx ON client_accounts (workspace_id, next_contact_on)
  WHERE cadence_flagged_on IS NULL;
CREATE INDEX client_accounts_next_contact_idx ON client_accounts (workspace_id, next_contact_on, company_id);
-- The churn robot reads only unflagged clients, by last purchase.
CREATE INDEX client_accounts_purchase_idx ON client_accounts (workspace_id, last_purchase_at)
  WHERE churn_risk_at IS NULL;

-- The workspace's default cadence (days between contacts) from settings.accountWork.
CREATE FUNCTION tandem_default_cadence(workspace uuid)
  RETURNS integer LANGUAGE sql STABLE
  AS $$
    SELECT coalesce((settings -> 'accountWork' ->> 'cadenceDays')::integer, 4)
    FROM workspaces WHERE id = workspace
  $$;

-- A logged call, e-mail or meeting with a client moves its next contact date: the day of the
-- contact in the workspace's time zone plus the cadence (nextContactDate() in
-- src/server/account/cadence.ts is the same rule). Every path that logs an activity is covered.
CREATE FUNCTION tandem_follow_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_accounts AS a (workspace_id, company_id, last_contact_at, next_contact_on)
  SELECT n.workspace_id, n.company_id, max(n.occurred_at),
         (max(n.occurred_at) AT TIME ZONE w.time_zone)::date + tandem_default_cadence(n.workspace_id)
  FROM new_rows n
  JOIN workspaces w ON w.id = n.workspace_id
  JOIN companies c ON c.workspace_id = n.workspace_id AND c.id = n.company_id AND c.status = 'client'
  WHERE n.company_id IS NOT NULL AND n.type IN ('call', 'email', 'meeting')
  GROUP BY n.workspace_id, n.company_id, w.time_zone
  ON CONFLICT (workspace_id, company_id) DO UPDATE SET
    last_contact_at = excluded.last_contact_at,
    next_contact_on = (excluded.last_contact_at AT TIME ZONE (SELECT time_zone FROM workspaces WHERE id = a.workspace_id))::date
      + coalesce(a.cadence_days, tandem_default_cadence(a.workspace_id)),
    cadence_flagged_on = NULL,
    updated_at = now(),
    version = a.version + 1
  WHERE a.last_contact_at IS NULL OR excluded.last_contact_at > a.last_contact_at;
  RETURN NULL;
END
$$;
CREATE TRIGGER activities_follow_contact AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_follow_contact();

-- Every client has a row, hence a next contact date, from the moment it is a client: the day
-- of its last contact (or today) plus the cadence. last_purchase_at starts at its last won deal,
-- or at the day it became a client, which is what "no purchase within N days" counts from.
CREATE FUNCTION tandem_open_client_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_accounts (workspace_id, company_id, last_contact_at, next_contact_on, last_purchase_at)
  SELECT n.workspace_id, n.id, lc.at,
         (coalesce(lc.at, now()) AT TIME ZONE w.time_zone)::date + tandem_default_cadence(n.workspace_id),
         coalesce((SELECT max(d.closed_at) FROM deals d JOIN stages s ON s.workspace_id = d.workspace_id AND s.id = d.stage_id
                    WHERE d.workspace_id = n.workspace_id AND d.company_id = n.id AND s.kind = 'won'), now())
  FROM new_rows n
  JOIN workspaces w ON w.id = n.workspace_id
  LEFT JOIN LATERAL (
    SELECT max(a.occurred_at) AS at FROM activities a
    WHERE a.workspace_id = n.workspace_id AND a.company_id = n.id AND a.type IN ('call', 'email', 'meeting')
  ) lc ON true
  WHERE n.status = 'client'
    AND NOT EXISTS (SELECT 1 FROM client_accounts a WHERE a.workspace_id = n.workspace_id AND a.company_id = n.id)
  ON CONFLICT (workspace_id, company_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER companies_open_account_insert AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_open_client_accounts();
CREATE TRIGGER companies_open_account_update AFTER UPDATE ON companies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_open_client_accounts();

-- Clients that exist already.
INSERT INTO client_accounts (workspace_id, company_id, last_contact_at, next_contact_on, last_purchase_at)
SELECT c.workspace_id, c.id, lc.at,
       (coalesce(lc.at, now()) AT TIME ZONE w.time_zone)::date + tandem_default_cadence(c.workspace_id),
       coalesce((SELECT max(d.closed_at) FROM deals d JOIN stages s ON s.workspace_id = d.workspace_id AND s.id = d.stage_id
                  WHERE d.workspace_id = c.workspace_id AND d.company_id = c.id AND s.kind = 'won'), c.created_at)
FROM companies c
JOIN workspaces w ON w.id = c.workspace_id
LEFT JOIN LATERAL (
  SELECT max(a.occurred_at) AS at FROM activities a
  WHERE a.workspace_id = c.workspace_id AND a.company_id = c.id AND a.type IN ('call', 'email', 'meeting')
) lc ON true
WHERE c.status = 'client';

-- A deal closing in a won stage is a purchase: it clears the churn-risk flag.
CREATE FUNCTION tandem_follow_purchase() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE client_accounts a SET last_purchase_at = p.at, churn_risk_at = NULL, churn_risk_reason = NULL,
    updated_at = now(), version = a.version + 1
  FROM (
    SELECT n.workspace_id, n.company_id, max(n.closed_at) AS at
    FROM new_rows n
    JOIN stages s ON s.workspace_id = n.workspace_id AND s.id = n.stage_id AND s.kind = 'won'
    WHERE n.closed_at IS NOT NULL
    GROUP BY n.workspace_id, n.company_id
  ) p
  WHERE a.workspace_id = p.workspace_id AND a.company_id = p.company_id
    AND (a.last_purchase_at IS NULL OR p.at > a.last_purchase_at);
  RETURN NULL;
END
$$;
CREATE TRIGGER deals_follow_purchase_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_follow_purchase();
CREATE TRIGGER deals_follow_purchase_update AFTER UPDATE ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_follow_purchase();

-- Who takes an absent person's work, as in src/server/absences/cover.ts: their pair partner on
-- the client's project, else their team lead, if at work; null when the person is not away (or
-- nobody can cover). Robots call it for the few rows they act on.
CREATE FUNCTION tandem_cover_user(workspace uuid, person uuid, company uuid, today date)
  RETURNS uuid LANGUAGE sql STABLE
  AS $$
    SELECT CASE WHEN EXISTS (
        SELECT 1 FROM absences ab WHERE ab.workspace_id = workspace AND ab.user_id = person
          AND ab.starts_on <= today AND ab.ends_on >= today)
      THEN coalesce(
        (SELECT u.id FROM projects p
           JOIN users u ON u.workspace_id = p.workspace_id
             AND u.id = CASE WHEN p.am_id = person THEN p.pm_id ELSE p.am_id END
          WHERE p.workspace_id = workspace AND p.company_id = company AND person IN (p.am_id, p.pm_id)
            AND u.id <> person AND p.status IN ('planned', 'active', 'on_hold') AND u.active
            AND NOT EXISTS (SELECT 1 FROM absences b WHERE b.workspace_id = u.workspace_id AND b.user_id = u.id
              AND b.starts_on <= today AND b.ends_on >= today)
          ORDER BY p.created_at DESC LIMIT 1),
        (SELECT u.id FROM team_members m
           JOIN teams t ON t.workspace_id = m.workspace_id AND t.id = m.team_id
           JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.lead_user_id
          WHERE m.workspace_id = workspace AND m.user_id = person AND u.id <> person AND u.active
            AND NOT EXISTS (SELECT 1 FROM absences b WHERE b.workspace_id = u.workspace_id AND b.user_id = u.id
              AND b.starts_on <= today AND b.ends_on >= today)
          ORDER BY t.name LIMIT 1))
      END
  $$;

-- Meetings with the client's decision makers: attendees, agenda, minutes (the protocol).
CREATE TABLE meetings (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  title text NOT NULL,
  held_at timestamptz NOT NULL,
  agenda text NOT NULL DEFAULT '',
  minutes text NOT NULL DEFAULT '',
  attendee_contact_ids uuid[] NOT NULL DEFAULT '{}',
  attendee_user_ids uuid[] NOT NULL DEFAULT '{}',
  -- The meeting as an activity on the client's timeline.
  activity_id uuid,
  author_id uuid,
  minutes_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, activity_id) REFERENCES activities (workspace_id, id) ON DELETE SET NULL,
  FOREIGN KEY (workspace_id, author_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX meetings_company_idx ON meetings (workspace_id, company_id, held_at);

-- Decisions and next steps agreed at a meeting; each with an owner and a date becomes a task.
CREATE TABLE meeting_decisions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL,
  position integer NOT NULL DEFAULT 0,
  text text NOT NULL,
  owner_id uuid,
  due_on date,
  task_id uuid,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, task_id) REFERENCES tasks (workspace_id, id) ON DELETE SET NULL
);
CREATE INDEX meeting_decisions_meeting_idx ON meeting_decisions (workspace_id, meeting_id, position);

-- Client requests: in any form → specification → estimate → approval → in work → delivered →
-- accepted; a backlog per client in the order agreed with the client (rank).
CREATE TABLE client_requests (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  title text NOT NULL,
  source text NOT NULL DEFAULT 'text' CHECK (source IN ('text', 'message', 'attachment', 'call', 'email', 'meeting')),
  original_text text NOT NULL DEFAULT '',
  attachment_name text,
  specification text NOT NULL DEFAULT '',
  estimate_hours numeric(10, 2) CHECK (estimate_hours >= 0),
  estimate_cost_minor bigint CHECK (estimate_cost_minor >= 0),
  currency char(3) NOT NULL DEFAULT 'RUB',
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'specified', 'estimated', 'approved', 'in_work', 'delivered', 'accepted', 'cancelled')),
  rank integer NOT NULL DEFAULT 0,
  approved_by_contact_id uuid,
  approved_by_name text,
  approved_at timestamptz,
  approval_recorded_by uuid,
  override_reason text,
  overridden_by uuid,
  started_at timestamptz,
  delivered_at timestamptz,
  accepted_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, approved_by_contact_id) REFERENCES contacts (workspace_id, id)
);
CREATE INDEX client_requests_backlog_idx ON client_requests (workspace_id, company_id, rank, created_at);

-- The growth plan: directions in which a client can be developed (services to offer).
CREATE TABLE growth_directions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  service text NOT NULL,
  description text NOT NULL DEFAULT '',
  potential_minor bigint NOT NULL DEFAULT 0 CHECK (potential_minor >= 0),
  currency char(3) NOT NULL DEFAULT 'RUB',
  status text NOT NULL DEFAULT 'idea' CHECK (status IN ('idea', 'proposed', 'deal', 'won', 'rejected')),
  deal_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id)
);
CREATE INDEX growth_directions_company_idx ON growth_directions (workspace_id, company_id, created_at);

-- Complaints, claims and reviews with severity and resolution.
CREATE TABLE client_feedback (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  project_id uuid,
  contact_id uuid,
  kind text NOT NULL CHECK (kind IN ('complaint', 'claim', 'review')),
  sentiment text NOT NULL DEFAULT 'negative' CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  severity text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  body text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution text,
  resolved_at timestamptz,
  resolved_by uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id)
);
CREATE INDEX client_feedback_company_idx ON client_feedback (workspace_id, company_id, received_at);

-- Robots: a workspace's switch and parameters per rule (no row = the rule's defaults).
CREATE TABLE robot_rules (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  rule_key text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, rule_key)
);

-- One row per workspace per pass: when, what started it, how many actions per rule.
CREATE TABLE robot_runs (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  actions integer NOT NULL DEFAULT 0,
  by_rule jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX robot_runs_recent_idx ON robot_runs (workspace_id, started_at DESC);

-- Everything a robot did: what, for whom, why. A cause is acted on once per rule: the unique
-- key is what keeps a robot from creating the same task twice, even with two processes racing.
CREATE TABLE robot_actions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  run_id uuid,
  rule_key text NOT NULL,
  cause_key text NOT NULL,
  action text NOT NULL CHECK (action IN ('task_created', 'flag_set')),
  user_id uuid,
  company_id uuid,
  deal_id uuid,
  task_id uuid,
  reason text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, rule_key, cause_key)
);
CREATE INDEX robot_actions_recent_idx ON robot_actions (workspace_id, created_at DESC, id);
CREATE INDEX robot_actions_company_idx ON robot_actions (workspace_id, company_id, created_at);

-- Open deals without a live next step, for the next-step robot.
CREATE INDEX deals_open_next_step_idx ON deals (workspace_id, next_step_at)
  WHERE closed_at IS NULL AND archived_at IS NULL;
-- Open deals with a tender deadline, for the tender guard.
CREATE INDEX deals_open_tender_idx ON deals (workspace_id, tender_deadline)
  WHERE tender_deadline IS NOT NULL AND closed_at IS NULL AND archived_at IS NULL;
-- Rule-made tasks per deal and origin.
CREATE INDEX tasks_deal_origin_idx ON tasks (workspace_id, deal_id, origin) WHERE deal_id IS NOT NULL;
