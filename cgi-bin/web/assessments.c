/*
 * assessments.c: the consultant's assessments in the web UI: the list,
 * creating one, its page (link, progress, notes, results, reports),
 * deleting it, and its reports' PDFs.  Admins see every consultant's, as
 * in the API.  The rules are the API's own (lib/assess.c, lib/reportq.c);
 * forms are read into the JSON the API's validators take (lib/webui.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess.h"
#include "reportq.h"
#include "resp.h"
#include "score.h"
#include "serve.h"
#include "web.h"
#include "webui.h"

#include "extern.h"

/* The fields of the new-assessment form, as POST /v1/assessments reads them. */
static const struct webui_field new_fields[] = {
	{ "clientName", WEBUI_TEXT },
	{ "clientEmail", WEBUI_TEXT },
	{ "businessName", WEBUI_TEXT },
	{ "industry", WEBUI_OPTIONAL },
	{ "assessmentType", WEBUI_TEXT },
	{ "notes", WEBUI_OPTIONAL },
};

/*
 * The fields the assessment page edits, as PATCH /v1/assessments/:id
 * reads them.  Each of its two forms sends some of them; the others are
 * absent and keep their value.  An emptied industry or notes clears it.
 */
static const struct webui_field edit_fields[] = {
	{ "clientName", WEBUI_TEXT },
	{ "clientEmail", WEBUI_TEXT },
	{ "businessName", WEBUI_TEXT },
	{ "industry", WEBUI_OPTIONAL },
	{ "notes", WEBUI_OPTIONAL },
};

static const char *const asm_times[] = { "createdAt", "updatedAt", "completedAt",
    "expiresAt", NULL };

/*
 * The fixed message of a ?done= code after a redirect; never the query's
 * own text.  NULL for an unknown code.
 */
static const char *
flash(const struct req *r)
{
	static const struct {
		const char	*code;
		const char	*text;
	} msgs[] = {
		{ "created", "Assessment created. Copy the link below and send it to your client." },
		{ "updated", "Changes saved." },
		{ "deleted", "Assessment deleted." },
		{ "report", "Report requested. It is usually ready within a few seconds." },
	};
	const char	*done = req_query(r, "done");
	size_t		 i;

	for (i = 0; done != NULL && i < NELEM(msgs); i++)
		if (strcmp(done, msgs[i].code) == 0)
			return msgs[i].text;
	return NULL;
}

static void
add_str(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, s ? json_object_new_string(s) : NULL);
}

/* The string at key of o, or NULL. */
static const char *
get_str(json_object *o, const char *key)
{
	json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}

/* GET /assessments, and what the dashboard shares with it. */

/*
 * GET /assessments: one page of the caller's assessments (an admin's:
 * everyone's) with the API's filter, sort, order and pagination, and
 * links that keep them.  200; 400 with the page's defaults and a message
 * for a bad query value (only a hand-edited address has one).
 */
int
web_asm_list(struct req *r)
{
	static const char *const statuses[] = { "pending", "in_progress",
	    "completed", "expired", NULL };
	static const char *const labels[] = { "Pending", "In progress",
	    "Completed", "Expired", NULL };
	struct in		 errs;
	struct assess_query	 q;
	json_object		*ctx, *list, *counts, *qo, *tabs, *tab, *items, *pg, *v;
	long long		 total, page, limit, n;
	size_t			 i;
	time_t			 now = time(NULL);
	int			 status = 200;

	in_init(&errs, NULL);
	assess_query_parse(r, &errs, &q);
	ctx = json_object_new_object();
	if (!in_ok(&errs)) {
		/* Start over from the defaults rather than guess. */
		in_free(&errs);
		in_init(&errs, NULL);
		memset(&q, 0, sizeof(q));
		q.pg.page = 1;
		q.pg.limit = PAGE_LIMIT_DEFAULT;
		q.status = "";
		q.sort = "createdAt";
		q.order = "desc";
		status = 400;
		add_str(ctx, "error", "That filter is not one this list knows; "
		    "showing all assessments instead.");
	}
	in_free(&errs);
	if ((list = assess_list(r, &q)) == NULL || (counts = assess_counts(r)) == NULL) {
		json_object_put(list);
		json_object_put(ctx);
		return r->status;
	}

	qo = json_object_new_object();
	add_str(qo, "status", q.status);
	add_str(qo, "sort", q.sort);
	add_str(qo, "order", q.order);
	json_object_object_add(qo, "limit", json_object_new_int64(q.pg.limit));
	json_object_object_add(qo, "customLimit",
	    json_object_new_boolean(req_query(r, "limit") != NULL && status == 200));
	json_object_object_add(ctx, "q", qo);

	/* The status tabs with their counts. */
	tabs = json_object_new_array();
	tab = json_object_new_object();
	add_str(tab, "label", "All");
	add_str(tab, "status", "");
	json_object_object_get_ex(counts, "total", &v);
	json_object_object_add(tab, "count", json_object_get(v));
	json_object_object_add(tab, "current", json_object_new_boolean(*q.status == '\0'));
	json_object_array_add(tabs, tab);
	for (i = 0; statuses[i] != NULL; i++) {
		tab = json_object_new_object();
		add_str(tab, "label", labels[i]);
		add_str(tab, "status", statuses[i]);
		json_object_object_get_ex(counts, statuses[i], &v);
		json_object_object_add(tab, "count", json_object_get(v));
		json_object_object_add(tab, "current",
		    json_object_new_boolean(strcmp(q.status, statuses[i]) == 0));
		json_object_array_add(tabs, tab);
	}
	json_object_object_add(ctx, "tabs", tabs);
	json_object_object_get_ex(counts, "total", &v);
	json_object_object_add(ctx, "hasAny", json_object_new_boolean(json_object_get_int64(v) > 0));
	json_object_put(counts);

	json_object_object_get_ex(list, "assessments", &items);
	for (i = 0; i < json_object_array_length(items); i++)
		webui_dates(json_object_array_get_idx(items, i), asm_times, now);
	json_object_object_add(ctx, "assessments", json_object_get(items));

	/* "Showing 21–40 of 45", and the neighbouring pages. */
	json_object_object_get_ex(list, "pagination", &pg);
	pg = json_object_get(pg);
	json_object_put(list);
	page = q.pg.page;
	limit = q.pg.limit;
	json_object_object_get_ex(pg, "total", &v);
	total = json_object_get_int64(v);
	n = (long long)json_object_array_length(items);
	json_object_object_add(pg, "from", json_object_new_int64(n ? (page - 1) * limit + 1 : 0));
	json_object_object_add(pg, "to", json_object_new_int64((page - 1) * limit + n));
	json_object_object_add(pg, "prev", json_object_new_int64(page - 1));
	json_object_object_add(pg, "next", json_object_new_int64(page + 1));
	json_object_object_add(pg, "pastEnd", json_object_new_boolean(n == 0 && total > 0));
	json_object_object_add(pg, "several", json_object_new_boolean(total > limit));
	json_object_object_add(ctx, "pagination", pg);

	add_str(ctx, "title", "Assessments");
	add_str(ctx, "section", "assessments");
	add_str(ctx, "flash", flash(r));
	json_object_object_add(ctx, "isAdmin",
	    json_object_new_boolean(strcmp(r->who.role, "admin") == 0));
	return web_render(r, status, "assessments", ctx);
}

/* GET and POST /assessments/new. */

/* The form of a new assessment, with what was typed and the errors. */
static int
new_form(struct req *r, int status, json_object *form, json_object *errors)
{
	json_object	*ctx = json_object_new_object();

	if (form == NULL) {
		form = json_object_new_object();
		add_str(form, "assessmentType", "self-administered");
	}
	json_object_object_add(ctx, "form", form);
	json_object_object_add(ctx, "errors", errors);
	add_str(ctx, "title", "New assessment");
	add_str(ctx, "section", "assessments");
	return web_render(r, status, "assessment_new", ctx);
}

/* GET /assessments/new: the empty form.  200. */
int
web_asm_new_form(struct req *r)
{
	return new_form(r, 200, NULL, NULL);
}

/*
 * POST /assessments/new: creates the assessment as POST /v1/assessments
 * does (assess_create).  303 to its page; 400 with the form again, what
 * was typed kept and each error beside its field.
 */
int
web_asm_create(struct req *r)
{
	struct in	 in;
	json_object	*form;
	PGresult	*res;
	char		 path[128];
	int		 st;

	if ((form = webui_form(r, new_fields, NELEM(new_fields))) == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	in_init(&in, form);
	if ((st = assess_create(r, &in, &res)) == 0) {
		snprintf(path, sizeof(path), "/assessments/%s?done=created",
		    db_get(res, 0, AC_ID));
		PQclear(res);
		st = web_redirect(r, path);
		json_object_put(form);
	} else if (!in_ok(&in))
		st = new_form(r, 400, form, webui_errors(&in));
	else
		json_object_put(form);
	in_free(&in);
	return st;
}

/* The assessment page. */

/* The report text (templates/reports/content.json), read once per process. */
static json_object *
content(const struct req *r)
{
	static json_object	*c;
	static bool		 tried;
	char			 path[1024];

	if (!tried) {
		tried = true;
		snprintf(path, sizeof(path), "%s/reports/content.json",
		    r->app->cfg.templates_dir);
		c = json_object_from_file(path);
	}
	return c;
}

/* content.a.b.c as a string, or NULL. */
static const char *
text(const struct req *r, const char *a, const char *b, const char *c)
{
	json_object	*o = content(r), *v;

	if (o == NULL || !json_object_object_get_ex(o, a, &v) ||
	    !json_object_object_get_ex(v, b, &v) ||
	    !json_object_object_get_ex(v, c, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* "Steady (S)", or the letter alone without the report text. */
static json_object *
style_name(const struct req *r, const char *letter)
{
	const char	*name;
	char		 s[96];

	if (letter == NULL || *letter == '\0')
		return NULL;
	if ((name = text(r, "disc", letter, "name")) == NULL)
		return json_object_new_string(letter);
	snprintf(s, sizeof(s), "%s (%s)", name, letter);
	return json_object_new_string(s);
}

/*
 * The DISC section of the page from the assessment's discProfile: the
 * styles by name, each score, and the chart's text alternative.
 */
static json_object *
disc_ctx(const struct req *r, json_object *a)
{
	json_object	*p, *scores, *o, *list, *it;
	const char	*primary, *conf;
	char		 alt[512], label[96];
	size_t		 n;

	if (!json_object_object_get_ex(a, "discProfile", &p) || p == NULL ||
	    !json_object_object_get_ex(p, "scores", &scores))
		return NULL;
	primary = get_str(p, "primary");
	o = json_object_new_object();
	json_object_object_add(o, "primaryName", style_name(r, primary));
	json_object_object_add(o, "secondaryName", style_name(r, get_str(p, "secondary")));
	conf = get_str(p, "confidence");
	add_str(o, "confidence", conf == NULL ? NULL : strcmp(conf, "high") == 0 ?
	    "High" : strcmp(conf, "medium") == 0 ? "Medium" : "Low");
	json_object_object_add(o, "lowConfidence",
	    json_object_new_boolean(conf != NULL && strcmp(conf, "low") == 0));
	add_str(o, "summary", primary ? text(r, "disc", primary, "consultantSummary") : NULL);
	list = json_object_new_array();
	n = (size_t)snprintf(alt, sizeof(alt), "Bar chart of the communication style scores:");
	json_object_object_foreach(scores, key, val) {
		const char *name = text(r, "disc", key, "name");

		snprintf(label, sizeof(label), "%s", name ? name : key);
		it = json_object_new_object();
		add_str(it, "letter", key);
		add_str(it, "name", label);
		json_object_object_add(it, "value", json_object_get(val));
		json_object_object_add(it, "primary",
		    json_object_new_boolean(primary != NULL && strcmp(key, primary) == 0));
		json_object_array_add(list, it);
		if (n < sizeof(alt))
			n += (size_t)snprintf(alt + n, sizeof(alt) - n, "%s %s %d",
			    json_object_array_length(list) > 1 ? "," : "", label,
			    json_object_get_int(val));
	}
	json_object_object_add(o, "scores", list);
	add_str(o, "alt", alt);
	return o;
}

/* The phase section from phaseResults, against the readiness threshold. */
static json_object *
phase_ctx(const struct req *r, json_object *a)
{
	json_object	*p, *scores, *o, *list, *it;
	const char	*primary;
	char		 alt[512];
	size_t		 n;
	int		 threshold = (int)r->app->cfg.readiness_threshold;

	if (!json_object_object_get_ex(a, "phaseResults", &p) || p == NULL ||
	    !json_object_object_get_ex(p, "scores", &scores))
		return NULL;
	primary = get_str(p, "primary");
	o = json_object_new_object();
	add_str(o, "primary", primary);
	add_str(o, "tagline", primary ? text(r, "phases", primary, "tagline") : NULL);
	add_str(o, "summary", primary ? text(r, "phases", primary, "consultantSummary") : NULL);
	json_object_object_add(o, "threshold", json_object_new_int(threshold));
	list = json_object_new_array();
	n = (size_t)snprintf(alt, sizeof(alt),
	    "Bar chart of the readiness score of each phase, target %d:", threshold);
	json_object_object_foreach(scores, key, val) {
		it = json_object_new_object();
		add_str(it, "name", key);
		json_object_object_add(it, "value", json_object_get(val));
		json_object_object_add(it, "primary",
		    json_object_new_boolean(primary != NULL && strcmp(key, primary) == 0));
		json_object_object_add(it, "below",
		    json_object_new_boolean(json_object_get_int(val) < threshold));
		json_object_array_add(list, it);
		if (n < sizeof(alt))
			n += (size_t)snprintf(alt + n, sizeof(alt) - n, "%s %s %d",
			    json_object_array_length(list) > 1 ? "," : "", key,
			    json_object_get_int(val));
	}
	json_object_object_add(o, "scores", list);
	add_str(o, "alt", alt);
	return o;
}

/* A mailto: subject and body that hand the client the link. */
static void
add_mail(json_object *ctx, json_object *a)
{
	char	*body = NULL;

	if (asprintf(&body, "Hello %s,\n\nPlease complete the financial readiness "
	    "assessment for %s at this link:\n\n%s\n\nYou can stop at any time and "
	    "come back to it with the same link until %s.\n", get_str(a, "clientName"),
	    get_str(a, "businessName"), get_str(a, "uniqueLink"),
	    get_str(a, "expiresAtText")) < 0)
		return;
	add_str(ctx, "mailSubject", "Your financial readiness assessment");
	add_str(ctx, "mailBody", body);
	free(body);
}

/*
 * The assessment page for the row res: the client, status and progress,
 * the link, the notes and client details forms (form: what was typed,
 * over the stored values; errors beside the fields), the results and the
 * reports once completed.  Takes form and errors.
 */
static int
show(struct req *r, int status, PGresult *res, json_object *form, json_object *errors)
{
	static const char *const rpt_times[] = { "createdAt", "generatedAt", NULL };
	json_object	*ctx, *a, *vals, *reports, *v;
	const char	*st, *keys[] = { "clientName", "clientEmail", "businessName",
	    "industry", "notes" };
	time_t		 now = time(NULL);
	bool		 completed, processing = false, open = false;
	size_t		 i;

	if ((a = assess_json(r, res, 0, ASSESS_VIEW_DETAIL)) == NULL) {
		json_object_put(form);
		json_object_put(errors);
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	}
	ctx = json_object_new_object();
	webui_dates(a, asm_times, now);
	st = get_str(a, "status");
	completed = strcmp(st, "completed") == 0;
	add_str(ctx, "status", st);
	json_object_object_add(ctx, "completed", json_object_new_boolean(completed));
	json_object_object_add(ctx, "expired", json_object_new_boolean(strcmp(st, "expired") == 0));
	json_object_object_add(ctx, "collaborative", json_object_new_boolean(
	    strcmp(get_str(a, "assessmentType"), "collaborative") == 0));
	if (completed) {
		json_object_object_add(ctx, "disc", disc_ctx(r, a));
		json_object_object_add(ctx, "phase", phase_ctx(r, a));
		if ((reports = reportq_list(r, get_str(a, "id"))) == NULL) {
			json_object_put(a);
			json_object_put(ctx);
			json_object_put(form);
			json_object_put(errors);
			return r->status;
		}
		for (i = 0; i < json_object_array_length(reports); i++) {
			v = json_object_array_get_idx(reports, i);
			webui_dates(v, rpt_times, now);
			if (strcmp(get_str(v, "status"), "processing") == 0)
				processing = true;
		}
		json_object_object_add(ctx, "reports", reports);
		json_object_object_add(ctx, "processing", json_object_new_boolean(processing));
	}
	add_mail(ctx, a);

	/* The forms show what was typed, else what is stored. */
	vals = json_object_new_object();
	for (i = 0; i < NELEM(keys); i++) {
		if (form != NULL && json_object_object_get_ex(form, keys[i], &v))
			json_object_object_add(vals, keys[i], json_object_get(v));
		else if (json_object_object_get_ex(a, keys[i], &v))
			json_object_object_add(vals, keys[i], json_object_get(v));
	}
	json_object_put(form);
	json_object_object_add(ctx, "form", vals);
	for (i = 0; errors != NULL && i < 4; i++)
		if (json_object_object_get_ex(errors, keys[i], NULL))
			open = true;
	json_object_object_add(ctx, "detailsOpen", json_object_new_boolean(open));
	json_object_object_add(ctx, "errors", errors);

	add_str(ctx, "title", get_str(a, "clientName"));
	add_str(ctx, "section", "assessments");
	add_str(ctx, "flash", flash(r));
	json_object_object_add(ctx, "isAdmin",
	    json_object_new_boolean(strcmp(r->who.role, "admin") == 0));
	json_object_object_add(ctx, "mine",
	    json_object_new_boolean(strcmp(get_str(a, "userId"), r->who.user_id) == 0));
	json_object_object_add(ctx, "a", a);
	v = json_object_new_array();
	json_object_array_add(v, json_object_new_string("copylink.js"));
	json_object_object_add(ctx, "scripts", v);
	return web_render(r, status, "assessment", ctx);
}

/* GET /assessments/:id: the page.  200; 404 if not the caller's. */
int
web_asm_show(struct req *r)
{
	PGresult	*res;
	int		 st;

	if ((res = assess_fetch(r, r->params[0], false)) == NULL)
		return r->status;
	st = show(r, 200, res, NULL, NULL);
	PQclear(res);
	return st;
}

/*
 * POST /assessments/:id: saves the notes or the client's details as
 * PATCH /v1/assessments/:id does (assess_update); a form sends only its
 * own fields.  303 back to the page; 400 with the page again, what was
 * typed kept and each error beside its field; 404 if not the caller's.
 */
int
web_asm_update(struct req *r)
{
	struct in	 in;
	json_object	*form;
	PGresult	*res;
	char		 path[128];
	int		 st;

	if ((form = webui_form(r, edit_fields, NELEM(edit_fields))) == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	in_init(&in, form);
	if ((st = assess_update(r, &in, r->params[0])) == 0) {
		json_object_put(form);
		in_free(&in);
		snprintf(path, sizeof(path), "/assessments/%s?done=updated", r->params[0]);
		return web_redirect(r, path);
	}
	if (in_ok(&in)) {		/* 404 or a database error */
		json_object_put(form);
		return st;
	}
	if ((res = assess_fetch(r, r->params[0], false)) == NULL) {
		json_object_put(form);
		in_free(&in);
		return r->status;
	}
	st = show(r, 400, res, form, webui_errors(&in));
	PQclear(res);
	in_free(&in);
	return st;
}

/* Deleting. */

/*
 * GET /assessments/:id/delete: asks to confirm, naming the client.  200;
 * 404 if not the caller's.
 */
int
web_asm_delete_confirm(struct req *r)
{
	PGresult	*res;
	json_object	*ctx, *a;

	if ((res = assess_fetch(r, r->params[0], false)) == NULL)
		return r->status;
	a = assess_json(r, res, 0, ASSESS_VIEW_DETAIL);
	PQclear(res);
	if (a == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	webui_dates(a, asm_times, time(NULL));
	ctx = json_object_new_object();
	add_str(ctx, "title", "Delete assessment");
	add_str(ctx, "section", "assessments");
	add_str(ctx, "status", get_str(a, "status"));
	json_object_object_add(ctx, "a", a);
	return web_render(r, 200, "assessment_delete", ctx);
}

/*
 * POST /assessments/:id/delete: soft-deletes it as DELETE
 * /v1/assessments/:id does (assess_delete).  303 to the list with a
 * message; 404 if not the caller's.
 */
int
web_asm_delete(struct req *r)
{
	int	st;

	if ((st = assess_delete(r, r->params[0])) != 0)
		return st;
	return web_redirect(r, "/assessments?done=deleted");
}

/* Reports. */

/*
 * POST /assessments/:id/reports: queues the report of reportType
 * (consultant or client) as POST /v1/reports/:id/generate does
 * (reportq_add).  303 back to the page's reports; 400 for another
 * reportType; 404 if not the caller's; 409 if not completed; 429 past
 * the report rate limit.
 */
int
web_asm_report(struct req *r)
{
	static const struct webui_field fields[] = { { "reportType", WEBUI_TEXT } };
	struct reportq_job	 job;
	struct in		 in;
	json_object		*form, *errs;
	char			 path[128], msg[160];
	int			 st;

	if ((form = webui_form(r, fields, NELEM(fields))) == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	in_init(&in, form);
	st = reportq_add(r, &in, r->params[0], &job);
	json_object_put(form);
	if (st == 0) {
		in_free(&in);
		snprintf(path, sizeof(path), "/assessments/%s?done=report#reports",
		    r->params[0]);
		return web_redirect(r, path);
	}
	if (!in_ok(&in)) {
		/* Only a forged form sends another type: say which are known. */
		errs = webui_errors(&in);
		snprintf(msg, sizeof(msg), "Report type: %s", get_str(errs, "reportType") ?
		    get_str(errs, "reportType") : "invalid");
		json_object_put(errs);
		st = resp_error(r, RESP_VALIDATION_ERROR, msg, NULL);
	}
	in_free(&in);
	return st;
}

/*
 * GET /reports/:id/download: the PDF, for the consultant of its
 * assessment or an admin, as the API's download with a bearer token
 * (reportq_pdf).  200 application/pdf as an attachment; 404 if the
 * report is unknown, not the caller's or not ready.
 */
int
web_report_download(struct req *r)
{
	return reportq_pdf(r, r->params[0],
	    strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id);
}
