/* assess.c: the assessment object, progress and scoring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "db.h"
#include "link.h"
#include "serve.h"

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
