-- Foundation: workspaces, people and access, core CRM records, audit.
-- Every business table carries workspace_id, and its primary, unique and foreign keys lead with
-- it, so that a table can be distributed by workspace (Citus) and isolation is checkable.

-- array_to_string is only STABLE; generated search columns need an IMMUTABLE expression.
CREATE FUNCTION tandem_join_words(words text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_to_string(words, ' '), '') $$;

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  default_currency char(3) NOT NULL DEFAULT 'RUB',
  default_locale text NOT NULL DEFAULT 'ru' CHECK (default_locale IN ('ru', 'en')),
  time_zone text NOT NULL DEFAULT 'Europe/Moscow',
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE grades (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  rank integer NOT NULL DEFAULT 0,
  criteria text NOT NULL DEFAULT '',
  client_cap integer CHECK (client_cap IS NULL OR client_cap >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, name)
);

-- E-mail is unique across the installation: a person signs in with it alone.
CREATE TABLE users (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,
  roles text[] NOT NULL DEFAULT '{}',
  locale text NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
  tier smallint CHECK (tier IN (1, 2, 3)),
  grade_id uuid,
  client_cap integer CHECK (client_cap IS NULL OR client_cap >= 0),
  skills text[] NOT NULL DEFAULT '{}',
  industries text[] NOT NULL DEFAULT '{}',
  region text,
  active boolean NOT NULL DEFAULT true,
  last_assigned_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, grade_id) REFERENCES grades (workspace_id, id)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE user_career_history (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  tier smallint,
  grade_id uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid,
  note text NOT NULL DEFAULT '',
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX user_career_history_user_idx ON user_career_history (workspace_id, user_id, changed_at);

CREATE TABLE teams (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  lead_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, name),
  FOREIGN KEY (workspace_id, lead_user_id) REFERENCES users (workspace_id, id)
);

CREATE TABLE team_members (
  workspace_id uuid NOT NULL,
  team_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, team_id, user_id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX team_members_user_idx ON team_members (workspace_id, user_id);

-- Sessions and API tokens are looked up by the hash of their secret before the workspace is known.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE api_tokens (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  token_prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE audit_log (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  before jsonb,
  after jsonb,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX audit_log_entity_idx ON audit_log (workspace_id, entity_type, entity_id, id);

CREATE TABLE custom_field_definitions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  entity text NOT NULL CHECK (entity IN ('company', 'contact', 'deal')),
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  label text NOT NULL,
  type text NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'select')),
  options text[] NOT NULL DEFAULT '{}',
  required boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, entity, key)
);

CREATE TABLE lead_sources (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('personal_brand', 'seo_inbound', 'tender', 'referral', 'cold_call', 'other')),
  active boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, name)
);

CREATE TABLE companies (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  legal_name text,
  tax_id text,
  domain text,
  industry text,
  region text,
  size text CHECK (size IN ('micro', 'small', 'medium', 'large', 'enterprise')),
  tags text[] NOT NULL DEFAULT '{}',
  lead_source_id uuid,
  status text NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect', 'client', 'former_client')),
  owner_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('russian', coalesce(name, '') || ' ' || coalesce(legal_name, '') || ' ' || coalesce(industry, ''))
    || to_tsvector('english', coalesce(name, '') || ' ' || coalesce(legal_name, '') || ' ' || coalesce(industry, ''))
    || to_tsvector('simple', coalesce(tax_id, '') || ' ' || coalesce(domain, ''))
  ) STORED,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, lead_source_id) REFERENCES lead_sources (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX companies_tax_id_key ON companies (workspace_id, tax_id) WHERE tax_id IS NOT NULL;
CREATE INDEX companies_domain_idx ON companies (workspace_id, domain) WHERE domain IS NOT NULL;
CREATE INDEX companies_name_idx ON companies (workspace_id, name, id);
CREATE INDEX companies_created_idx ON companies (workspace_id, created_at, id);
CREATE INDEX companies_updated_idx ON companies (workspace_id, updated_at, id);
CREATE INDEX companies_owner_idx ON companies (workspace_id, owner_id, name, id);
CREATE INDEX companies_status_idx ON companies (workspace_id, status, name, id);
CREATE INDEX companies_search_idx ON companies USING gin (search);
CREATE INDEX companies_tags_idx ON companies USING gin (tags);

CREATE TABLE contacts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company_id uuid,
  name text NOT NULL,
  position text,
  emails text[] NOT NULL DEFAULT '{}',
  phones text[] NOT NULL DEFAULT '{}',
  is_decision_maker boolean NOT NULL DEFAULT false,
  decision_role text CHECK (decision_role IN ('decision_maker', 'influencer', 'user', 'accountant')),
  owner_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('russian', coalesce(name, '') || ' ' || coalesce(position, ''))
    || to_tsvector('english', coalesce(name, '') || ' ' || coalesce(position, ''))
    || to_tsvector('simple', tandem_join_words(emails) || ' ' || tandem_join_words(phones))
  ) STORED,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX contacts_company_idx ON contacts (workspace_id, company_id);
CREATE INDEX contacts_name_idx ON contacts (workspace_id, name, id);
CREATE INDEX contacts_created_idx ON contacts (workspace_id, created_at, id);
CREATE INDEX contacts_owner_idx ON contacts (workspace_id, owner_id, name, id);
CREATE INDEX contacts_emails_idx ON contacts USING gin (emails);
CREATE INDEX contacts_phones_idx ON contacts USING gin (phones);
CREATE INDEX contacts_search_idx ON contacts USING gin (search);

CREATE TABLE pipelines (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  is_default boolean NOT NULL DEFAULT false,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE stages (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  pipeline_id uuid NOT NULL,
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
  probability_bp integer NOT NULL DEFAULT 0 CHECK (probability_bp BETWEEN 0 AND 10000),
  required_fields text[] NOT NULL DEFAULT '{}',
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, pipeline_id) REFERENCES pipelines (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX stages_pipeline_idx ON stages (workspace_id, pipeline_id, position);

CREATE TABLE deals (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  title text NOT NULL,
  company_id uuid NOT NULL,
  contact_id uuid,
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  amount_minor bigint NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
  currency char(3) NOT NULL DEFAULT 'RUB',
  kind text NOT NULL DEFAULT 'new' CHECK (kind IN ('new', 'upsell', 'renewal')),
  monthly_amount_minor bigint NOT NULL DEFAULT 0 CHECK (monthly_amount_minor >= 0),
  expected_close_date date,
  owner_id uuid,
  lead_source_id uuid,
  lost_reason text,
  next_step text,
  next_step_at timestamptz,
  stage_entered_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('russian', coalesce(title, '') || ' ' || coalesce(next_step, ''))
    || to_tsvector('english', coalesce(title, '') || ' ' || coalesce(next_step, ''))
  ) STORED,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, pipeline_id) REFERENCES pipelines (workspace_id, id),
  FOREIGN KEY (workspace_id, stage_id) REFERENCES stages (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, lead_source_id) REFERENCES lead_sources (workspace_id, id)
);
CREATE INDEX deals_company_idx ON deals (workspace_id, company_id);
CREATE INDEX deals_stage_idx ON deals (workspace_id, stage_id, updated_at, id);
CREATE INDEX deals_owner_idx ON deals (workspace_id, owner_id, created_at, id);
CREATE INDEX deals_created_idx ON deals (workspace_id, created_at, id);
CREATE INDEX deals_updated_idx ON deals (workspace_id, updated_at, id);
CREATE INDEX deals_amount_idx ON deals (workspace_id, amount_minor, id);
CREATE INDEX deals_close_idx ON deals (workspace_id, expected_close_date, id);
CREATE INDEX deals_title_idx ON deals (workspace_id, title, id);
CREATE INDEX deals_search_idx ON deals USING gin (search);

CREATE TABLE deal_stage_history (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  deal_id uuid NOT NULL,
  from_stage_id uuid,
  to_stage_id uuid NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX deal_stage_history_deal_idx ON deal_stage_history (workspace_id, deal_id, changed_at);

CREATE TABLE activities (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  type text NOT NULL CHECK (type IN ('call', 'email', 'meeting', 'note')),
  direction text CHECK (direction IN ('inbound', 'outbound')),
  subject text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  outcome text,
  duration_seconds integer CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  company_id uuid,
  contact_id uuid,
  deal_id uuid,
  author_id uuid,
  participant_contact_ids uuid[] NOT NULL DEFAULT '{}',
  participant_user_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id),
  FOREIGN KEY (workspace_id, author_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX activities_company_idx ON activities (workspace_id, company_id, occurred_at, id);
CREATE INDEX activities_contact_idx ON activities (workspace_id, contact_id, occurred_at, id);
CREATE INDEX activities_deal_idx ON activities (workspace_id, deal_id, occurred_at, id);
CREATE INDEX activities_author_idx ON activities (workspace_id, author_id, occurred_at, id);

CREATE TABLE tasks (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  due_at timestamptz,
  assignee_id uuid,
  creator_id uuid,
  company_id uuid,
  contact_id uuid,
  deal_id uuid,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, assignee_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, creator_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id)
);
CREATE INDEX tasks_assignee_idx ON tasks (workspace_id, assignee_id, status, due_at, id);
CREATE INDEX tasks_company_idx ON tasks (workspace_id, company_id, status);
CREATE INDEX tasks_deal_idx ON tasks (workspace_id, deal_id, status);
