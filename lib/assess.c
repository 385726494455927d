/* assess.c: the assessment object, progress and scoring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "db.h"
#include "link.h"
#include "mail.h"
#include "resp.h"
#include "serve.h"
#include "valid.h"

/*
 * {"primary": ..., "scores": {...}} from the stored columns, or NULL.
 * jsonb sorts its keys, so the scores are copied back in the document's
 * order: names[0..n).
 */
static json_object *
result_json(const PGresult *res, int row, int primary, int scores, int secondary,
    const char *(*name)(int), int n)
{
	json_object	*o, *s, *v, *ordered;

	if (db_null(res, row, scores) ||
	    (s = json_tokener_parse(db_get(res, row, scores))) == NULL)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "primary", db_json_str(res, row, primary));
	if (secondary >= 0)
		json_object_object_add(o, "secondary", db_json_str(res, row, secondary));
	/* The confidence is stored beside the scores; show it beside them. */
	if (json_object_object_get_ex(s, "confidence", &v))
		json_object_object_add(o, "confidence", json_object_get(v));
	ordered = json_object_new_object();
	for (int i = 0; i < n; i++)
		if (json_object_object_get_ex(s, name(i), &v))
			json_object_object_add(ordered, name(i), json_object_get(v));
	json_object_object_add(o, "scores", ordered);
	json_object_put(s);
	return o;
}

static const char *
disc_name(int i)
{
	return score_disc_name((enum score_disc)i);
}

static const char *
phase_name(int i)
{
	return score_phase_name((enum score_phase)i);
}

json_object *
assess_json(const struct req *r, const PGresult *res, int row, enum assess_view view)
{
	json_object	*o;
	char		*link;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, "id", db_json_str(res, row, AC_ID));
	json_object_object_add(o, "userId", db_json_str(res, row, AC_USER));
	json_object_object_add(o, "clientName", db_json_str(res, row, AC_CLIENT_NAME));
	json_object_object_add(o, "clientEmail", db_json_str(res, row, AC_CLIENT_EMAIL));
	json_object_object_add(o, "businessName", db_json_str(res, row, AC_BUSINESS));
	json_object_object_add(o, "industry", db_json_str(res, row, AC_INDUSTRY));
	json_object_object_add(o, "assessmentType", db_json_str(res, row, AC_TYPE));
	json_object_object_add(o, "status", db_json_str(res, row, AC_STATUS));
	if (view == ASSESS_VIEW_DETAIL)
		json_object_object_add(o, "progress",
		    json_object_new_int((int)db_getll(res, row, AC_PROGRESS)));
	link = link_url(r, db_get(res, row, AC_ID), db_get(res, row, AC_SALT));
	json_object_object_add(o, "uniqueLink", link ? json_object_new_string(link) : NULL);
	free(link);
	if (view == ASSESS_VIEW_DETAIL) {
		json_object_object_add(o, "discProfile", result_json(res, row,
		    AC_DISC_PRIMARY, AC_DISC_SCORES, AC_DISC_SECONDARY, disc_name,
		    SCORE_DISC__MAX));
		json_object_object_add(o, "phaseResults", result_json(res, row,
		    AC_PHASE_PRIMARY, AC_PHASE_SCORES, -1, phase_name,
		    SCORE_PHASE__MAX));
	}
	json_object_object_add(o, "createdAt", db_json_time(res, row, AC_CREATED));
	if (view == ASSESS_VIEW_DETAIL) {
		json_object_object_add(o, "updatedAt", db_json_time(res, row, AC_UPDATED));
		json_object_object_add(o, "completedAt",
		    db_json_time(res, row, AC_COMPLETED));
		json_object_object_add(o, "notes", db_json_str(res, row, AC_NOTES));
	}
	json_object_object_add(o, "expiresAt", db_json_time(res, row, AC_EXPIRES));
	return o;
}

/*
 * Marks in sel (one flag per bank option) the options stored for
 * assessment id; *answered[i] tells whether question i was answered.
 */
static enum app_err
load_answers(struct req *r, const struct bank *b, const char *id, bool *sel,
    bool *answered, size_t *count)
{
	const struct bank_question	*q;
	PGresult			*res;
	json_object			*arr;
	long				 k;
	int				 i;
	size_t				 j;

	if ((res = DB_Q(r->app->db, STMT_RESP_LIST, id)) == NULL)
		return APP_ERR_DB;
	*count = 0;
	for (i = 0; i < PQntuples(res); i++) {
		if ((q = bank_question(b, db_get(res, i, 0))) == NULL)
			continue;
		if ((arr = json_tokener_parse(db_get(res, i, 1))) == NULL)
			continue;
		for (j = 0; j < json_object_array_length(arr); j++) {
			k = bank_option(b, q, json_object_get_string(
			    json_object_array_get_idx(arr, j)));
			if (k >= 0) {
				sel[k] = true;
				answered[q - b->questions] = true;
			}
		}
		json_object_put(arr);
		if (answered[q - b->questions])
			(*count)++;
	}
	PQclear(res);
	return APP_OK;
}

enum app_err
assess_state(struct req *r, const struct bank *b, const char *id,
    struct assess_state *st)
{
	bool		*sel, *answered;
	size_t		 i, done = 0;
	enum app_err	 rc;

	memset(st, 0, sizeof(*st));
	sel = calloc(b->noptions + 1, sizeof(*sel));
	answered = calloc(b->nquestions + 1, sizeof(*answered));
	if (sel == NULL || answered == NULL) {
		rc = APP_ERR_NOMEM;
		goto out;
	}
	if ((rc = load_answers(r, b, id, sel, answered, &st->answered)) != APP_OK)
		goto out;
	st->missing = json_object_new_array();
	for (i = 0; i < b->nquestions; i++) {
		if (!b->questions[i].required)
			continue;
		if (answered[i])
			done++;
		else
			json_object_array_add(st->missing,
			    json_object_new_string(b->questions[i].id));
	}
	/* Floor, so 100 means every required question is answered. */
	st->progress = b->nrequired == 0 ? 100 : (int)(done * 100 / b->nrequired);
out:
	free(sel);
	free(answered);
	return rc;
}

enum app_err
assess_complete(struct req *r, const struct bank *b, const char *id)
{
	struct score_question	*sq = NULL;
	struct score_option	*so = NULL;
	struct score_result	 res;
	bool			*sel = NULL, *answered = NULL;
	size_t			 i, n;
	json_object		*disc = NULL, *phase = NULL;
	const char		*dp, *ds;
	PGresult		*pr;
	enum app_err		 rc = APP_ERR_NOMEM;

	sq = malloc((b->nquestions + 1) * sizeof(*sq));
	so = malloc((b->noptions + 1) * sizeof(*so));
	sel = calloc(b->noptions + 1, sizeof(*sel));
	answered = calloc(b->nquestions + 1, sizeof(*answered));
	if (sq == NULL || so == NULL || sel == NULL || answered == NULL)
		goto out;
	if ((rc = load_answers(r, b, id, sel, answered, &n)) != APP_OK)
		goto out;
	/* A private copy of the bank's scoring view with this client's choices. */
	memcpy(so, b->so, b->noptions * sizeof(*so));
	memcpy(sq, b->sq, b->nquestions * sizeof(*sq));
	for (i = 0; i < b->noptions; i++)
		so[i].selected = sel[i];
	for (i = 0; i < b->nquestions; i++)
		sq[i].options = so + b->questions[i].first;
	if (score_compute(sq, b->nquestions, (int)r->app->cfg.readiness_threshold,
	    &res) != SCORE_OK) {
		rc = APP_ERR_INVALID;
		goto out;
	}
	disc = json_object_new_object();
	phase = json_object_new_object();
	for (i = 0; i < SCORE_DISC__MAX; i++)
		json_object_object_add(disc, score_disc_name((enum score_disc)i),
		    json_object_new_int(res.disc_scores[i]));
	json_object_object_add(disc, "confidence",
	    json_object_new_string(score_conf_name(res.disc_confidence)));
	for (i = 0; i < SCORE_PHASE__MAX; i++)
		json_object_object_add(phase, score_phase_name((enum score_phase)i),
		    json_object_new_int(res.phase_scores[i]));
	dp = res.has_disc ? score_disc_name(res.disc_primary) : NULL;
	ds = res.has_disc ? score_disc_name(res.disc_secondary) : NULL;
	pr = DB_Q(r->app->db, STMT_ASM_COMPLETE, id, dp, ds,
	    res.has_disc ? json_object_to_json_string(disc) : NULL,
	    score_phase_name(res.phase_primary), json_object_to_json_string(phase));
	rc = pr == NULL ? APP_ERR_DB : APP_OK;
	PQclear(pr);
out:
	json_object_put(disc);
	json_object_put(phase);
	free(sq);
	free(so);
	free(sel);
	free(answered);
	return rc;
}

PGresult *
assess_fetch(struct req *r, const char *id, bool for_update)
{
	const char	*owner;
	PGresult	*res;

	if (id == NULL || !util_id_valid(id, "asm_")) {
		resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
		return NULL;
	}
	/* Consultants see their own; admins and checked client links any. */
	owner = r->who.ok && strcmp(r->who.role, "admin") != 0 ? r->who.user_id : "";
	res = DB_Q(r->app->db, for_update ? STMT_ASM_GET_FOR_UPDATE : STMT_ASM_GET,
	    id, owner);
	if (res == NULL) {
		resp_db_error(r);
		return NULL;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
		return NULL;
	}
	return res;
}

int
assess_create(struct req *r, struct in *in, PGresult **row)
{
	static const char *const fields[] = { "clientName", "clientEmail",
	    "businessName", "industry", "assessmentType", "notes", NULL };
	static const char *const types[] = { "self-administered", "collaborative", NULL };
	const char	*name, *email, *business, *industry, *type, *notes;
	char		 id[UTIL_ID_MAX], secret[LINK_SECRET_MAX], hash[65];
	char		 salthex[2 * LINK_SALT_LEN + 1], days[16], mid[UTIL_ID_MAX];
	uint8_t		 salt[LINK_SALT_LEN];
	enum app_err	 rc;

	*row = NULL;
	in_only(in, fields, "Unknown field");
	name = in_str(in, "clientName", IN_REQUIRED, 200);
	if ((email = in_str(in, "clientEmail", IN_REQUIRED, 254)) != NULL &&
	    !valid_email(email))
		in_error(in, "clientEmail", "Invalid email format");
	business = in_str(in, "businessName", IN_REQUIRED, 200);
	industry = in_str(in, "industry", IN_NULLABLE, 100);
	type = in_enum(in, "assessmentType", IN_REQUIRED, types);
	notes = in_str(in, "notes", IN_NULLABLE | IN_EMPTY_OK, 5000);
	if (!in_ok(in))
		return 400;
	if (util_id(id, "asm_") != APP_OK || util_random(salt, sizeof(salt)) != APP_OK)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	util_hex(salthex, salt, sizeof(salt));
	link_secret(&r->app->key, id, salt, secret);
	link_hash_hex(secret, hash);
	explicit_bzero(secret, sizeof(secret));
	snprintf(days, sizeof(days), "%ld", r->app->cfg.expiry_days);
	*row = DB_Q(r->app->db, STMT_ASM_INSERT, id, r->who.org_id, r->who.user_id,
	    name, email, business, industry, type, notes, salthex, hash, days);
	if (*row == NULL)
		return resp_db_error(r);
	/* The client's invitation, committed with the assessment or not at all. */
	if (strcmp(type, "self-administered") == 0 &&
	    (rc = mail_queue(r->app->db, &r->app->cfg, &r->app->key, MAIL_INVITE,
	    id, mid)) != APP_OK) {
		PQclear(*row);
		*row = NULL;
		return rc == APP_ERR_DB ? resp_db_error(r) :
		    resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	}
	return 0;
}

/*
 * Checks a status change from cur to want and carries it out.  Returns 0,
 * 400 with the errors in in, or the error status with the response set.
 */
static int
change_status(struct req *r, struct in *in, const char *id, const char *cur,
    const char *want, const char *progress)
{
	const struct bank	*b;
	struct assess_state	 s;
	PGresult		*res;
	char			 msg[96];

	if (strcmp(cur, want) == 0)
		return 0;
	if (strcmp(cur, "pending") == 0 && strcmp(want, "in_progress") == 0) {
		if ((res = DB_Q(r->app->db, STMT_ASM_PROGRESS, id, progress)) == NULL)
			return resp_db_error(r);
		PQclear(res);
		return 0;
	}
	if ((strcmp(cur, "pending") == 0 || strcmp(cur, "in_progress") == 0) &&
	    strcmp(want, "completed") == 0) {
		if ((b = bank_get(r->app->db)) == NULL)
			return resp_db_error(r);
		if (assess_state(r, b, id, &s) != APP_OK)
			return resp_db_error(r);
		if (json_object_array_length(s.missing) > 0) {
			snprintf(msg, sizeof(msg), "%zu required questions are unanswered",
			    json_object_array_length(s.missing));
			in_error(in, "status", msg);
			json_object_object_add(in->root->errors, "missingQuestions",
			    s.missing);
			return 400;
		}
		json_object_put(s.missing);
		if (assess_complete(r, b, id) != APP_OK)
			return resp_db_error(r);
		return 0;
	}
	if (strcmp(cur, "expired") == 0)
		snprintf(msg, sizeof(msg), "An expired assessment cannot change status");
	else
		snprintf(msg, sizeof(msg), "Cannot change status from %s to %s", cur, want);
	in_error(in, "status", msg);
	return 400;
}

int
assess_update(struct req *r, struct in *in, const char *id)
{
	static const char *const fields[] = { "notes", "clientName", "clientEmail",
	    "businessName", "industry", "status", NULL };
	static const char *const statuses[] = { "pending", "in_progress",
	    "completed", "expired", NULL };
	const char	*name, *email, *business, *industry, *notes, *status;
	PGresult	*cur = NULL, *res;
	int		 st;

	in_only(in, fields, "Field cannot be changed");
	name = in_str(in, "clientName", 0, 200);
	if ((email = in_str(in, "clientEmail", 0, 254)) != NULL && !valid_email(email))
		in_error(in, "clientEmail", "Invalid email format");
	business = in_str(in, "businessName", 0, 200);
	industry = in_str(in, "industry", IN_NULLABLE, 100);
	notes = in_str(in, "notes", IN_NULLABLE | IN_EMPTY_OK, 5000);
	status = in_enum(in, "status", 0, statuses);
	if (!in_ok(in))
		return 400;
	if ((cur = assess_fetch(r, id, true)) == NULL)
		return r->status;
	if (name == NULL)
		name = db_get(cur, 0, AC_CLIENT_NAME);
	if (email == NULL)
		email = db_get(cur, 0, AC_CLIENT_EMAIL);
	if (business == NULL)
		business = db_get(cur, 0, AC_BUSINESS);
	if (industry == NULL && !in_has(in, "industry") && !db_null(cur, 0, AC_INDUSTRY))
		industry = db_get(cur, 0, AC_INDUSTRY);
	if (notes == NULL && !in_has(in, "notes") && !db_null(cur, 0, AC_NOTES))
		notes = db_get(cur, 0, AC_NOTES);
	res = DB_Q(r->app->db, STMT_ASM_UPDATE, id, name, email, business, industry, notes);
	if (res == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	PQclear(res);
	st = status == NULL ? 0 : change_status(r, in, id, db_get(cur, 0, AC_STATUS),
	    status, db_get(cur, 0, AC_PROGRESS));
out:
	PQclear(cur);
	return st;
}

void
assess_query_parse(const struct req *r, struct in *errs, struct assess_query *q)
{
	static const char *const statuses[] = { "", "pending", "in_progress",
	    "completed", "expired", NULL };
	static const char *const sorts[] = { "createdAt", "updatedAt", "clientName", NULL };
	static const char *const orders[] = { "desc", "asc", NULL };
	int	status;

	page_parse(r, errs, &q->pg);
	status = page_choice(r, errs, "status", statuses, 0);
	q->sort = sorts[page_choice(r, errs, "sort", sorts, 0)];
	q->order = orders[page_choice(r, errs, "order", orders, 0)];
	/* "" is the statement's "any", not a value a client may send. */
	if (req_query(r, "status") != NULL && status == 0)
		in_error(errs, "status", "Unsupported value");
	q->status = statuses[status];
}

json_object *
assess_list(struct req *r, const struct assess_query *q)
{
	char		 lim[16], off[24];
	const char	*owner;
	PGresult	*res;
	json_object	*out, *arr, *o;
	int		 i;

	snprintf(lim, sizeof(lim), "%ld", q->pg.limit);
	snprintf(off, sizeof(off), "%ld", q->pg.offset);
	owner = strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id;
	res = DB_Q(r->app->db, STMT_ASM_LIST, owner, q->status, q->sort, q->order,
	    lim, off);
	if (res == NULL) {
		resp_db_error(r);
		return NULL;
	}
	out = json_object_new_object();
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		if (db_null(res, i, 1))		/* the empty page's one row */
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_string(db_get(res, i, 1)));
		json_object_object_add(o, "clientName",
		    json_object_new_string(db_get(res, i, 2)));
		json_object_object_add(o, "businessName",
		    json_object_new_string(db_get(res, i, 3)));
		json_object_object_add(o, "status", json_object_new_string(db_get(res, i, 4)));
		json_object_object_add(o, "progress",
		    json_object_new_int((int)db_getll(res, i, 5)));
		json_object_object_add(o, "createdAt", db_json_time(res, i, 6));
		json_object_object_add(o, "updatedAt", db_json_time(res, i, 7));
		json_object_array_add(arr, o);
	}
	json_object_object_add(out, "assessments", arr);
	json_object_object_add(out, "pagination",
	    page_json(&q->pg, PQntuples(res) > 0 ? db_getll(res, 0, 0) : 0));
	PQclear(res);
	return out;
}

json_object *
assess_counts(struct req *r)
{
	static const char *const statuses[] = { "pending", "in_progress",
	    "completed", "expired", NULL };
	const char	*owner;
	PGresult	*res;
	json_object	*o;
	long long	 total = 0, n;
	int		 i, j;

	owner = strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id;
	if ((res = DB_Q(r->app->db, STMT_ASM_COUNTS, owner)) == NULL) {
		resp_db_error(r);
		return NULL;
	}
	o = json_object_new_object();
	for (j = 0; statuses[j] != NULL; j++) {
		n = 0;
		for (i = 0; i < PQntuples(res); i++)
			if (strcmp(db_get(res, i, 0), statuses[j]) == 0)
				n = db_getll(res, i, 1);
		json_object_object_add(o, statuses[j], json_object_new_int64(n));
		total += n;
	}
	json_object_object_add(o, "total", json_object_new_int64(total));
	PQclear(res);
	return o;
}

int
assess_delete(struct req *r, const char *id)
{
	const char	*owner;
	PGresult	*res;
	int		 st;

	if (id == NULL || !util_id_valid(id, "asm_"))
		return resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
	owner = strcmp(r->who.role, "admin") != 0 ? r->who.user_id : "";
	if ((res = DB_Q(r->app->db, STMT_ASM_DELETE, id, owner)) == NULL)
		return resp_db_error(r);
	st = PQntuples(res) == 1 ? 0 :
	    resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
	PQclear(res);
	return st;
}

int
assess_invite(struct req *r, const char *id, char mail_id[UTIL_ID_MAX])
{
	PGresult	*cur;
	const char	*status;
	enum app_err	 rc;
	int		 st = 0;

	mail_id[0] = '\0';
	if ((cur = assess_fetch(r, id, true)) == NULL)
		return r->status;
	status = db_get(cur, 0, AC_STATUS);
	if (strcmp(status, "completed") == 0)
		st = resp_error(r, RESP_CONFLICT, "Assessment already completed", NULL);
	else if (strcmp(status, "expired") == 0)
		st = resp_error(r, RESP_CONFLICT, "Assessment has expired", NULL);
	else if ((rc = mail_queue(r->app->db, &r->app->cfg, &r->app->key,
	    MAIL_INVITE, id, mail_id)) != APP_OK)
		st = rc == APP_ERR_DB ? resp_db_error(r) :
		    resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	else if (mail_id[0] == '\0')
		st = resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
	PQclear(cur);
	return st;
}
