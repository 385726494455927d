-- 006_mail.sql: the mail outbox.
--
-- A mail is queued as a row in the same transaction as the event that
-- causes it (an assessment created, a final submission, a reminder found
-- due), so a rolled-back event never mails and a committed one always
-- has its row.  The row holds the whole rendered message, so what is
-- sent is what was queued.  bin/rise-mailer claims rows with FOR UPDATE
-- SKIP LOCKED and a lease, sends them over SMTP and marks them 'sent'
-- only after the server accepted them; failures are retried with
-- back-off and end as 'failed'.  With no SMTP host configured the mailer
-- marks queued mail 'held': kept, listed by `risectl mail list`, and sent
-- once released (`risectl mail release`).

CREATE TABLE mail_outbox (
	id            text PRIMARY KEY,
	org_id        text NOT NULL REFERENCES organizations(id),
	kind          text NOT NULL CHECK (kind IN ('invite', 'reminder', 'completed')),
	assessment_id text REFERENCES assessments(id),
	to_addr       text NOT NULL,
	subject       text NOT NULL,                          -- decoded, one line
	body_text     text NOT NULL,
	body_html     text NOT NULL,
	message       text NOT NULL,                          -- RFC 5322, CRLF, as sent
	status        text NOT NULL DEFAULT 'queued'
	              CHECK (status IN ('queued', 'sent', 'failed', 'held')),
	attempts      integer NOT NULL DEFAULT 0,
	run_after     timestamptz NOT NULL DEFAULT now(),      -- retry back-off
	lease_until   timestamptz,                             -- held by a sender
	sent_at       timestamptz,
	last_error    text,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX mail_outbox_queue_idx ON mail_outbox (run_after) WHERE status = 'queued';
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at);
-- The 48-hour reminder is queued at most once per assessment.
CREATE UNIQUE INDEX mail_outbox_reminder_key ON mail_outbox (assessment_id)
	WHERE kind = 'reminder';

ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON mail_outbox
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

-- A sender claims the oldest runnable mail of any tenant and leases it.
CREATE FUNCTION mail_claim(p_lease_seconds integer)
RETURNS TABLE (id text, org_id text, to_addr text, message text, attempts integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
$$ UPDATE mail_outbox m
      SET lease_until = now() + make_interval(secs => p_lease_seconds),
          attempts = m.attempts + 1, updated_at = now()
    WHERE m.id = (SELECT q.id FROM mail_outbox q
                   WHERE q.status = 'queued' AND q.run_after <= now()
                     AND (q.lease_until IS NULL OR q.lease_until < now())
                   ORDER BY q.run_after, q.created_at
                   FOR UPDATE SKIP LOCKED LIMIT 1)
   RETURNING m.id, m.org_id, m.to_addr, m.message, m.attempts $$;

-- A sender with no SMTP host keeps what is queued: 'held'.
CREATE FUNCTION mail_hold() RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
$$ WITH h AS (UPDATE mail_outbox SET status = 'held', lease_until = NULL,
                     updated_at = now()
               WHERE status = 'queued' RETURNING 1)
   SELECT count(*)::integer FROM h $$;

-- The assessments of every tenant whose reminder is due: unfinished,
-- self-administered, not deleted, expiring within 48 hours but not yet
-- expired, and not reminded.  The sender renders each reminder (the link
-- needs the server's secret) and queues it in a transaction of the
-- assessment's tenant; the unique index makes a second queueing a no-op.
CREATE FUNCTION mail_reminders_due()
RETURNS TABLE (assessment_id text, org_id text, user_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT a.id, a.org_id, a.user_id FROM assessments a
    WHERE a.status IN ('pending', 'in_progress')
      AND a.assessment_type = 'self-administered'
      AND a.deleted_at IS NULL
      AND a.expires_at > now() AND a.expires_at <= now() + interval '48 hours'
      AND NOT EXISTS (SELECT 1 FROM mail_outbox m
                       WHERE m.assessment_id = a.id AND m.kind = 'reminder')
    ORDER BY a.expires_at LIMIT 500 $$;

REVOKE ALL ON FUNCTION mail_claim(integer), mail_hold(), mail_reminders_due()
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mail_claim(integer), mail_hold(), mail_reminders_due()
	TO rise_app;
GRANT SELECT, INSERT, UPDATE ON mail_outbox TO rise_app;
