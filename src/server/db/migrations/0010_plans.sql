-- Plans (issue 6): a target per period (month, quarter, year), for the company, a team or a
-- person, and per metric. A company plan splits into team and personal plans; a personal plan
-- may be derived from capacity and conversion (its formula kept), or set by hand with a reason.
-- KPIs compare facts with these targets.

CREATE TABLE plans (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
  -- The first day of the month, quarter or year.
  period_start date NOT NULL,
  scope text NOT NULL CHECK (scope IN ('company', 'team', 'person')),
  team_id uuid,
  user_id uuid,
  -- Money metrics (revenue, new_sales, recurring, upsell) are minor units in `currency`;
  -- the others are counts.
  metric text NOT NULL CHECK (metric IN ('revenue', 'new_sales', 'recurring', 'upsell', 'deals_won',
                                          'contracts', 'calls', 'qualified_leads', 'meetings')),
  target bigint NOT NULL CHECK (target >= 0),
  currency char(3),
  -- manual: typed in; derived: computed (see formula); split: a share of the parent plan.
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'derived', 'split')),
  -- For derived and split plans: the inputs and the expression, as shown to people.
  formula jsonb,
  -- Why a person changed a derived or split target by hand (required then).
  reason text,
  parent_plan_id uuid,
  created_by uuid,
  updated_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  CHECK ((scope = 'company' AND team_id IS NULL AND user_id IS NULL)
      OR (scope = 'team' AND team_id IS NOT NULL AND user_id IS NULL)
      OR (scope = 'person' AND user_id IS NOT NULL)),
  CHECK ((metric IN ('revenue', 'new_sales', 'recurring', 'upsell')) = (currency IS NOT NULL)),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
-- One target per period, holder and metric.
CREATE UNIQUE INDEX plans_key ON plans (workspace_id, period_kind, period_start, scope,
  coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid),
  coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid), metric);
CREATE INDEX plans_person_idx ON plans (workspace_id, user_id, period_start) WHERE user_id IS NOT NULL;
