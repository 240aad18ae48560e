-- Money (issue 5, DOMAIN.md §2.7): the services catalogue, contracts, invoices with their lines,
-- acts of completed work, payments and their allocation to invoices, bank-statement imports,
-- revenue facts for KPIs and motivation, and yearly client budgets split into blocks.
-- All amounts are bigint minor units (kopecks, cents) beside an ISO 4217 currency; VAT rates are
-- basis points (2000 = 20 %); quantities are integer thousandths (1.5 hours = 1500).
-- See docs/money.md and docs/decisions/008-money.md.

CREATE TABLE services (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  unit text NOT NULL DEFAULT '',
  billing text NOT NULL DEFAULT 'one_off' CHECK (billing IN ('one_off', 'monthly')),
  price_minor bigint NOT NULL CHECK (price_minor >= 0),
  currency char(3) NOT NULL,
  -- NULL: the workspace's default VAT rate applies.
  vat_rate_bp integer CHECK (vat_rate_bp IS NULL OR vat_rate_bp BETWEEN 0 AND 10000),
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, name)
);

CREATE TABLE contracts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  deal_id uuid,
  number text NOT NULL,
  title text NOT NULL DEFAULT '',
  signed_on date,
  starts_on date NOT NULL,
  ends_on date,
  terms text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'ended', 'cancelled')),
  currency char(3) NOT NULL,
  -- A recurring contract has a monthly fee; the recurring robot invoices it once a month.
  monthly_fee_minor bigint CHECK (monthly_fee_minor IS NULL OR monthly_fee_minor > 0),
  monthly_service_id uuid,
  vat_rate_bp integer CHECK (vat_rate_bp IS NULL OR vat_rate_bp BETWEEN 0 AND 10000),
  payment_methods text[] NOT NULL DEFAULT '{bank_transfer}'
    CHECK (payment_methods <@ ARRAY['bank_transfer', 'card', 'cash']::text[] AND cardinality(payment_methods) > 0),
  payment_terms_days integer NOT NULL DEFAULT 5 CHECK (payment_terms_days BETWEEN 0 AND 365),
  billing_email text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, number),
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id),
  FOREIGN KEY (workspace_id, monthly_service_id) REFERENCES services (workspace_id, id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES users (workspace_id, id)
);
CREATE INDEX contracts_company_idx ON contracts (workspace_id, company_id, starts_on);
-- The recurring robot reads the active contracts with a monthly fee.
CREATE INDEX contracts_recurring_idx ON contracts (workspace_id, starts_on)
  WHERE status = 'active' AND monthly_fee_minor IS NOT NULL;

-- Gap-free numbering: one counter row per workspace, document kind and year. Issuing a document
-- increments its row inside the issuing transaction, so concurrent issuers queue on the row lock
-- and a rolled-back issue gives its number back.
CREATE TABLE document_counters (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invoice', 'act')),
  year integer NOT NULL,
  last_number integer NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (workspace_id, kind, year)
);

CREATE TABLE client_budgets (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  currency char(3) NOT NULL,
  notes text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, company_id, year),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id)
);

CREATE TABLE client_budget_blocks (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  budget_id uuid NOT NULL,
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  plan_minor bigint NOT NULL CHECK (plan_minor >= 0),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, budget_id, name),
  FOREIGN KEY (workspace_id, budget_id) REFERENCES client_budgets (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE invoices (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  contract_id uuid,
  deal_id uuid,
  budget_block_id uuid,
  origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'recurring')),
  -- The month a recurring invoice bills (its first day); NULL for manual invoices.
  period_month date,
  -- Assigned when the invoice is issued: "2026-0001", from number_year and number_seq.
  number text,
  number_year integer,
  number_seq integer,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'sent', 'partially_paid', 'paid', 'cancelled')),
  currency char(3) NOT NULL,
  issue_date date,
  due_date date,
  payment_methods text[] NOT NULL DEFAULT '{bank_transfer}'
    CHECK (payment_methods <@ ARRAY['bank_transfer', 'card', 'cash']::text[] AND cardinality(payment_methods) > 0),
  language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
  notes text NOT NULL DEFAULT '',
  net_minor bigint NOT NULL DEFAULT 0 CHECK (net_minor >= 0),
  vat_minor bigint NOT NULL DEFAULT 0 CHECK (vat_minor >= 0),
  total_minor bigint NOT NULL DEFAULT 0 CHECK (total_minor >= 0),
  paid_minor bigint NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= total_minor),
  issued_at timestamptz,
  paid_at timestamptz,
  cancelled_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  CHECK ((number IS NULL) = (number_seq IS NULL) AND (number_seq IS NULL) = (number_year IS NULL)),
  CHECK ((origin = 'recurring') = (period_month IS NOT NULL)),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES contracts (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id),
  FOREIGN KEY (workspace_id, budget_block_id) REFERENCES client_budget_blocks (workspace_id, id)
    ON DELETE SET NULL (budget_block_id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX invoices_number_key ON invoices (workspace_id, number_year, number_seq);
CREATE UNIQUE INDEX invoices_number_text_key ON invoices (workspace_id, number) WHERE number IS NOT NULL;
-- A recurring contract is invoiced once per month, never twice, however many robots run.
CREATE UNIQUE INDEX invoices_recurring_key ON invoices (workspace_id, contract_id, period_month)
  WHERE origin = 'recurring';
CREATE INDEX invoices_company_idx ON invoices (workspace_id, company_id, created_at, id);
CREATE INDEX invoices_created_idx ON invoices (workspace_id, created_at, id);
CREATE INDEX invoices_status_idx ON invoices (workspace_id, status, due_date);
CREATE INDEX invoices_open_due_idx ON invoices (workspace_id, due_date)
  WHERE status IN ('sent', 'partially_paid');

CREATE TABLE invoice_lines (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL,
  position integer NOT NULL,
  service_id uuid,
  description text NOT NULL,
  unit text NOT NULL DEFAULT '',
  quantity_milli bigint NOT NULL CHECK (quantity_milli > 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  -- NULL: no VAT on this line ("без НДС").
  vat_rate_bp integer CHECK (vat_rate_bp IS NULL OR vat_rate_bp BETWEEN 0 AND 10000),
  net_minor bigint NOT NULL CHECK (net_minor >= 0),
  vat_minor bigint NOT NULL CHECK (vat_minor >= 0),
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, invoice_id, position),
  FOREIGN KEY (workspace_id, invoice_id) REFERENCES invoices (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, service_id) REFERENCES services (workspace_id, id)
);

CREATE TABLE acts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL,
  contract_id uuid,
  invoice_id uuid,
  project_id uuid,
  number text NOT NULL,
  number_year integer NOT NULL,
  number_seq integer NOT NULL,
  act_date date NOT NULL,
  period_start date,
  period_end date,
  currency char(3) NOT NULL,
  language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
  notes text NOT NULL DEFAULT '',
  net_minor bigint NOT NULL CHECK (net_minor >= 0),
  vat_minor bigint NOT NULL CHECK (vat_minor >= 0),
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  signed_on date,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, number_year, number_seq),
  UNIQUE (workspace_id, number),
  CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES contracts (workspace_id, id),
  FOREIGN KEY (workspace_id, invoice_id) REFERENCES invoices (workspace_id, id),
  FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES users (workspace_id, id)
);
CREATE INDEX acts_company_idx ON acts (workspace_id, company_id, act_date, id);
CREATE INDEX acts_created_idx ON acts (workspace_id, created_at, id);

CREATE TABLE act_lines (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  act_id uuid NOT NULL,
  position integer NOT NULL,
  service_id uuid,
  description text NOT NULL,
  unit text NOT NULL DEFAULT '',
  quantity_milli bigint NOT NULL CHECK (quantity_milli > 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  vat_rate_bp integer CHECK (vat_rate_bp IS NULL OR vat_rate_bp BETWEEN 0 AND 10000),
  net_minor bigint NOT NULL CHECK (net_minor >= 0),
  vat_minor bigint NOT NULL CHECK (vat_minor >= 0),
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, act_id, position),
  FOREIGN KEY (workspace_id, act_id) REFERENCES acts (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, service_id) REFERENCES services (workspace_id, id)
);

-- One bank-statement import per Idempotency-Key: a repeated request answers the stored result.
CREATE TABLE statement_imports (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL,
  file_sha256 text NOT NULL,
  lines_total integer NOT NULL DEFAULT 0,
  lines_created integer NOT NULL DEFAULT 0,
  lines_duplicate integer NOT NULL DEFAULT 0,
  lines_rejected integer NOT NULL DEFAULT 0,
  result jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, idempotency_key),
  FOREIGN KEY (workspace_id, created_by) REFERENCES users (workspace_id, id)
);

CREATE TABLE payments (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid,
  received_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  allocated_minor bigint NOT NULL DEFAULT 0 CHECK (allocated_minor >= 0 AND allocated_minor <= amount_minor),
  method text NOT NULL DEFAULT 'bank_transfer' CHECK (method IN ('bank_transfer', 'card', 'cash', 'other')),
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'statement')),
  -- The bank's id of the transfer; a statement line already imported is skipped by it.
  bank_reference text,
  payer_name text NOT NULL DEFAULT '',
  payer_tax_id text,
  purpose text NOT NULL DEFAULT '',
  statement_import_id uuid,
  -- A payment entered by hand with an Idempotency-Key: the same request again adds nothing.
  idempotency_key text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, statement_import_id) REFERENCES statement_imports (workspace_id, id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX payments_bank_reference_key ON payments (workspace_id, bank_reference)
  WHERE bank_reference IS NOT NULL;
CREATE UNIQUE INDEX payments_idempotency_key ON payments (workspace_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX payments_company_idx ON payments (workspace_id, company_id, received_on, id);
CREATE INDEX payments_received_idx ON payments (workspace_id, received_on, id);

CREATE TABLE payment_allocations (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  payment_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, payment_id) REFERENCES payments (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, invoice_id) REFERENCES invoices (workspace_id, id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES users (workspace_id, id)
);
CREATE INDEX payment_allocations_payment_idx ON payment_allocations (workspace_id, payment_id);
CREATE INDEX payment_allocations_invoice_idx ON payment_allocations (workspace_id, invoice_id);

-- Each allocated amount, classified for KPIs and motivation, with whom it is credited to.
CREATE TABLE revenue_facts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
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
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, allocation_id),
  FOREIGN KEY (workspace_id, allocation_id) REFERENCES payment_allocations (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, payment_id) REFERENCES payments (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, invoice_id) REFERENCES invoices (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES contracts (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_owner_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, account_manager_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX revenue_facts_received_idx ON revenue_facts (workspace_id, received_on, id);
CREATE INDEX revenue_facts_owner_idx ON revenue_facts (workspace_id, deal_owner_id, received_on);
CREATE INDEX revenue_facts_am_idx ON revenue_facts (workspace_id, account_manager_id, received_on);
CREATE INDEX revenue_facts_company_idx ON revenue_facts (workspace_id, company_id, received_on);

-- An overdue invoice is reminded about once: the primary key refuses a second reminder.
CREATE TABLE invoice_reminders (
  workspace_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  task_id uuid,
  emailed_to text,
  emailed_at timestamptz,
  email_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, invoice_id),
  FOREIGN KEY (workspace_id, invoice_id) REFERENCES invoices (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, task_id) REFERENCES tasks (workspace_id, id) ON DELETE SET NULL (task_id)
);

-- Tasks made by the overdue-invoice robot.
ALTER TABLE tasks DROP CONSTRAINT tasks_origin_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_origin_check
  CHECK (origin IN ('manual', 'callback', 'tender_deadline', 'kickoff', 'assignment', 'demo', 'invoice_overdue'));
