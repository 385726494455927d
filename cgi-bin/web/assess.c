/*
 * assess.c: the client's questionnaire at the assessment's link,
 * /assess/<id>_<secret>, without an account (the link is the credential).
 *
 * GET  /assess/:token             the welcome page; ?s=N section N of the
 *                                 questionnaire; ?step=review the review
 * POST /assess/:token             the answers of one section and an action
 * GET  /assess/:token/done        the thank-you page, once submitted
 *
 * A section is a run of questions sharing the bank's section and category,
 * in questionnaire order.  Answers are checked and saved by lib/answer, as
 * the API does (the autosave script posts to the API itself).  Nothing
 * here shows a score, a DISC letter, a phase or a question's kind.
 *
 * Decisions:
 * - A submission with required answers missing still saves the answers
 *   the form carried (a client expects what they typed to be kept), then
 *   goes to the review page, which lists the missing questions with
 *   links to them.  The API instead saves nothing on an incomplete final
 *   submission; both call answer_save, which leaves that choice to them.
 * - A multi_select question left with no box ticked keeps its stored
 *   answer: answers are changed, never withdrawn (as in the API); each of
 *   these questions has a "None of these" option.
 * - An expired link gets a 410 page naming the consultant to contact; a
 *   wrong link a 404 page; a submitted one the thank-you page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer.h"
#include "assess.h"
#include "link.h"
#include "resp.h"
#include "serve.h"
#include "user.h"
#include "web.h"

#include "extern.h"

/* Seconds a client takes per question, for "about N minutes". */
#define SECONDS_PER_QUESTION	15

/* The questionnaire as pages: runs of questions with one section and category. */
struct pages {
	size_t	*first;		/* first question of each page; first[n] = nquestions */
	size_t	 n;
};

/* What a link opened. */
struct visit {
	char			 id[UTIL_ID_MAX];
	const char		*token;		/* r->params[0], checked */
	PGresult		*row;		/* the assessment, ASM_COLS */
	PGresult		*user;		/* its consultant, USER_COLS; may be NULL */
	const struct bank	*b;
	struct pages		 pages;
	bool			*sel;		/* per bank option: chosen */
	bool			*answered;	/* per bank question: answered */
};

static void
pages_free(struct pages *p)
{
	free(p->first);
	p->first = NULL;
	p->n = 0;
}

/* Splits the bank into pages.  Returns false if out of memory. */
static bool
pages_build(const struct bank *b, struct pages *p)
{
	const struct bank_question	*q, *prev;

	p->n = 0;
	if ((p->first = calloc(b->nquestions + 1, sizeof(*p->first))) == NULL)
		return false;
	for (size_t i = 0; i < b->nquestions; i++) {
		q = &b->questions[i];
		prev = i > 0 ? &b->questions[i - 1] : NULL;
		if (prev == NULL || prev->section != q->section ||
		    strcmp(prev->category, q->category) != 0)
			p->first[p->n++] = i;
	}
	p->first[p->n] = b->nquestions;
	return true;
}

static void
visit_close(struct visit *v)
{
	PQclear(v->row);
	PQclear(v->user);
	pages_free(&v->pages);
	free(v->sel);
	free(v->answered);
	memset(v, 0, sizeof(*v));
}

/* "Jane Smith" from the consultant's row, or "" if unknown. */
static void
consultant_name(const struct visit *v, char *out, size_t sz)
{
	if (v->user == NULL || PQntuples(v->user) != 1) {
		out[0] = '\0';
		return;
	}
	snprintf(out, sz, "%s %s", db_get(v->user, 0, UC_FIRST),
	    db_get(v->user, 0, UC_LAST));
}

/* A date for people: "Sunday 29 November 2026"; with_time adds ", 11:08 UTC". */
static void
friendly_date(const char *epoch, bool with_time, char *out, size_t sz)
{
	struct tm	tm;
	time_t		t = (time_t)strtoll(epoch, NULL, 10);

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, sz, with_time ? "%A %-d %B %Y, %H:%M UTC" :
	    "%A %-d %B %Y", &tm) == 0)
		out[0] = '\0';
}

/*
 * The context every page of the questionnaire starts from: no navigation
 * (client), the link, and who the assessment is for and from.  Returns a
 * new object the caller passes to web_render.
 */
static json_object *
base_ctx(const struct visit *v, const char *title)
{
	json_object	*ctx = json_object_new_object();
	char		 name[256];

	json_object_object_add(ctx, "client", json_object_new_boolean(true));
	json_object_object_add(ctx, "title", json_object_new_string(title));
	if (v->token != NULL)
		json_object_object_add(ctx, "token", json_object_new_string(v->token));
	if (v->row != NULL) {
		json_object_object_add(ctx, "assessmentId", json_object_new_string(v->id));
		json_object_object_add(ctx, "clientName",
		    db_json_str(v->row, 0, AC_CLIENT_NAME));
		json_object_object_add(ctx, "businessName",
		    db_json_str(v->row, 0, AC_BUSINESS));
	}
	consultant_name(v, name, sizeof(name));
	if (name[0] != '\0') {
		json_object_object_add(ctx, "consultantName", json_object_new_string(name));
		json_object_object_add(ctx, "consultantEmail",
		    db_json_str(v->user, 0, UC_EMAIL));
		if (!db_null(v->user, 0, UC_COMPANY) &&
		    db_get(v->user, 0, UC_COMPANY)[0] != '\0')
			json_object_object_add(ctx, "consultantCompany",
			    db_json_str(v->user, 0, UC_COMPANY));
	}
	return ctx;
}

/* 404: a link that is malformed, unknown, deleted or has the wrong secret. */
static int
invalid_page(struct req *r)
{
	struct visit	v;

	memset(&v, 0, sizeof(v));
	return web_render(r, 404, "assess_invalid", base_ctx(&v, "Link not valid"));
}

/* Reads the assessment (optionally locked) and its consultant into v. */
static enum app_err
visit_read(struct req *r, struct visit *v, bool lock)
{
	if ((v->row = DB_Q(r->app->db, lock ? STMT_ASM_GET_FOR_UPDATE : STMT_ASM_GET,
	    v->id, "")) == NULL)
		return APP_ERR_DB;
	if (PQntuples(v->row) != 1) {
		PQclear(v->row);
		v->row = NULL;
		return APP_ERR_INVALID;
	}
	/* The consultant's name is a courtesy: the page works without it. */
	v->user = DB_Q(r->app->db, STMT_USER_GET, db_get(v->row, 0, AC_USER));
	return APP_OK;
}

/*
 * 410: the link was right but its time is up.  The page names the
 * consultant to ask for a new one, read in the assessment's tenant: the
 * secret was checked, but link_check sets no tenant for an expired link.
 */
static int
expired_page(struct req *r, struct visit *v)
{
	json_object	*ctx;
	PGresult	*res;
	char		 date[64];

	if (v->row == NULL &&
	    (res = DB_Q(r->app->db, STMT_LINK_LOOKUP, v->id)) != NULL) {
		if (PQntuples(res) == 1 && db_tenant(r->app->db, db_get(res, 0, 0),
		    "", "client") == APP_OK)
			(void)visit_read(r, v, false);
		PQclear(res);
	}
	ctx = base_ctx(v, "Link expired");
	if (v->row != NULL) {
		friendly_date(db_get(v->row, 0, AC_EXPIRES), false, date, sizeof(date));
		json_object_object_add(ctx, "expiredOn", json_object_new_string(date));
	}
	return web_render(r, 410, "assess_expired", ctx);
}

/*
 * Opens the link of the request for its assessment: the row (locked for
 * a POST), the consultant, the bank, its pages and the stored answers.
 * Returns 0 with v filled for an open or completed assessment, or the
 * status of the page already set: 404 for a wrong link, 410 for an
 * expired one, or the database error.  The caller calls visit_close.
 */
static int
visit_open(struct req *r, struct visit *v, bool lock)
{
	enum app_err	rc;

	memset(v, 0, sizeof(*v));
	switch (link_check(r, r->params[0], NULL, v->id)) {
	case LINK_OK:
		break;
	case LINK_EXPIRED:
		return expired_page(r, v);
	default:
		if (db_unavailable(r->app->db))
			return resp_db_error(r);
		return invalid_page(r);
	}
	v->token = r->params[0];
	if ((rc = visit_read(r, v, lock)) == APP_ERR_INVALID)
		return invalid_page(r);
	if (rc != APP_OK)
		return resp_db_error(r);
	if (strcmp(db_get(v->row, 0, AC_STATUS), "expired") == 0)
		return expired_page(r, v);
	if ((v->b = bank_get(r->app->db)) == NULL)
		return resp_db_error(r);
	v->sel = calloc(v->b->noptions + 1, sizeof(*v->sel));
	v->answered = calloc(v->b->nquestions + 1, sizeof(*v->answered));
	if (v->sel == NULL || v->answered == NULL || !pages_build(v->b, &v->pages))
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	if (answer_load(r, v->b, v->id, v->sel, v->answered) != APP_OK)
		return resp_db_error(r);
	return 0;
}

static bool
is_completed(const struct visit *v)
{
	return strcmp(db_get(v->row, 0, AC_STATUS), "completed") == 0;
}

/* Required questions answered, and the progress as the API computes it. */
static int
progress(const struct visit *v, size_t *done)
{
	const struct bank	*b = v->b;

	*done = 0;
	for (size_t i = 0; i < b->nquestions; i++)
		if (b->questions[i].required && v->answered[i])
			(*done)++;
	return b->nrequired == 0 ? 100 : (int)(*done * 100 / b->nrequired);
}

/* Adds progress, requiredAnswered and requiredCount to ctx. */
static void
add_progress(json_object *ctx, const struct visit *v)
{
	size_t	done;
	int	pct = progress(v, &done);

	json_object_object_add(ctx, "progress", json_object_new_int(pct));
	json_object_object_add(ctx, "requiredAnswered", json_object_new_int64((int64_t)done));
	json_object_object_add(ctx, "requiredCount",
	    json_object_new_int64((int64_t)v->b->nrequired));
}

/* The page (0-based) holding question index qi. */
static size_t
page_of(const struct visit *v, size_t qi)
{
	size_t	p = 0;

	while (p + 1 < v->pages.n && v->pages.first[p + 1] <= qi)
		p++;
	return p;
}

/* The first page with a required question unanswered, or pages.n if none. */
static size_t
resume_page(const struct visit *v)
{
	for (size_t i = 0; i < v->b->nquestions; i++)
		if (v->b->questions[i].required && !v->answered[i])
			return page_of(v, i);
	return v->pages.n;
}

/* The category that titles page p. */
static const char *
page_title(const struct visit *v, size_t p)
{
	return v->b->questions[v->pages.first[p]].category;
}

/* GET /assess/:token with no step: what to expect, and start or resume. */
static int
welcome(struct req *r, struct visit *v)
{
	json_object	*ctx = base_ctx(v, "Welcome");
	char		 date[80];
	size_t		 minutes, resume, answered = 0;

	for (size_t i = 0; i < v->b->nquestions; i++)
		if (v->answered[i])
			answered++;
	/* Rounded to five minutes: "about 15 minutes" for the seeded bank. */
	minutes = (v->b->nquestions * SECONDS_PER_QUESTION + 150) / 300 * 5;
	if (minutes < 5)
		minutes = 5;
	friendly_date(db_get(v->row, 0, AC_EXPIRES), true, date, sizeof(date));
	resume = resume_page(v);
	json_object_object_add(ctx, "questionCount",
	    json_object_new_int64((int64_t)v->b->nquestions));
	json_object_object_add(ctx, "sectionCount", json_object_new_int64((int64_t)v->pages.n));
	json_object_object_add(ctx, "minutes", json_object_new_int64((int64_t)minutes));
	json_object_object_add(ctx, "deadline", json_object_new_string(date));
	json_object_object_add(ctx, "started", json_object_new_boolean(answered > 0));
	json_object_object_add(ctx, "resumeSection", resume < v->pages.n ?
	    json_object_new_int64((int64_t)resume + 1) : NULL);
	add_progress(ctx, v);
	return web_render(r, 200, "assess_welcome", ctx);
}

/*
 * One option for the template: its id and text, whether it is chosen,
 * and for a rating "3 — Fairly confident" split into 3 and the words.
 */
static json_object *
option_json(const struct visit *v, const struct bank_question *q, size_t k)
{
	const struct bank_option	*op = &v->b->options[k];
	json_object			*o = json_object_new_object();
	const char			*dash;

	json_object_object_add(o, "id", json_object_new_string(op->id));
	json_object_object_add(o, "text", json_object_new_string(op->text));
	json_object_object_add(o, "checked", json_object_new_boolean(v->sel[k]));
	if (q->type == SCORE_TYPE_RATING && op->text[0] >= '0' && op->text[0] <= '9' &&
	    (dash = strstr(op->text, " \u2014 ")) != NULL) {
		json_object_object_add(o, "num", json_object_new_string_len(op->text,
		    (int)(dash - op->text)));
		json_object_object_add(o, "label",
		    json_object_new_string(dash + strlen(" \u2014 ")));
	} else {
		json_object_object_add(o, "num", NULL);
		json_object_object_add(o, "label", json_object_new_string(op->text));
	}
	return o;
}

/*
 * Section p (0-based) of the questionnaire with the stored answers ticked;
 * errors (one per question of the page, or NULL) come from a refused form.
 */
static int
section_page(struct req *r, struct visit *v, size_t p, const char *const *errors,
    int status)
{
	const struct bank_question	*q;
	json_object			*ctx, *qs, *o, *opts, *scripts;
	char				 title[256];
	size_t				 i, k, n = v->pages.n;
	bool				 anyreq = false;
	bool				 check = req_query(r, "check") != NULL;

	snprintf(title, sizeof(title), "%s · Section %zu of %zu", page_title(v, p),
	    p + 1, n);
	ctx = base_ctx(v, title);
	qs = json_object_new_array();
	for (i = v->pages.first[p]; i < v->pages.first[p + 1]; i++) {
		q = &v->b->questions[i];
		o = json_object_new_object();
		json_object_object_add(o, "qid", json_object_new_string(q->id));
		json_object_object_add(o, "number", json_object_new_int64((int64_t)i + 1));
		json_object_object_add(o, "text", json_object_new_string(q->text));
		json_object_object_add(o, "isRequired", json_object_new_boolean(q->required));
		json_object_object_add(o, "isMulti",
		    json_object_new_boolean(q->type == SCORE_TYPE_MULTI_SELECT));
		json_object_object_add(o, "isRating",
		    json_object_new_boolean(q->type == SCORE_TYPE_RATING));
		/* From the review page's links: flag what still needs an answer. */
		json_object_object_add(o, "isMissing", json_object_new_boolean(check &&
		    q->required && !v->answered[i]));
		json_object_object_add(o, "error", errors != NULL &&
		    errors[i - v->pages.first[p]] != NULL ?
		    json_object_new_string(errors[i - v->pages.first[p]]) : NULL);
		opts = json_object_new_array();
		for (k = q->first; k < q->first + q->noptions; k++)
			json_object_array_add(opts, option_json(v, q, k));
		json_object_object_add(o, "options", opts);
		json_object_array_add(qs, o);
		anyreq = anyreq || q->required;
	}
	json_object_object_add(ctx, "questions", qs);
	json_object_object_add(ctx, "anyRequired", json_object_new_boolean(anyreq));
	json_object_object_add(ctx, "sectionTitle", json_object_new_string(page_title(v, p)));
	json_object_object_add(ctx, "sectionNumber", json_object_new_int64((int64_t)p + 1));
	json_object_object_add(ctx, "sectionCount", json_object_new_int64((int64_t)n));
	json_object_object_add(ctx, "isFirst", json_object_new_boolean(p == 0));
	json_object_object_add(ctx, "isLast", json_object_new_boolean(p + 1 == n));
	json_object_object_add(ctx, "hasErrors", json_object_new_boolean(errors != NULL));
	/* In the page's column rather than the layout's full-width flash. */
	json_object_object_add(ctx, "saved",
	    json_object_new_boolean(status == 200 && req_query(r, "saved") != NULL));
	add_progress(ctx, v);
	scripts = json_object_new_array();
	json_object_array_add(scripts, json_object_new_string("autosave.js"));
	json_object_object_add(ctx, "scripts", scripts);
	return web_render(r, status, "assess_section", ctx);
}

/*
 * ?step=review: every section with how much is answered and the required
 * questions still missing, linked; and the final submit.
 */
static int
review_page(struct req *r, struct visit *v)
{
	const struct bank_question	*q;
	json_object			*ctx, *secs, *sec, *miss, *m;
	size_t				 p, i, answered, total, nmissing = 0;

	ctx = base_ctx(v, "Review and submit");
	secs = json_object_new_array();
	for (p = 0; p < v->pages.n; p++) {
		miss = json_object_new_array();
		answered = total = 0;
		for (i = v->pages.first[p]; i < v->pages.first[p + 1]; i++) {
			q = &v->b->questions[i];
			total++;
			if (v->answered[i]) {
				answered++;
				continue;
			}
			if (!q->required)
				continue;
			m = json_object_new_object();
			json_object_object_add(m, "qid", json_object_new_string(q->id));
			json_object_object_add(m, "number",
			    json_object_new_int64((int64_t)i + 1));
			json_object_object_add(m, "text", json_object_new_string(q->text));
			json_object_array_add(miss, m);
			nmissing++;
		}
		sec = json_object_new_object();
		/* "sec", not "number": the missing questions inside have a number. */
		json_object_object_add(sec, "sec", json_object_new_int64((int64_t)p + 1));
		json_object_object_add(sec, "title", json_object_new_string(page_title(v, p)));
		json_object_object_add(sec, "answered", json_object_new_int64((int64_t)answered));
		json_object_object_add(sec, "total", json_object_new_int64((int64_t)total));
		json_object_object_add(sec, "complete",
		    json_object_new_boolean(json_object_array_length(miss) == 0));
		json_object_object_add(sec, "missing", miss);
		json_object_array_add(secs, sec);
	}
	json_object_object_add(ctx, "sections", secs);
	json_object_object_add(ctx, "missingCount", json_object_new_int64((int64_t)nmissing));
	json_object_object_add(ctx, "lastSection", json_object_new_int64((int64_t)v->pages.n));
	json_object_object_add(ctx, "incomplete",
	    json_object_new_boolean(nmissing > 0 && req_query(r, "incomplete") != NULL));
	add_progress(ctx, v);
	return web_render(r, 200, "assess_review", ctx);
}

/* The thank-you page; already: reached from the link again. */
static int
done_page(struct req *r, struct visit *v, bool already)
{
	json_object	*ctx = base_ctx(v, "Thank you");
	char		 date[64];

	json_object_object_add(ctx, "already", json_object_new_boolean(already));
	if (!db_null(v->row, 0, AC_COMPLETED)) {
		friendly_date(db_get(v->row, 0, AC_COMPLETED), false, date, sizeof(date));
		json_object_object_add(ctx, "completedOn", json_object_new_string(date));
	}
	return web_render(r, 200, "assess_done", ctx);
}

/* "?s=N" as a page index (0-based), or -1 if absent or out of range. */
static long
page_param(const struct visit *v, const char *s)
{
	char	*end;
	long	 n;

	if (s == NULL || *s < '1' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	if (*end != '\0' || n < 1 || (size_t)n > v->pages.n)
		return -1;
	return n - 1;
}

/* A 303 to the questionnaire's path plus tail: "" (welcome), "/done"... */
static int
go(struct req *r, const struct visit *v, const char *tail)
{
	char	path[LINK_TOKEN_MAX + 64];

	snprintf(path, sizeof(path), "/assess/%s%s", v->token, tail);
	return web_redirect(r, path);
}

/* A 303 to section n (1-based), with the "saved" notice if saved. */
static int
go_section(struct req *r, const struct visit *v, long n, bool saved)
{
	char	tail[48];

	snprintf(tail, sizeof(tail), "?s=%ld%s", n, saved ? "&saved=1" : "");
	return go(r, v, tail);
}

/*
 * GET /assess/:token: the welcome page, ?s=N a section, ?step=review the
 * review.  200; 303 to the welcome page for a section that does not
 * exist; the thank-you page once submitted; 404 for a wrong link; 410
 * for an expired one.
 */
int
web_assess_show(struct req *r)
{
	struct visit	 v;
	const char	*s = req_query(r, "s"), *step = req_query(r, "step");
	long		 p;
	int		 st;

	if ((st = visit_open(r, &v, false)) != 0)
		goto out;
	if (is_completed(&v))
		st = done_page(r, &v, true);
	else if (step != NULL && strcmp(step, "review") == 0)
		st = review_page(r, &v);
	else if (s == NULL)
		st = welcome(r, &v);
	else if ((p = page_param(&v, s)) < 0)
		st = go(r, &v, "");
	else
		st = section_page(r, &v, (size_t)p, NULL, 200);
out:
	visit_close(&v);
	return st;
}

/*
 * Reads the answers of page p from the form: the values of the field
 * named after each question (one for a radio, several for checkboxes).
 * Fills ans (the caller frees each ids) and *n; errors[i] gets the fault
 * of the page's i-th question.  Returns true if every answer is valid.
 */
static bool
form_answers(struct req *r, const struct visit *v, size_t p, struct answer *ans,
    size_t *n, const char **errors)
{
	const struct bank_question	*q;
	json_object			*ids;
	enum answer_fault		 f;
	size_t				 i, k;
	bool				 ok = true;

	*n = 0;
	for (i = v->pages.first[p]; i < v->pages.first[p + 1]; i++) {
		q = &v->b->questions[i];
		ids = json_object_new_array();
		for (k = 0; k < r->nform; k++)
			if (strcmp(r->form[k].key, q->id) == 0)
				json_object_array_add(ids,
				    json_object_new_string(r->form[k].val));
		/* Nothing chosen: the stored answer, if any, stays. */
		if (json_object_array_length(ids) == 0) {
			json_object_put(ids);
			continue;
		}
		if ((f = answer_check(v->b, q, ids)) != ANSWER_OK) {
			errors[i - v->pages.first[p]] = answer_fault_msg(f);
			json_object_put(ids);
			ok = false;
			continue;
		}
		ans[*n].q = q;
		ans[(*n)++].ids = ids;
	}
	return ok;
}

/*
 * POST /assess/:token: s (the section shown, 1-based; absent on the
 * review page), its answers, and action: save (303 back to the section),
 * next, back, review (303 to the review page) or submit (the final
 * check: 303 to the thank-you page, or with answers missing to the review
 * page listing them, the answers of this form kept).  400 with the
 * section again for an answer the form could not have sent (nothing
 * saved); 303 to the thank-you page once submitted; 404, 410 as for GET.
 */
int
web_assess_save(struct req *r)
{
	struct visit		 v;
	struct answer		*ans = NULL;
	struct answer_result	 res;
	const char		*action = req_form(r, "action"), **errors = NULL;
	size_t			 n = 0;
	long			 p;
	bool			 final;
	int			 st;

	memset(&res, 0, sizeof(res));
	if ((st = visit_open(r, &v, true)) != 0)
		goto out;
	if (is_completed(&v)) {
		st = go(r, &v, "/done");
		goto out;
	}
	if (action == NULL)
		action = "save";
	final = strcmp(action, "submit") == 0;
	p = page_param(&v, req_form(r, "s"));
	if (p >= 0) {
		ans = calloc(v.pages.first[p + 1] - v.pages.first[p] + 1, sizeof(*ans));
		errors = calloc(v.pages.first[p + 1] - v.pages.first[p] + 1,
		    sizeof(*errors));
		if (ans == NULL || errors == NULL) {
			st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
			goto out;
		}
		if (!form_answers(r, &v, (size_t)p, ans, &n, errors)) {
			st = section_page(r, &v, (size_t)p, errors, 400);
			goto out;
		}
	}
	switch (answer_save(r, v.b, v.id, db_get(v.row, 0, AC_ORG), ans, n, final, &res)) {
	case APP_OK:
		break;
	case APP_ERR_DB:
		st = resp_db_error(r);
		goto out;
	default:
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	if (final)
		st = res.completed ? go(r, &v, "/done") :
		    go(r, &v, "?step=review&incomplete=1");
	else if (p < 0 || strcmp(action, "review") == 0)
		st = go(r, &v, "?step=review");
	else if (strcmp(action, "next") == 0)
		st = (size_t)p + 1 < v.pages.n ? go_section(r, &v, p + 2, false) :
		    go(r, &v, "?step=review");
	else if (strcmp(action, "back") == 0)
		st = p > 0 ? go_section(r, &v, p, false) : go(r, &v, "");
	else
		st = go_section(r, &v, p + 1, true);
out:
	answer_free(ans, n);
	free(errors);
	json_object_put(res.st.missing);
	visit_close(&v);
	return st;
}

/*
 * GET /assess/:token/done: the thank-you page once submitted; otherwise
 * 303 to the questionnaire.  404, 410 as for the questionnaire.
 */
int
web_assess_done(struct req *r)
{
	struct visit	v;
	int		st;

	if ((st = visit_open(r, &v, false)) != 0)
		goto out;
	st = is_completed(&v) ? done_page(r, &v, false) : go(r, &v, "");
out:
	visit_close(&v);
	return st;
}
