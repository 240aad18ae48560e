-- The in-app notification centre, outgoing webhooks with their delivery log, and each person's
-- private calendar feed (issue 7; docs/notifications-and-webhooks.md).

CREATE TABLE notifications (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  -- What happened; the web app words it in the reader's language from kind + params.
  kind text NOT NULL CHECK (kind IN ('task_assigned', 'robot_task', 'assignment', 'mention', 'approval')),
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Where it leads in the web app, e.g. /companies/<id>.
  link text,
  actor_user_id uuid,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_user_idx ON notifications (workspace_id, user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (workspace_id, user_id) WHERE read_at IS NULL;

-- Whether a person wants the daily e-mail digest of their notifications and tasks.
ALTER TABLE users ADD COLUMN email_digest boolean NOT NULL DEFAULT false;

CREATE TABLE webhooks (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Signs every delivery (HMAC-SHA256); shown once when the webhook is made.
  secret text NOT NULL,
  events text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id)
);

-- The outbox: a delivery is written in the same transaction as the change it reports, so an event
-- that happened is never lost; a sender posts it afterwards and retries with back-off.
CREATE TABLE webhook_deliveries (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL,
  event text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, webhook_id) REFERENCES webhooks (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (workspace_id, webhook_id, created_at DESC, id DESC);

-- A private, revocable address of a person's calendar (tasks and meetings) for Google, Outlook or
-- Apple calendars. Only the token's hash is kept.
CREATE TABLE calendar_feeds (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
