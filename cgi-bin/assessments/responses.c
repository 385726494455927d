/* responses.c: POST and GET /v1/assessments/:id/responses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
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
	struct answer_result	 res;
	struct answer		*ans = NULL;
	struct in		 in;
	json_object		*items, *out;
	PGresult		*cur = NULL;
	const char		*id = r->params[0], *status;
	char			 msg[96];
	size_t			 n = 0;
	int			 partial, st;

	memset(&res, 0, sizeof(res));
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
	if ((ans = answer_read_json(&in, b, items, &n)) == NULL) {
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	switch (answer_save(r, b, id, db_get(cur, 0, AC_ORG), ans, n, !partial, &res)) {
	case APP_OK:
		break;
	case APP_ERR_DB:
		st = resp_db_error(r);
		goto out;
	default:
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	if (!partial && !res.completed) {
		/* Answered 400: the rollback keeps none of this request's answers. */
		snprintf(msg, sizeof(msg), "%zu required questions are unanswered",
		    json_object_array_length(res.st.missing));
		in_error(&in, "responses", msg);
		json_object_object_add(in.errors, "missingQuestions", res.st.missing);
		res.st.missing = NULL;
		st = in_fail(r, &in);
		goto out;
	}
	if (res.completed)
		status = "completed";
	else if (n > 0)
		status = "in_progress";
	out = json_object_new_object();
	json_object_object_add(out, "assessmentId", json_object_new_string(id));
	json_object_object_add(out, "responsesCount",
	    json_object_new_int64((int64_t)res.st.answered));
	json_object_object_add(out, "progress", json_object_new_int(res.st.progress));
	json_object_object_add(out, "status", json_object_new_string(status));
	st = resp_ok(r, 200, out);
out:
	answer_free(ans, n);
	json_object_put(res.st.missing);
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
