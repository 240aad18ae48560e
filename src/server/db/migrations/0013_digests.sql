-- The daily e-mail digest (issue 7): one row per person and day it was sent (or tried), so that
-- with several Tandem processes each person gets at most one digest a day.
CREATE TABLE email_digests (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  day date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  -- Why it was not sent (nothing to say, the mail server refused…); null when sent.
  skipped text,
  PRIMARY KEY (workspace_id, user_id, day),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
