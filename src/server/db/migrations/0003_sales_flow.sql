-- The three-tier sales flow (DOMAIN.md §1–§3): imports and call queues for tier 1, hand-offs
-- to tier 2, tenders and demos on deals, projects with a PM + AM pair, absences and cover, and
-- the log of every assignment decision with its candidates and rule.

-- Clients: how much a client weighs in an account manager's load, and key accounts that need
-- senior grades.
ALTER TABLE companies
  ADD COLUMN monthly_payment_minor bigint NOT NULL DEFAULT 0 CHECK (monthly_payment_minor >= 0),
  ADD COLUMN key_account boolean NOT NULL DEFAULT false;
-- An AM's load is counted over their active clients.
CREATE INDEX companies_client_owner_idx ON companies (workspace_id, owner_id)
  INCLUDE (size, monthly_payment_minor, key_account)
  WHERE status = 'client' AND archived_at IS NULL;

-- Deals: the BizDev manager who runs the demo, the individual terms agreed, a tender's deadline.
ALTER TABLE deals
  ADD COLUMN bizdev_id uuid,
  ADD COLUMN demo_at timestamptz,
  ADD COLUMN terms text,
  ADD COLUMN tender_deadline date,
  ADD FOREIGN KEY (workspace_id, bizdev_id) REFERENCES users (workspace_id, id);
-- Open deals per owner, for load.
CREATE INDEX deals_open_owner_idx ON deals (workspace_id, owner_id) WHERE closed_at IS NULL AND archived_at IS NULL;

-- What made a task (a person, or a rule such as a tender reminder or a callback), and work
-- routed to someone because its person was away, to hand back on their return.
ALTER TABLE tasks
  ADD COLUMN origin text NOT NULL DEFAULT 'manual'
    CHECK (origin IN ('manual', 'callback', 'tender_deadline', 'kickoff', 'assignment', 'demo')),
  ADD COLUMN covering_for_id uuid,
  ADD FOREIGN KEY (workspace_id, covering_for_id) REFERENCES users (workspace_id, id);
CREATE INDEX tasks_covering_idx ON tasks (workspace_id, covering_for_id) WHERE covering_for_id IS NOT NULL;

CREATE TABLE absences (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('vacation', 'sick_leave', 'other')),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  note text NOT NULL DEFAULT '',
  created_by uuid,
  -- Set when the covered work was handed back to the person.
  handed_back_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  CHECK (ends_on >= starts_on),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX absences_user_idx ON absences (workspace_id, user_id, ends_on);
CREATE INDEX absences_dates_idx ON absences (workspace_id, starts_on, ends_on);

CREATE TABLE projects (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  company_id uuid NOT NULL,
  deal_id uuid,
  pm_id uuid,
  am_id uuid,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'on_hold', 'completed', 'cancelled')),
  starts_on date,
  ends_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id),
  FOREIGN KEY (workspace_id, pm_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, am_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX projects_company_idx ON projects (workspace_id, company_id);
CREATE INDEX projects_pm_idx ON projects (workspace_id, pm_id, status);
CREATE INDEX projects_am_idx ON projects (workspace_id, am_id, status);

-- A lead handed over: from tier 1 after a qualifying call, or a request that came in.
CREATE TABLE leads (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  contact_id uuid,
  origin text NOT NULL CHECK (origin IN ('call_queue', 'inbound', 'client_request')),
  lead_source_id uuid,
  note text NOT NULL DEFAULT '',
  handed_over_by uuid,
  assignee_id uuid,
  covering_for_id uuid,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'converted', 'rejected')),
  deal_id uuid,
  reject_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, lead_source_id) REFERENCES lead_sources (workspace_id, id),
  FOREIGN KEY (workspace_id, handed_over_by) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, assignee_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, covering_for_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id)
);
CREATE INDEX leads_assignee_idx ON leads (workspace_id, assignee_id, status, created_at);
CREATE INDEX leads_company_idx ON leads (workspace_id, company_id);

-- Every "who takes this?" decision: what was suggested, who was chosen, by which rule, and why
-- a person overrode the suggestion.
CREATE TABLE assignments (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  subject_kind text NOT NULL CHECK (subject_kind IN ('lead', 'deal', 'client', 'project')),
  subject_id uuid NOT NULL,
  role text NOT NULL,
  suggested_user_id uuid,
  chosen_user_id uuid NOT NULL,
  rule text NOT NULL,
  override_reason text,
  automatic boolean NOT NULL DEFAULT false,
  candidates jsonb NOT NULL DEFAULT '[]'::jsonb,
  decided_by uuid,
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, chosen_user_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX assignments_subject_idx ON assignments (workspace_id, subject_kind, subject_id, decided_at);

-- Imports of companies, contacts and call lists from CSV/XLSX files.
CREATE TABLE imports (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('companies', 'contacts', 'call_list')),
  file_name text NOT NULL,
  file_format text NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
  file_size bigint NOT NULL,
  file_sha256 text NOT NULL,
  idempotency_key text,
  -- Where the file comes from (a lead source, a vendor): its column mapping is remembered under it.
  source_key text NOT NULL DEFAULT '',
  headers text[] NOT NULL DEFAULT '{}',
  mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
  dedupe text NOT NULL DEFAULT 'skip' CHECK (dedupe IN ('merge', 'skip', 'create')),
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'uploaded'
    CHECK (status IN ('uploaded', 'running', 'completed', 'failed', 'interrupted')),
  -- Rows of the file (after the header) committed so far; a resumed import continues after them.
  committed_rows integer NOT NULL DEFAULT 0,
  total_rows integer,
  created_count integer NOT NULL DEFAULT 0,
  merged_count integer NOT NULL DEFAULT 0,
  skipped_count integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  call_list_id uuid,
  failure text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX imports_idempotency_key ON imports (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX imports_created_idx ON imports (workspace_id, created_at);

CREATE TABLE import_row_errors (
  workspace_id uuid NOT NULL,
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  field text NOT NULL DEFAULT '',
  message text NOT NULL,
  raw jsonb,
  PRIMARY KEY (workspace_id, import_id, row_number, field),
  FOREIGN KEY (workspace_id, import_id) REFERENCES imports (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE import_mappings (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind text NOT NULL,
  source_key text NOT NULL,
  mapping jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, kind, source_key)
);

-- A call list and its queue: who calls whom next, and what came of each call.
CREATE TABLE call_lists (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  lead_source_id uuid,
  distribution text NOT NULL DEFAULT 'round_robin' CHECK (distribution IN ('round_robin', 'region')),
  caller_ids uuid[] NOT NULL DEFAULT '{}',
  script text NOT NULL DEFAULT '',
  import_id uuid,
  created_by uuid,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, lead_source_id) REFERENCES lead_sources (workspace_id, id)
);

CREATE TABLE call_queue_items (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  call_list_id uuid NOT NULL,
  company_id uuid NOT NULL,
  contact_id uuid,
  assignee_id uuid,
  position bigint NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'no_answer', 'callback', 'not_interested', 'qualified', 'unreachable')),
  attempts integer NOT NULL DEFAULT 0,
  next_call_at timestamptz,
  last_called_at timestamptz,
  reason text,
  lead_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, call_list_id) REFERENCES call_lists (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, assignee_id) REFERENCES users (workspace_id, id)
);
-- The next call of a caller: open items, due first, in list order.
CREATE INDEX call_queue_next_idx ON call_queue_items (workspace_id, assignee_id, next_call_at NULLS FIRST, position)
  WHERE status IN ('pending', 'no_answer', 'callback');
CREATE INDEX call_queue_list_idx ON call_queue_items (workspace_id, call_list_id, status);
