-- Customer journey map (DOMAIN.md §2.5) and knowledge base (§6). Decision 010.

-- Stages of the journey, ordered per workspace.
CREATE TABLE journey_stages (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  position integer NOT NULL DEFAULT 0,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX journey_stages_position_idx ON journey_stages (workspace_id, position);

-- A touchpoint names who fills each of its three roles: a role resolved per client (the client's
-- AM, PM, BizDev, closer or the AM's team lead) or one named person ('person' + *_user_id).
-- A NULL role means nobody.
CREATE TABLE journey_touchpoints (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  stage_id uuid NOT NULL,
  position integer NOT NULL DEFAULT 0,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  expected_days integer NOT NULL DEFAULT 1 CHECK (expected_days >= 0 AND expected_days <= 3650),
  responsible_role text CHECK (responsible_role IN ('am', 'pm', 'bizdev', 'sales', 'team_lead', 'person')),
  responsible_user_id uuid,
  communicator_role text CHECK (communicator_role IN ('am', 'pm', 'bizdev', 'sales', 'team_lead', 'person')),
  communicator_user_id uuid,
  support_role text CHECK (support_role IN ('am', 'pm', 'bizdev', 'sales', 'team_lead', 'person')),
  support_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, stage_id) REFERENCES journey_stages (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, responsible_user_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, communicator_user_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, support_user_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX journey_touchpoints_stage_idx ON journey_touchpoints (workspace_id, stage_id, position);

-- Each touchpoint a client has entered: when, by whom, and when it was done. The current
-- touchpoint is the one entered last.
CREATE TABLE client_touchpoints (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  company_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  entered_at timestamptz NOT NULL DEFAULT now(),
  entered_by uuid,
  done_at timestamptz,
  done_by uuid,
  PRIMARY KEY (workspace_id, company_id, touchpoint_id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, touchpoint_id) REFERENCES journey_touchpoints (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX client_touchpoints_entered_idx ON client_touchpoints (workspace_id, company_id, entered_at DESC);

-- The task entering a touchpoint created for each of its roles (one task per person: a person
-- filling two roles gets one task naming both).
CREATE TABLE client_touchpoint_tasks (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  company_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  slot text NOT NULL CHECK (slot IN ('responsible', 'communicator', 'support')),
  task_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, company_id, touchpoint_id, slot),
  FOREIGN KEY (workspace_id, task_id) REFERENCES tasks (workspace_id, id) ON DELETE CASCADE
);

-- A job description edited by hand; without a row the text is generated from the map.
CREATE TABLE job_descriptions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('am', 'pm', 'bizdev', 'sales', 'team_lead')),
  body text NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, role)
);

-- Tasks created by entering a touchpoint have origin 'journey'. Added to whatever list the
-- origin check holds at this point (other migrations may have added their own origins).
DO $$
DECLARE c record;
BEGIN
  FOR c IN
    SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid = 'tasks'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%origin%'
  LOOP
    EXECUTE format('ALTER TABLE tasks DROP CONSTRAINT %I', c.conname);
    EXECUTE format('ALTER TABLE tasks ADD CONSTRAINT %I %s', c.conname,
      replace(c.def, '''manual''::text', '''manual''::text, ''journey''::text'));
  END LOOP;
END
$$;

-- Knowledge base: instructions, articles and blog posts in Markdown.
CREATE TABLE articles (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('instruction', 'article', 'blog')),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  tags text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  author_id uuid,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  -- The russian configuration stems Cyrillic words with the Russian Snowball stemmer and Latin
  -- ones with the English one; `simple` keeps exact tokens (codes, names) as typed.
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', title), 'A')
    || setweight(to_tsvector('russian', tandem_join_words(tags)), 'A')
    || setweight(to_tsvector('russian', body), 'B')
    || setweight(to_tsvector('simple', title || ' ' || tandem_join_words(tags)), 'C')
  ) STORED,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, author_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX articles_search_idx ON articles USING gin (search);
CREATE INDEX articles_tags_idx ON articles USING gin (tags);
CREATE INDEX articles_updated_idx ON articles (workspace_id, updated_at DESC, id);

-- Every save keeps a version: who, when, what.
CREATE TABLE article_versions (
  workspace_id uuid NOT NULL,
  article_id uuid NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  status text NOT NULL,
  edited_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, article_id, version),
  FOREIGN KEY (workspace_id, article_id) REFERENCES articles (workspace_id, id) ON DELETE CASCADE
);

-- Where an article is "one click away": a journey touchpoint, a pipeline stage, a call list
-- (its call script).
CREATE TABLE article_links (
  workspace_id uuid NOT NULL,
  article_id uuid NOT NULL,
  target_type text NOT NULL CHECK (target_type IN ('touchpoint', 'stage', 'call_list')),
  target_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, article_id, target_type, target_id),
  FOREIGN KEY (workspace_id, article_id) REFERENCES articles (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX article_links_target_idx ON article_links (workspace_id, target_type, target_id);

-- Images of articles, kept in the database so every Tandem process serves them (decision 010).
CREATE TABLE knowledge_images (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  size_bytes integer NOT NULL,
  bytes bytea NOT NULL,
  uploaded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
