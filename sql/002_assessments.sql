-- 002_assessments.sql: the question bank, assessments and their responses.
--
-- The question bank is global reference data (not tenant-owned), readable by
-- the application and written only by migrations and sql/seed/.

CREATE TABLE questions (
	id           text PRIMARY KEY,                 -- q_001
	section      integer NOT NULL,                 -- questionnaire section, in order
	category     text NOT NULL,                    -- e.g. 'Financial Health'
	kind         text NOT NULL CHECK (kind IN ('phase', 'disc', 'metadata')),
	phase        text CHECK (phase IN ('Stabilize', 'Organize', 'Build', 'Grow', 'Systemic')),
	text         text NOT NULL,
	-- multiple_choice: exactly one option (the document's meaning);
	-- multi_select: one or more options, points added up to max_points;
	-- rating: one of five options rated 1 to 5.
	type         text NOT NULL CHECK (type IN ('multiple_choice', 'multi_select', 'rating')),
	is_required  boolean NOT NULL DEFAULT true,
	order_index  integer NOT NULL,
	max_points   integer,                          -- multi_select cap
	CHECK ((kind = 'phase') = (phase IS NOT NULL)),
	CHECK ((type = 'multi_select') = (max_points IS NOT NULL))
);
CREATE UNIQUE INDEX questions_order_key ON questions (section, order_index);

CREATE TABLE question_options (
	id           text PRIMARY KEY,                 -- opt_001_a
	question_id  text NOT NULL REFERENCES questions(id),
	text         text NOT NULL,
	score        integer CHECK (score BETWEEN 0 AND 5),   -- phase questions
	disc         char(1) CHECK (disc IN ('D', 'I', 'S', 'C')), -- DISC questions
	order_index  integer NOT NULL
);
CREATE INDEX question_options_question_idx ON question_options (question_id, order_index);

CREATE TABLE assessments (
	id               text PRIMARY KEY,
	org_id           text NOT NULL REFERENCES organizations(id),
	user_id          text NOT NULL REFERENCES users(id),
	client_name      text NOT NULL,
	client_email     text NOT NULL,
	business_name    text NOT NULL,
	industry         text,
	assessment_type  text NOT NULL
	                 CHECK (assessment_type IN ('self-administered', 'collaborative')),
	status           text NOT NULL DEFAULT 'pending'
	                 CHECK (status IN ('pending', 'in_progress', 'completed')),
	notes            text,
	-- The link secret is HMAC(server key, id || link_salt): recomputable for
	-- GET, never stored; a dump of the database alone reveals no link.
	link_salt        bytea NOT NULL,               -- 128 random bits
	link_hash        bytea NOT NULL,               -- SHA-256 of the secret
	progress         integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
	disc_primary     char(1),
	disc_secondary   char(1),
	disc_scores      jsonb,
	phase_primary    text,
	phase_scores     jsonb,
	created_at       timestamptz NOT NULL DEFAULT now(),
	updated_at       timestamptz NOT NULL DEFAULT now(),
	started_at       timestamptz,
	completed_at     timestamptz,
	expires_at       timestamptz NOT NULL,
	deleted_at       timestamptz
);
CREATE INDEX assessments_user_idx ON assessments (user_id, created_at DESC)
	WHERE deleted_at IS NULL;
CREATE INDEX assessments_org_idx ON assessments (org_id);

CREATE TABLE responses (
	assessment_id  text NOT NULL REFERENCES assessments(id),
	question_id    text NOT NULL REFERENCES questions(id),
	org_id         text NOT NULL REFERENCES organizations(id),
	option_ids     text[] NOT NULL,
	answered_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (assessment_id, question_id)
);

ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE assessments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON assessments
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

ALTER TABLE responses ENABLE ROW LEVEL SECURITY;
ALTER TABLE responses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON responses
	USING (org_id = rise_org() OR rise_is_admin())
	WITH CHECK (org_id = rise_org() OR rise_is_admin());

-- The client's link: which assessment (and tenant) a link belongs to, so the
-- request can set its tenant.  The caller still compares the hash in
-- constant time.
CREATE FUNCTION assessment_link_lookup(p_id text)
RETURNS TABLE (org_id text, link_hash bytea, expired boolean, status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT a.org_id, a.link_hash, a.expires_at <= now(), a.status FROM assessments a
    WHERE a.id = p_id AND a.deleted_at IS NULL $$;
REVOKE ALL ON FUNCTION assessment_link_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assessment_link_lookup(text) TO rise_app;

GRANT SELECT ON questions, question_options TO rise_app;
GRANT SELECT, INSERT, UPDATE ON assessments TO rise_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON responses TO rise_app;
