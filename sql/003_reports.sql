-- 003_reports.sql: PDF reports and the queue that generates them.
--
-- A report row is its own job: status 'processing' until a worker stores
-- the PDF and sets 'ready' in one UPDATE (never half-written), or gives up
-- after a few tries with 'failed' and a reason.  Workers claim jobs with
-- FOR UPDATE SKIP LOCKED and hold a lease; a worker that dies leaves the
-- lease to run out, and another worker takes the job again.  PDFs live in
-- PostgreSQL so that every web host can serve them.

CREATE TABLE reports (
	id            text PRIMARY KEY,
	org_id        text NOT NULL REFERENCES organizations(id),
	assessment_id text NOT NULL REFERENCES assessments(id),
	user_id       text NOT NULL REFERENCES users(id),     -- who asked for it
	report_type   text NOT NULL CHECK (report_type IN ('consultant', 'client')),
	status        text NOT NULL DEFAULT 'processing'
	              CHECK (status IN ('processing', 'ready', 'failed')),
	failure       text,
	attempts      integer NOT NULL DEFAULT 0,
	run_after     timestamptz NOT NULL DEFAULT now(),      -- retry back-off
	lease_until   timestamptz,                             -- held by a worker
	pdf           bytea,
	pages         integer,
	render_ms     numeric,
	file_name     text,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	generated_at  timestamptz,
	CHECK ((status = 'ready') = (pdf IS NOT NULL))
);
CREATE INDEX reports_assessment_idx ON reports (assessment_id);
CREATE INDEX reports_queue_idx ON reports (run_after) WHERE status = 'processing';

ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE reports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON reports
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

-- A worker claims the oldest runnable job of any tenant and leases it.
CREATE FUNCTION report_claim(p_lease_seconds integer)
RETURNS TABLE (id text, org_id text, user_id text, attempts integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
$$ UPDATE reports r
      SET lease_until = now() + make_interval(secs => p_lease_seconds),
          attempts = r.attempts + 1, updated_at = now()
    WHERE r.id = (SELECT q.id FROM reports q
                   WHERE q.status = 'processing' AND q.run_after <= now()
                     AND (q.lease_until IS NULL OR q.lease_until < now())
                   ORDER BY q.run_after, q.created_at
                   FOR UPDATE SKIP LOCKED LIMIT 1)
   RETURNING r.id, r.org_id, r.user_id, r.attempts $$;

-- A download through a signed link: the report's tenant, so that the
-- request can set it before reading the PDF.  The caller has checked the
-- signature.
CREATE FUNCTION report_tenant(p_id text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT org_id FROM reports WHERE id = p_id $$;

REVOKE ALL ON FUNCTION report_claim(integer), report_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION report_claim(integer), report_tenant(text) TO rise_app;
GRANT SELECT, INSERT, UPDATE ON reports TO rise_app;
