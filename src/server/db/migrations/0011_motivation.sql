-- Motivation (issue 6): schemes as data, payout statements with their lines, and the record of
-- revenue taken back (for clawback). See docs/plans-and-motivation.md and decision 012.

-- One row is one version of a scheme, valid for whole months [valid_from, valid_to]; versions of
-- the same scheme share family_id. Rules, coefficients and caps are JSON validated by
-- src/contract/motivation.ts; assignment is to people (wins) or to roles.
CREATE TABLE motivation_schemes (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  family_id uuid NOT NULL,
  name text NOT NULL,
  currency char(3) NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  rules jsonb NOT NULL DEFAULT '[]'::jsonb,
  coefficients jsonb NOT NULL DEFAULT '[]'::jsonb,
  plan_metric text,
  bonus_cap_minor bigint CHECK (bonus_cap_minor IS NULL OR bonus_cap_minor >= 0),
  assigned_user_ids uuid[] NOT NULL DEFAULT '{}',
  assigned_roles text[] NOT NULL DEFAULT '{}',
  archived_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX motivation_schemes_valid_idx ON motivation_schemes (workspace_id, valid_from, valid_to);

-- One statement per person and month. Totals are kept for lists; lines are the proof.
CREATE TABLE payout_statements (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  period_start date NOT NULL,
  scheme_id uuid,
  currency char(3) NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'locked')),
  attainment_bp integer,
  plan_target bigint,
  plan_actual bigint,
  totals jsonb NOT NULL,
  lines_revision integer NOT NULL DEFAULT 1,
  skipped jsonb NOT NULL DEFAULT '[]'::jsonb,
  computed_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid,
  approved_at timestamptz,
  locked_by uuid,
  locked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, user_id, period_start),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, scheme_id) REFERENCES motivation_schemes (workspace_id, id)
);
CREATE INDEX payout_statements_period_idx ON payout_statements (workspace_id, period_start, status);

-- The lines of a statement, a hundred thousand a month for 200 people: kept lean for writing (a
-- line's invoice and client are read through its revenue fact).
-- Source references carry no foreign keys on purpose: a statement is a record of what was paid
-- and outlives the fact or allocation it names (taken back → clawback). Each recomputation writes
-- a new `revision` (the statement's lines_revision) and deletes the old one, so new keys never
-- meet the dead index entries of the old lines. No foreign key to the statement either (checking
-- one per line doubled the time of a month): a statement's lines go with it by the trigger below.
CREATE TABLE payout_lines (
  workspace_id uuid NOT NULL,
  statement_id uuid NOT NULL,
  revision integer NOT NULL,
  line_no integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('base_salary', 'commission', 'event_bonus', 'rule_cap', 'coefficient',
                                     'bonus_cap', 'clawback', 'correction')),
  rule_id text,
  revenue_fact_id uuid,
  payment_id uuid,
  deal_id uuid,
  lead_id uuid,
  revenue_kind text,
  occurred_on date,
  base_minor bigint,
  rate_bp integer,
  amount_minor bigint NOT NULL,
  correction_of date,
  note text NOT NULL DEFAULT '',
  PRIMARY KEY (workspace_id, statement_id, revision, line_no)
);

CREATE FUNCTION tandem_delete_payout_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM payout_lines l USING old_rows o WHERE l.workspace_id = o.workspace_id AND l.statement_id = o.id;
  RETURN NULL;
END $$;
CREATE TRIGGER payout_statements_delete_lines AFTER DELETE ON payout_statements
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tandem_delete_payout_lines();

-- A revenue fact goes when its allocation is taken back (0005). Its copy stays here with the
-- moment it was taken back, so a payout already approved or locked can be clawed back later.
CREATE TABLE revenue_reversals (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  revenue_fact_id uuid NOT NULL,
  allocation_id uuid NOT NULL,
  payment_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  company_id uuid NOT NULL,
  contract_id uuid,
  deal_id uuid,
  kind text NOT NULL CHECK (kind IN ('new_sale', 'recurring', 'upsell')),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  received_on date NOT NULL,
  deal_owner_id uuid,
  account_manager_id uuid,
  fact_created_at timestamptz NOT NULL,
  reversed_at timestamptz NOT NULL DEFAULT now(),
  reversed_by uuid,
  PRIMARY KEY (workspace_id, revenue_fact_id)
);
CREATE INDEX revenue_reversals_reversed_idx ON revenue_reversals (workspace_id, reversed_at);
CREATE INDEX revenue_reversals_received_idx ON revenue_reversals (workspace_id, received_on);
