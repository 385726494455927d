/* answer.c: validating and saving answers, shared by the API and the web UI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "db.h"
#include "mail.h"
#include "serve.h"

static const char *const fault_msgs[ANSWER_FAULT__MAX] = {
	[ANSWER_OK] = "",
	[ANSWER_NOT_OPTION] = "Not an option of this question",
	[ANSWER_ONE_ONLY] = "This question takes exactly one option",
	[ANSWER_NONE] = "Choose at least one option",
	[ANSWER_REPEATED] = "An option is repeated",
};

const char *
answer_fault_msg(enum answer_fault f)
{
	return f < ANSWER_FAULT__MAX ? fault_msgs[f] : "";
}

enum answer_fault
answer_check(const struct bank *b, const struct bank_question *q, json_object *ids)
{
	json_object	*v;
	size_t		 n, k, m;

	if (!json_object_is_type(ids, json_type_array))
		return ANSWER_NONE;
	n = json_object_array_length(ids);
	if (q->type != SCORE_TYPE_MULTI_SELECT && n != 1)
		return ANSWER_ONE_ONLY;
	if (n == 0)
		return ANSWER_NONE;
	for (k = 0; k < n; k++) {
		v = json_object_array_get_idx(ids, k);
		if (!json_object_is_type(v, json_type_string) ||
		    bank_option(b, q, json_object_get_string(v)) < 0)
			return ANSWER_NOT_OPTION;
		for (m = 0; m < k; m++)
			if (strcmp(json_object_get_string(v), json_object_get_string(
			    json_object_array_get_idx(ids, m))) == 0)
				return ANSWER_REPEATED;
	}
	return ANSWER_OK;
}

/*
 * Reads one element of "responses" into *a, recording errors under
 * "responses[i].<field>".  Returns false if it is unusable.
 */
static bool
read_one(struct in *in, const struct bank *b, json_object *item, size_t i,
    struct answer *a)
{
	struct in		 one;
	char			 key[48];
	const char		*qid, *opt;
	json_object		*many;
	enum answer_fault	 f;

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
		goto fail;
	}
	opt = in_str(&one, "selectedOption", 0, 40);
	many = in_array(&one, "selectedOptions", 0, a->q->noptions);
	if (opt == NULL && many == NULL)
		goto fail;
	if (opt != NULL) {
		/* One option named on its own suits every type. */
		if (bank_option(b, a->q, opt) < 0) {
			in_error(&one, "selectedOption", answer_fault_msg(ANSWER_NOT_OPTION));
			goto fail;
		}
		a->ids = json_object_new_array();
		json_object_array_add(a->ids, json_object_new_string(opt));
		return true;
	}
	if ((f = answer_check(b, a->q, many)) != ANSWER_OK) {
		in_error(&one, "selectedOptions", answer_fault_msg(f));
		goto fail;
	}
	a->ids = json_object_get(many);
	return true;
fail:
	/* a->q stays: a later item for the same question is still a repeat. */
	return false;
}

struct answer *
answer_read_json(struct in *in, const struct bank *b, json_object *items, size_t *n)
{
	struct answer	*ans;
	char		 key[48];
	size_t		 i, k;

	*n = json_object_is_type(items, json_type_array) ?
	    json_object_array_length(items) : 0;
	if ((ans = calloc(*n + 1, sizeof(*ans))) == NULL)
		return NULL;
	for (i = 0; i < *n; i++) {
		if (!read_one(in, b, json_object_array_get_idx(items, i), i, &ans[i]))
			continue;
		for (k = 0; k < i; k++)
			if (ans[k].q == ans[i].q) {
				snprintf(key, sizeof(key), "responses[%zu].questionId", i);
				in_error(in, key, "Question answered twice in one request");
			}
	}
	return ans;
}

void
answer_free(struct answer *a, size_t n)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		json_object_put(a[i].ids);
	free(a);
}

enum app_err
answer_load(struct req *r, const struct bank *b, const char *id, bool *sel,
    bool *answered)
{
	const struct bank_question	*q;
	PGresult			*res;
	json_object			*arr;
	long				 k;
	size_t				 j;

	memset(sel, 0, b->noptions * sizeof(*sel));
	memset(answered, 0, b->nquestions * sizeof(*answered));
	if ((res = DB_Q(r->app->db, STMT_RESP_LIST, id)) == NULL)
		return APP_ERR_DB;
	for (int i = 0; i < PQntuples(res); i++) {
		if ((q = bank_question(b, db_get(res, i, 0))) == NULL ||
		    (arr = json_tokener_parse(db_get(res, i, 1))) == NULL)
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
	}
	PQclear(res);
	return APP_OK;
}

enum app_err
answer_save(struct req *r, const struct bank *b, const char *id, const char *org,
    const struct answer *a, size_t n, bool final, struct answer_result *res)
{
	PGresult	*pr;
	char		 pct[8], mid[UTIL_ID_MAX];
	enum app_err	 rc;
	size_t		 i;

	memset(res, 0, sizeof(*res));
	for (i = 0; i < n; i++) {
		pr = DB_Q(r->app->db, STMT_RESP_UPSERT, id, a[i].q->id, org,
		    json_object_to_json_string(a[i].ids));
		if (pr == NULL)
			return APP_ERR_DB;
		PQclear(pr);
	}
	if ((rc = assess_state(r, b, id, &res->st)) != APP_OK)
		return rc;
	if (final && json_object_array_length(res->st.missing) == 0) {
		if ((rc = assess_complete(r, b, id)) != APP_OK)
			return rc;
		/* The consultant's notice, unless their settings turn it off. */
		if ((rc = mail_queue(r->app->db, &r->app->cfg, &r->app->key,
		    MAIL_COMPLETED, id, mid)) != APP_OK)
			return rc;
		res->st.progress = 100;
		res->completed = true;
		return APP_OK;
	}
	if (n == 0)
		return APP_OK;
	snprintf(pct, sizeof(pct), "%d", res->st.progress);
	if ((pr = DB_Q(r->app->db, STMT_ASM_PROGRESS, id, pct)) == NULL)
		return APP_ERR_DB;
	PQclear(pr);
	return APP_OK;
}
