/* responses.c: POST and GET /v1/assessments/:id/responses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "input.h"
#include "link.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Who may answer: the consultant who owns the assessment (or an admin)
 * with a bearer token, or the client with the link's token.  Returns the
 * locked row, or NULL with the response set (401, 404).
 */
static PGresult *
answerer(struct req *r, bool lock)
{
	char	id[UTIL_ID_MAX];

	if (!r->who.ok) {
		if (r->assessment_token == NULL)
			return (resp_error(r, RESP_UNAUTHORIZED,
			    "Missing access token or assessment token", NULL), NULL);
		switch (link_check(r, r->assessment_token, r->params[0], id)) {
		case LINK_OK:
			break;
		case LINK_EXPIRED:
			return (resp_error(r, RESP_UNAUTHORIZED,
			    "This assessment link has expired", NULL), NULL);
		default:
			if (db_unavailable(r->app->db))
				return (resp_db_error(r), NULL);
			return (resp_error(r, RESP_UNAUTHORIZED,
			    "Invalid assessment token", NULL), NULL);
		}
	}
	return asm_fetch(r, lock);
}

/* One validated answer: a question and the bank indices of its options. */
struct answer {
	const struct bank_question	*q;
	json_object			*ids;	/* option ids, owned */
};

/*
 * Reads one element of "responses" into *a, recording errors under
 * "responses[i].<field>".  Returns false if it is unusable.
 */
static bool
read_answer(struct in *in, const struct bank *b, json_object *item, size_t i,
    struct answer *a)
{
	struct in	 one;
	char		 key[48];
	const char	*qid, *opt;
	json_object	*many, *v;
	size_t		 n, k, m;

	a->q = NULL;
	a->ids = NULL;
	snprintf(key, sizeof(key), "responses[%zu]", i);
	if (!json_object_is_type(item, json_type_object)) {
		in_error(in, key, "Must be an object");
		return false;
	}
	in_init(&one, item);
	one.root = in->root;
	snprintf(one.prefix, sizeof(one.prefix), "%s.", key);
	in_only(&one, (const char *const[]){ "questionId", "selectedOption",
	    "selectedOptions", NULL }, "Unknown field");
	if ((qid = in_str(&one, "questionId", IN_REQUIRED, 40)) == NULL)
		return false;
	if ((a->q = bank_question(b, qid)) == NULL) {
		in_error(&one, "questionId", "Unknown question");
		return false;
	}
	if (in_has(&one, "selectedOption") == in_has(&one, "selectedOptions")) {
		in_error(&one, "selectedOption",
		    "Give selectedOption, or selectedOptions for a multi_select question");
		return false;
	}
	opt = in_str(&one, "selectedOption", 0, 40);
	many = in_array(&one, "selectedOptions", 0, a->q->noptions);
	if (opt == NULL && many == NULL)
		return false;
	a->ids = json_object_new_array();
	if (opt != NULL) {
		if (bank_option(b, a->q, opt) < 0) {
			in_error(&one, "selectedOption", "Not an option of this question");
			return false;
		}
		json_object_array_add(a->ids, json_object_new_string(opt));
		return true;
	}
	n = json_object_array_length(many);
	if (a->q->type != SCORE_TYPE_MULTI_SELECT && n != 1) {
		in_error(&one, "selectedOptions", "This question takes exactly one option");
		return false;
	}
	if (n == 0) {
		in_error(&one, "selectedOptions", "Choose at least one option");
		return false;
	}
	for (k = 0; k < n; k++) {
		v = json_object_array_get_idx(many, k);
		if (!json_object_is_type(v, json_type_string) ||
		    bank_option(b, a->q, json_object_get_string(v)) < 0) {
			in_error(&one, "selectedOptions", "Not an option of this question");
			return false;
		}
		for (m = 0; m < k; m++)
			if (strcmp(json_object_get_string(v), json_object_get_string(
			    json_object_array_get_idx(many, m))) == 0) {
				in_error(&one, "selectedOptions", "An option is repeated");
				return false;
			}
		json_object_array_add(a->ids, json_object_get(v));
	}
	return true;
}

/*
 * POST /v1/assessments/:id/responses: saves answers (isPartial true:
 * autosave; answering again replaces) or submits (isPartial false: every
 * required question must then be answered; the assessment is scored and
 * completed).  200 {assessmentId, responsesCount, progress, status};
 * 400 VALIDATION_ERROR for unknown questions or options, or with
 * missingQuestions on a premature final submission (nothing is saved);
 * 401 for a missing, wrong or expired link token; 404 if not the
 * caller's; 409 CONFLICT once completed or past expiresAt.
 */
int
asm_responses_post(struct req *r)
{
	const struct bank	*b;
	struct assess_state	 s;
	struct answer		*ans = NULL;
	struct in		 in;
	json_object		*items, *out;
	PGresult		*cur = NULL, *res;
	const char		*id = r->params[0], *status;
	char			 msg[96], pct[8];
	size_t			 n = 0, i, k;
	int			 partial, st;

	memset(&s, 0, sizeof(s));
	in_init(&in, r->json);
	if ((cur = answerer(r, true)) == NULL) {
		st = r->status;
		goto out;
	}
	status = db_get(cur, 0, AC_STATUS);
	if (strcmp(status, "completed") == 0) {
		st = resp_error(r, RESP_CONFLICT, "Assessment already completed", NULL);
		goto out;
	}
	if (strcmp(status, "expired") == 0) {
		st = resp_error(r, RESP_CONFLICT, "Assessment has expired", NULL);
		goto out;
	}
	if ((b = bank_get(r->app->db)) == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	in_only(&in, (const char *const[]){ "responses", "isPartial", NULL },
	    "Unknown field");
	items = in_array(&in, "responses", IN_REQUIRED, b->nquestions);
	partial = in_bool(&in, "isPartial", IN_REQUIRED);
	n = items ? json_object_array_length(items) : 0;
	if ((ans = calloc(n + 1, sizeof(*ans))) == NULL) {
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (!read_answer(&in, b, json_object_array_get_idx(items, i), i, &ans[i]))
			continue;
		for (k = 0; k < i; k++)
			if (ans[k].q == ans[i].q) {
				snprintf(msg, sizeof(msg), "responses[%zu].questionId", i);
				in_error(&in, msg, "Question answered twice in one request");
			}
	}
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	for (i = 0; i < n; i++) {
		res = DB_Q(r->app->db, STMT_RESP_UPSERT, id, ans[i].q->id,
		    db_get(cur, 0, AC_ORG), json_object_to_json_string(ans[i].ids));
		if (res == NULL) {
			st = resp_db_error(r);
			goto out;
		}
		PQclear(res);
	}
	if (assess_state(r, b, id, &s) != APP_OK) {
		st = resp_db_error(r);
		goto out;
	}
	if (!partial) {
		if (json_object_array_length(s.missing) > 0) {
			snprintf(msg, sizeof(msg), "%zu required questions are unanswered",
			    json_object_array_length(s.missing));
			in_error(&in, "responses", msg);
			json_object_object_add(in.errors, "missingQuestions", s.missing);
			s.missing = NULL;
			st = in_fail(r, &in);
			goto out;
		}
		if (assess_complete(r, b, id) != APP_OK) {
			st = resp_db_error(r);
			goto out;
		}
		s.progress = 100;
		status = "completed";
	} else if (n > 0) {
		snprintf(pct, sizeof(pct), "%d", s.progress);
		if ((res = DB_Q(r->app->db, STMT_ASM_PROGRESS, id, pct)) == NULL) {
			st = resp_db_error(r);
			goto out;
		}
		PQclear(res);
		status = "in_progress";
	}
	out = json_object_new_object();
	json_object_object_add(out, "assessmentId", json_object_new_string(id));
	json_object_object_add(out, "responsesCount", json_object_new_int64((int64_t)s.answered));
	json_object_object_add(out, "progress", json_object_new_int(s.progress));
	json_object_object_add(out, "status", json_object_new_string(status));
	st = resp_ok(r, 200, out);
out:
	for (i = 0; ans != NULL && i < n; i++)
		json_object_put(ans[i].ids);
	free(ans);
	json_object_put(s.missing);
	PQclear(cur);
	in_free(&in);
	return st;
}

/*
 * GET /v1/assessments/:id/responses: the answers so far.  200
 * {assessmentId, responses, progress}; 401 for a bad link token; 404 if
 * not the caller's.
 */
int
asm_responses_get(struct req *r)
{
	const struct bank		*b;
	const struct bank_question	*q;
	PGresult			*cur, *res;
	json_object			*out, *arr, *o, *ids;
	int				 i, st;

	if ((cur = answerer(r, false)) == NULL)
		return r->status;
	if ((b = bank_get(r->app->db)) == NULL ||
	    (res = DB_Q(r->app->db, STMT_RESP_LIST, r->params[0])) == NULL) {
		PQclear(cur);
		return resp_db_error(r);
	}
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		if ((ids = json_tokener_parse(db_get(res, i, 1))) == NULL)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "questionId",
		    json_object_new_string(db_get(res, i, 0)));
		json_object_object_add(o, "selectedOption",
		    json_object_get(json_object_array_get_idx(ids, 0)));
		q = bank_question(b, db_get(res, i, 0));
		if (q != NULL && q->type == SCORE_TYPE_MULTI_SELECT)
			json_object_object_add(o, "selectedOptions", json_object_get(ids));
		json_object_put(ids);
		json_object_object_add(o, "answeredAt", db_json_time(res, i, 2));
		json_object_array_add(arr, o);
	}
	out = json_object_new_object();
	json_object_object_add(out, "assessmentId", json_object_new_string(r->params[0]));
	json_object_object_add(out, "responses", arr);
	json_object_object_add(out, "progress",
	    json_object_new_int((int)db_getll(cur, 0, AC_PROGRESS)));
	st = resp_ok(r, 200, out);
	PQclear(res);
	PQclear(cur);
	return st;
}
