/*
 * report.c: the consultant and client reports.
 *
 * All the words come from templates/reports/content.json (labels, text per
 * DISC style and per phase, one action per phase question); this file
 * only decides what goes where.  The client report never shows a DISC
 * letter, a style name or a raw score.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "bank.h"
#include "chart.h"
#include "log.h"
#include "pdf.h"
#include "report.h"
#include "score.h"
#include "util.h"

struct report_ctx {
	json_object	*content;	/* content.json */
	char		 font[512];
	char		 font_bold[512];
	long		 threshold;
};

/* Everything a report shows. */
struct data {
	bool			 consultant;	/* or the client report */
	const PGresult		*job, *asm_;
	struct report_answers	 ra;
	int			 phase_scores[SCORE_PHASE__MAX];
	enum score_phase	 phase;
	int			 disc_scores[SCORE_DISC__MAX];
	char			 disc, disc2;	/* '\0' if none */
	const char		*confidence;
	char			 consultant_name[256];
};

enum report_job_col { RJ_TYPE, RJ_ASM, RJ_FIRST, RJ_LAST, RJ_EMAIL, RJ_FIRM };

/* content.json path (up to four keys) → string, or "" if the file lacks it. */
static const char *
text4(const struct report_ctx *rc, const char *a, const char *b, const char *c,
    const char *d)
{
	json_object	*o = rc->content, *v;
	const char	*keys[] = { a, b, c, d };

	for (size_t i = 0; i < NELEM(keys) && keys[i] != NULL; i++) {
		if (!json_object_object_get_ex(o, keys[i], &v))
			return "";
		o = v;
	}
	return json_object_is_type(o, json_type_string) ? json_object_get_string(o) : "";
}

static const char *
text(const struct report_ctx *rc, const char *a, const char *b, const char *c)
{
	return text4(rc, a, b, c, NULL);
}

static const char *
label(const struct report_ctx *rc, const char *key)
{
	return text(rc, "labels", key, NULL);
}

enum app_err
report_init(struct report_ctx **out, const struct cfg *cfg, char *err, size_t errsz)
{
	struct report_ctx	*rc;
	char			 path[1024];
	FILE			*f;

	*out = NULL;
	if ((rc = calloc(1, sizeof(*rc))) == NULL)
		return APP_ERR_NOMEM;
	snprintf(path, sizeof(path), "%s/reports/content.json", cfg->templates_dir);
	if ((rc->content = json_object_from_file(path)) == NULL ||
	    !json_object_is_type(rc->content, json_type_object)) {
		snprintf(err, errsz, "templates_dir: %s is missing or not valid JSON", path);
		report_free(rc);
		return APP_ERR_CONFIG;
	}
	snprintf(rc->font, sizeof(rc->font), "%s/DejaVuSans.ttf", cfg->font_dir);
	snprintf(rc->font_bold, sizeof(rc->font_bold), "%s/DejaVuSans-Bold.ttf", cfg->font_dir);
	if ((f = fopen(rc->font, "r")) == NULL || fclose(f) != 0 ||
	    (f = fopen(rc->font_bold, "r")) == NULL || fclose(f) != 0) {
		snprintf(err, errsz, "reports.font_dir: %s lacks DejaVuSans.ttf or "
		    "DejaVuSans-Bold.ttf (Debian package fonts-dejavu-core)", cfg->font_dir);
		report_free(rc);
		return APP_ERR_CONFIG;
	}
	rc->threshold = cfg->readiness_threshold;
	*out = rc;
	return APP_OK;
}

void
report_free(struct report_ctx *rc)
{
	if (rc == NULL)
		return;
	json_object_put(rc->content);
	free(rc);
}

void
report_out_free(struct report_out *o)
{
	if (o == NULL)
		return;
	free(o->pdf);
	memset(o, 0, sizeof(*o));
}

/*
 * The ASCII spelling of a Latin letter of U+00C0..U+017F (the two-byte
 * UTF-8 sequence c), or NULL: "ä" → "a", "ß" → "ss", "Ł" → "L".
 */
static const char *
ascii_of(unsigned cp)
{
	static const char *const latin1[64] = {
		"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
		"D", "N", "O", "O", "O", "O", "O", NULL, "O", "U", "U", "U", "U", "Y", "TH", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
	};
	/* Latin Extended-A, U+0100..U+017F, in pairs of capital and small. */
	static const char ext[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi"
	    "IiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

	if (cp >= 0xc0 && cp < 0x100)
		return latin1[cp - 0xc0];
	if (cp >= 0x100 && cp < 0x180 && cp - 0x100 < sizeof(ext) - 1) {
		static char one[128][2];

		one[cp - 0x100][0] = ext[cp - 0x100];
		return one[cp - 0x100];
	}
	return NULL;
}

void
report_file_name(char out[96], const char *business, const char *type)
{
	const unsigned char	*p = (const unsigned char *)business;
	const char		*asc;
	size_t			 n = 0;
	bool			 dash = false;
	char			 c[2] = { 0, 0 };

	for (; *p != '\0' && n < 48; p++) {
		asc = NULL;
		if (*p < 0x80 && isalnum(*p)) {
			c[0] = (char)*p;
			asc = c;
		} else if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
			asc = ascii_of((unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f));
			p++;
		}
		if (asc == NULL) {
			/* A separator, or a letter with no ASCII spelling. */
			if (*p < 0x80 || (*p & 0xc0) == 0xc0)
				dash = true;
			continue;
		}
		if (dash && n > 0)
			out[n++] = '-';
		dash = false;
		for (; *asc != '\0' && n < 48; asc++)
			out[n++] = *asc;
	}
	if (n == 0)
		n = (size_t)snprintf(out, 96, "assessment");
	snprintf(out + n, 96 - n, "-%s-report.pdf", type);
}

/* Points and maximum of one question for the chosen options. */
static void
score_answer(const struct bank *b, struct report_answer *a, const bool *sel)
{
	const struct bank_question	*q = a->q;
	int				 best = 0, sum = 0, all = 0;
	size_t				 n = 0, used = 0;

	for (size_t i = q->first; i < q->first + q->noptions; i++) {
		const struct bank_option *o = &b->options[i];

		best = o->score > best ? o->score : best;
		all += o->score > 0 ? o->score : 0;
		if (!sel[i])
			continue;
		sum += o->score;
		used += (size_t)snprintf(a->text + used, used < sizeof(a->text) ?
		    sizeof(a->text) - used : 0, "%s%s", n++ ? "; " : "", o->text);
		if (used >= sizeof(a->text))
			used = sizeof(a->text) - 1;
	}
	a->answered = n > 0;
	if (q->type == SCORE_TYPE_MULTI_SELECT) {
		a->max = all < q->max_points ? all : q->max_points;
		a->points = sum < a->max ? sum : a->max;
	} else {
		a->max = best;
		a->points = sum;
	}
	a->ratio = a->max > 0 ? (double)a->points / a->max : 1.0;
}

/* Action plan order: quick wins first, then the primary phase, then phase order. */
static enum score_phase sort_phase;

static int
plan_cmp(const void *x, const void *y)
{
	const struct report_answer	*a = *(const struct report_answer *const *)x;
	const struct report_answer	*b = *(const struct report_answer *const *)y;
	json_object			*qa, *qb;
	int				 wa, wb;

	wa = json_object_object_get_ex(a->action, "quickWin", &qa) && json_object_get_boolean(qa);
	wb = json_object_object_get_ex(b->action, "quickWin", &qb) && json_object_get_boolean(qb);
	if (wa != wb)
		return wb - wa;
	if ((a->q->phase == sort_phase) != (b->q->phase == sort_phase))
		return a->q->phase == sort_phase ? -1 : 1;
	if (a->q->phase != b->q->phase)
		return (int)a->q->phase - (int)b->q->phase;
	return a < b ? -1 : a > b;
}

static int
ratio_cmp(const void *x, const void *y)
{
	const struct report_answer	*a = *(const struct report_answer *const *)x;
	const struct report_answer	*b = *(const struct report_answer *const *)y;

	if (a->ratio != b->ratio)
		return a->ratio < b->ratio ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* The weakest answered questions below their maximum, in plan order. */
static enum app_err
choose_plan(const struct report_ctx *rc, struct report_answers *ra,
    enum score_phase primary)
{
	const struct report_answer	**cand;
	json_object			 *acts;
	size_t				  n = 0;

	if ((cand = calloc(ra->nans + 1, sizeof(*cand))) == NULL)
		return APP_ERR_NOMEM;
	json_object_object_get_ex(rc->content, "actions", &acts);
	for (size_t i = 0; i < ra->nans; i++) {
		ra->ans[i].action = NULL;
		if (acts != NULL)
			json_object_object_get_ex(acts, ra->ans[i].q->id, &ra->ans[i].action);
		if (ra->ans[i].answered && ra->ans[i].ratio < 1.0 && ra->ans[i].action != NULL)
			cand[n++] = &ra->ans[i];
	}
	qsort(cand, n, sizeof(*cand), ratio_cmp);
	ra->nplan = n < REPORT_MAX_ACTIONS ? n : REPORT_MAX_ACTIONS;
	memcpy(ra->plan, cand, ra->nplan * sizeof(*cand));
	sort_phase = primary;
	qsort(ra->plan, ra->nplan, sizeof(*ra->plan), plan_cmp);
	free(cand);
	return APP_OK;
}

enum app_err
report_answers(const struct report_ctx *rc, struct db *db, const struct bank *b,
    const char *asm_id, enum score_phase primary, struct report_answers *ra)
{
	PGresult	*res;
	json_object	*ids;
	bool		*sel;
	long		 k;
	enum app_err	 ret;

	memset(ra, 0, sizeof(*ra));
	/* The chosen options of every phase question. */
	if ((sel = calloc(b->noptions + 1, sizeof(*sel))) == NULL ||
	    (ra->ans = calloc(b->nquestions + 1, sizeof(*ra->ans))) == NULL) {
		free(sel);
		return APP_ERR_NOMEM;
	}
	if ((res = DB_Q(db, STMT_REPORT_ANSWERS, asm_id)) == NULL) {
		free(sel);
		report_answers_free(ra);
		return APP_ERR_DB;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		const struct bank_question *q = bank_question(b, db_get(res, i, 0));

		if (q == NULL || (ids = json_tokener_parse(db_get(res, i, 1))) == NULL)
			continue;
		for (size_t j = 0; j < json_object_array_length(ids); j++)
			if ((k = bank_option(b, q, json_object_get_string(
			    json_object_array_get_idx(ids, j)))) >= 0)
				sel[k] = true;
		json_object_put(ids);
	}
	PQclear(res);
	for (size_t i = 0; i < b->nquestions; i++) {
		if (b->questions[i].kind != SCORE_KIND_PHASE)
			continue;
		ra->ans[ra->nans].q = &b->questions[i];
		score_answer(b, &ra->ans[ra->nans], sel);
		ra->nans++;
	}
	free(sel);
	if ((ret = choose_plan(rc, ra, primary)) != APP_OK)
		report_answers_free(ra);
	return ret;
}

void
report_answers_free(struct report_answers *ra)
{
	if (ra == NULL)
		return;
	free(ra->ans);
	memset(ra, 0, sizeof(*ra));
}

/* Reads the stored scores ({"D":75,...}) into out, in enum order. */
static void
scores_from(const PGresult *res, int col, const char *(*name)(int), int n, int *out)
{
	json_object	*o, *v;

	memset(out, 0, (size_t)n * sizeof(*out));
	if (db_null(res, 0, col) || (o = json_tokener_parse(db_get(res, 0, col))) == NULL)
		return;
	for (int i = 0; i < n; i++)
		if (json_object_object_get_ex(o, name(i), &v))
			out[i] = json_object_get_int(v);
	json_object_put(o);
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

/* Loads everything the report shows; the caller frees d->ra (report_answers_free). */
static enum app_err
load(const struct report_ctx *rc, struct db *db, const struct bank *b,
    const PGresult *job, PGresult **asmres, struct data *d, char *why, size_t whysz)
{
	json_object	*conf = NULL, *o;

	memset(d, 0, sizeof(*d));
	d->job = job;
	d->consultant = strcmp(db_get(job, 0, RJ_TYPE), "consultant") == 0;
	snprintf(d->consultant_name, sizeof(d->consultant_name), "%s %s",
	    db_get(job, 0, RJ_FIRST), db_get(job, 0, RJ_LAST));
	if ((*asmres = DB_Q(db, STMT_ASM_GET, db_get(job, 0, RJ_ASM), "")) == NULL ||
	    PQntuples(*asmres) != 1) {
		snprintf(why, whysz, "assessment not found");
		return APP_ERR_DB;
	}
	d->asm_ = *asmres;
	if (strcmp(db_get(d->asm_, 0, AC_STATUS), "completed") != 0 ||
	    db_null(d->asm_, 0, AC_PHASE_SCORES)) {
		snprintf(why, whysz, "assessment is not completed");
		return APP_ERR_INVALID;
	}
	d->phase = score_phase_from_str(db_get(d->asm_, 0, AC_PHASE_PRIMARY));
	if (d->phase >= SCORE_PHASE__MAX)
		d->phase = SCORE_STABILIZE;
	scores_from(d->asm_, AC_PHASE_SCORES, phase_name, SCORE_PHASE__MAX, d->phase_scores);
	scores_from(d->asm_, AC_DISC_SCORES, disc_name, SCORE_DISC__MAX, d->disc_scores);
	d->disc = db_null(d->asm_, 0, AC_DISC_PRIMARY) ? '\0' : db_get(d->asm_, 0, AC_DISC_PRIMARY)[0];
	d->disc2 = db_null(d->asm_, 0, AC_DISC_SECONDARY) ? '\0' :
	    db_get(d->asm_, 0, AC_DISC_SECONDARY)[0];
	d->confidence = "confidenceLow";
	if (!db_null(d->asm_, 0, AC_DISC_SCORES) &&
	    (conf = json_tokener_parse(db_get(d->asm_, 0, AC_DISC_SCORES))) != NULL &&
	    json_object_object_get_ex(conf, "confidence", &o)) {
		if (strcmp(json_object_get_string(o), "high") == 0)
			d->confidence = "confidenceHigh";
		else if (strcmp(json_object_get_string(o), "medium") == 0)
			d->confidence = "confidenceMedium";
	}
	json_object_put(conf);

	switch (report_answers(rc, db, b, db_get(job, 0, RJ_ASM), d->phase, &d->ra)) {
	case APP_OK:
		return APP_OK;
	case APP_ERR_DB:
		snprintf(why, whysz, "cannot read the answers");
		return APP_ERR_DB;
	default:
		snprintf(why, whysz, "out of memory");
		return APP_ERR_NOMEM;
	}
}

static void
fmt_date(char out[32], const PGresult *res, int col)
{
	time_t		t = (time_t)db_getll(res, 0, col);
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%B %e, %Y", &tm);
}

/* "Direct (D)" for the consultant report. */
static void
style_label(const struct report_ctx *rc, char l, char out[64])
{
	char	key[2] = { l, '\0' };

	if (l == '\0')
		snprintf(out, 64, "%s", label(rc, "noSecondaryStyle"));
	else
		snprintf(out, 64, "%s (%c)", text(rc, "disc", key, "name"), l);
}

/* The JSON array content.<a>.<b>.<c> as a list block. */
static enum app_err
list_of(struct pdf *p, const struct report_ctx *rc, const char *a, const char *b,
    const char *c, enum pdf_list_kind kind)
{
	json_object	*o = rc->content, *v;
	const char	*items[16];
	size_t		 n = 0;
	const char	*keys[] = { a, b, c };

	for (size_t i = 0; i < NELEM(keys) && keys[i] != NULL; i++) {
		if (!json_object_object_get_ex(o, keys[i], &v))
			return APP_OK;
		o = v;
	}
	if (!json_object_is_type(o, json_type_array))
		return APP_OK;
	for (size_t i = 0; i < json_object_array_length(o) && n < NELEM(items); i++)
		items[n++] = json_object_get_string(json_object_array_get_idx(o, i));
	return pdf_list(p, items, n, kind);
}

/* A chart as a PDF image block. */
static void
put_png(struct pdf *p, enum app_err e, void *png, size_t len, double width,
    const char *caption)
{
	struct pdf_image	img;

	if (e != APP_OK) {
		/* A report without a chart beats no report; say why. */
		LOG_WARN(NULL, "chart not drawn: %s", app_strerror(e));
		return;
	}
	memset(&img, 0, sizeof(img));
	img.png = png;
	img.len = len;
	img.width = width;
	img.caption = caption;
	if ((e = pdf_image(p, &img)) != APP_OK)
		LOG_WARN(NULL, "chart not placed: %s", app_strerror(e));
	free(png);
}

static void
cover_details(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	char		 created[32], done[32], today[32], by[512];
	struct pdf_kv	 kv[8];
	size_t		 n = 0;
	time_t		 now = time(NULL);
	struct tm	 tm;
	const PGresult	*a = d->asm_;

	fmt_date(created, a, AC_CREATED);
	fmt_date(done, a, AC_COMPLETED);
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%B %e, %Y", &tm);
	/* A consultant without a company has an organization named after them. */
	if (strcmp(d->consultant_name, db_get(d->job, 0, RJ_FIRM)) == 0)
		snprintf(by, sizeof(by), "%s", d->consultant_name);
	else
		snprintf(by, sizeof(by), "%s, %s", d->consultant_name, db_get(d->job, 0, RJ_FIRM));
	kv[n++] = (struct pdf_kv){ label(rc, d->consultant ? "client" : "preparedFor"),
	    db_get(a, 0, AC_CLIENT_NAME) };
	kv[n++] = (struct pdf_kv){ label(rc, "business"), db_get(a, 0, AC_BUSINESS) };
	kv[n++] = (struct pdf_kv){ label(rc, "industry"), db_null(a, 0, AC_INDUSTRY) ?
	    label(rc, "notProvided") : db_get(a, 0, AC_INDUSTRY) };
	if (d->consultant)
		kv[n++] = (struct pdf_kv){ label(rc, "assessmentType"),
		    label(rc, strcmp(db_get(a, 0, AC_TYPE), "collaborative") == 0 ?
		    "assessmentTypeCollaborative" : "assessmentTypeSelfAdministered") };
	kv[n++] = (struct pdf_kv){ label(rc, "assessmentDate"), created };
	kv[n++] = (struct pdf_kv){ label(rc, "completedOn"), done };
	kv[n++] = (struct pdf_kv){ label(rc, "preparedBy"), by };
	kv[n++] = (struct pdf_kv){ label(rc, "reportDate"), today };
	(void)pdf_keyvalue(p, kv, n);
}

static void
consultant_disc(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	struct chart_bar	 bars[SCORE_DISC__MAX];
	struct chart_opts	 co;
	char			 labels[SCORE_DISC__MAX][64], l1[64], l2[64], key[2] = { 0, 0 };
	struct pdf_kv		 kv[3];
	void			*png = NULL;
	size_t			 len = 0;
	enum app_err		 e;

	(void)pdf_heading(p, 1, label(rc, "discSection"));
	if (d->disc == '\0') {
		(void)pdf_callout(p, PDF_TONE_NEUTRAL, NULL, label(rc, "noDiscProfile"));
		return;
	}
	for (int i = 0; i < SCORE_DISC__MAX; i++) {
		style_label(rc, score_disc_name((enum score_disc)i)[0], labels[i]);
		bars[i] = (struct chart_bar){ labels[i], d->disc_scores[i],
		    score_disc_name((enum score_disc)i)[0] == d->disc };
	}
	memset(&co, 0, sizeof(co));
	co.width = 440;
	co.height = 160;
	co.font = rc->font;
	co.font_bold = rc->font_bold;
	e = chart_bars(bars, SCORE_DISC__MAX, &co, &png, &len);
	put_png(p, e, png, len, 440, label(rc, "discScores"));
	style_label(rc, d->disc, l1);
	style_label(rc, d->disc2, l2);
	kv[0] = (struct pdf_kv){ label(rc, "primaryStyle"), l1 };
	kv[1] = (struct pdf_kv){ label(rc, "secondaryStyle"), l2 };
	kv[2] = (struct pdf_kv){ label(rc, "confidence"), label(rc, d->confidence) };
	(void)pdf_keyvalue(p, kv, 3);
	key[0] = d->disc;
	(void)pdf_paragraph(p, text(rc, "disc", key, "consultantSummary"));
	if (strcmp(d->confidence, "confidenceLow") == 0)
		(void)pdf_callout(p, PDF_TONE_NEUTRAL, NULL, label(rc, "lowConfidenceNote"));
	(void)pdf_heading(p, 3, label(rc, "leadWith"));
	(void)list_of(p, rc, "disc", key, "leadWith", PDF_LIST_BULLET);
	(void)pdf_heading(p, 3, label(rc, "avoid"));
	(void)list_of(p, rc, "disc", key, "avoid", PDF_LIST_BULLET);
	(void)pdf_callout(p, PDF_TONE_INFO, label(rc, "meeting"),
	    text(rc, "disc", key, "meeting"));
	(void)pdf_callout(p, PDF_TONE_INFO, label(rc, "followUp"),
	    text(rc, "disc", key, "followUp"));
}

static void
phase_chart(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	struct chart_bar	 bars[SCORE_PHASE__MAX];
	struct chart_opts	 co;
	void			*png = NULL;
	size_t			 len = 0;
	enum app_err		 e;

	for (int i = 0; i < SCORE_PHASE__MAX; i++)
		bars[i] = (struct chart_bar){ score_phase_name((enum score_phase)i),
		    d->phase_scores[i], (enum score_phase)i == d->phase };
	memset(&co, 0, sizeof(co));
	co.width = 440;
	co.height = 200;
	co.threshold = (int)rc->threshold;
	co.font = rc->font;
	co.font_bold = rc->font_bold;
	e = chart_bars(bars, SCORE_PHASE__MAX, &co, &png, &len);
	put_png(p, e, png, len, 440, NULL);
}

static void
consultant_phases(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	const char	*ph = score_phase_name(d->phase);
	char		 line[256];
	struct pdf_run	 runs[3];

	(void)pdf_heading(p, 1, label(rc, "phaseSection"));
	phase_chart(p, rc, d);
	snprintf(line, sizeof(line), "%s — %s", ph, text(rc, "phases", ph, "tagline"));
	runs[0] = (struct pdf_run){ label(rc, "primaryPhase"), true };
	runs[1] = (struct pdf_run){ ": ", true };
	runs[2] = (struct pdf_run){ line, false };
	(void)pdf_runs(p, runs, 3, NULL);
	(void)pdf_paragraph(p, text(rc, "phases", ph, "consultantSummary"));
	(void)pdf_text(p, label(rc, "phaseRuleNote"),
	    &(struct pdf_style){ .size = 8.5, .color = PDF_RGB(PDF_MUTED) });
	(void)pdf_heading(p, 3, label(rc, "focusAreas"));
	(void)list_of(p, rc, "phases", ph, "focus", PDF_LIST_BULLET);
}

static void
consultant_answers(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	const struct pdf_column cols[] = {
		{ label(rc, "question"), 3.2, PDF_ALIGN_LEFT },
		{ label(rc, "answer"), 2.4, PDF_ALIGN_LEFT },
		{ label(rc, "points"), 0.8, PDF_ALIGN_RIGHT },
	};
	char		 title[128], pts[32];
	const char	*cells[3];
	size_t		 weak = 0;

	(void)pdf_heading(p, 1, label(rc, "answersSection"));
	(void)pdf_table_begin(p, cols, NELEM(cols));
	for (int ph = 0; ph < SCORE_PHASE__MAX; ph++) {
		snprintf(title, sizeof(title), "%s — %s %d / 100",
		    score_phase_name((enum score_phase)ph), label(rc, "score"),
		    d->phase_scores[ph]);
		cells[0] = title;
		cells[1] = cells[2] = NULL;
		(void)pdf_table_row(p, cells, PDF_ROW_SECTION);
		for (size_t i = 0; i < d->ra.nans; i++) {
			const struct report_answer *a = &d->ra.ans[i];

			if ((int)a->q->phase != ph)
				continue;
			snprintf(pts, sizeof(pts), "%d %s %d", a->points, label(rc, "outOf"), a->max);
			cells[0] = a->q->text;
			cells[1] = a->answered ? a->text : label(rc, "notAnswered");
			cells[2] = pts;
			(void)pdf_table_row(p, cells, a->answered && a->ratio <= REPORT_WEAK_RATIO ?
			    PDF_ROW_FLAG : 0);
			weak += a->answered && a->ratio <= REPORT_WEAK_RATIO;
		}
	}
	(void)pdf_table_end(p);
	(void)pdf_text(p, label(rc, "weakArea"), &(struct pdf_style){ .size = 8.5,
	    .color = PDF_RGB(PDF_ACCENT) });
	(void)pdf_heading(p, 2, label(rc, "weakAreasSection"));
	if (weak == 0) {
		(void)pdf_paragraph(p, label(rc, "noWeakAreas"));
		return;
	}
	{
		const char	**items = calloc(weak, sizeof(*items));
		size_t		  n = 0;

		if (items == NULL)
			return;
		for (size_t i = 0; i < d->ra.nans; i++)
			if (d->ra.ans[i].answered && d->ra.ans[i].ratio <= REPORT_WEAK_RATIO)
				items[n++] = d->ra.ans[i].q->text;
		(void)pdf_list(p, items, n, PDF_LIST_BULLET);
		free(items);
	}
}

static bool
quick_win(const struct report_answer *a)
{
	json_object	*v;

	return json_object_object_get_ex(a->action, "quickWin", &v) &&
	    json_object_get_boolean(v);
}

static const char *
action_str(const struct report_answer *a, const char *key, const char *sub)
{
	json_object	*v, *w;

	if (!json_object_object_get_ex(a->action, key, &v))
		return "";
	if (sub != NULL) {
		if (!json_object_object_get_ex(v, sub, &w))
			return "";
		v = w;
	}
	return json_object_get_string(v);
}

static void
consultant_plan(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	const struct pdf_column cols[] = {
		{ label(rc, "action"), 2.0, PDF_ALIGN_LEFT },
		{ label(rc, "recommendation"), 3.6, PDF_ALIGN_LEFT },
		{ label(rc, "quickWin"), 0.8, PDF_ALIGN_CENTER },
		{ label(rc, "effort"), 0.8, PDF_ALIGN_CENTER },
	};
	char		 title[256], effort[32];
	const char	*cells[4], *e;

	(void)pdf_heading(p, 1, label(rc, "actionPlanSection"));
	if (d->ra.nplan == 0)
		(void)pdf_paragraph(p, label(rc, "noWeakAreas"));
	else {
		(void)pdf_table_begin(p, cols, NELEM(cols));
		for (size_t i = 0; i < d->ra.nplan; i++) {
			const struct report_answer *a = d->ra.plan[i];

			snprintf(title, sizeof(title), "%zu. %s", i + 1,
			    action_str(a, "title", NULL));
			e = action_str(a, "effort", NULL);
			snprintf(effort, sizeof(effort), "%s", label(rc,
			    strcmp(e, "low") == 0 ? "effortLow" :
			    strcmp(e, "high") == 0 ? "effortHigh" : "effortMedium"));
			cells[0] = title;
			cells[1] = action_str(a, "consultant", NULL);
			cells[2] = label(rc, quick_win(a) ? "yes" : "no");
			cells[3] = effort;
			(void)pdf_table_row(p, cells, quick_win(a) ? PDF_ROW_BOLD : 0);
		}
		(void)pdf_table_end(p);
	}
	(void)pdf_heading(p, 2, label(rc, "focusAreas"));
	(void)list_of(p, rc, "phases", score_phase_name(d->phase), "focus", PDF_LIST_BULLET);
}

static void
consultant_report(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	char		 sub[512], l1[64];
	struct pdf_kv	 kv[2];

	snprintf(sub, sizeof(sub), "%s — %s", db_get(d->asm_, 0, AC_CLIENT_NAME),
	    db_get(d->asm_, 0, AC_BUSINESS));
	(void)pdf_title(p, label(rc, "consultantReportTitle"), sub);
	cover_details(p, rc, d);
	(void)pdf_space(p, 12);
	(void)pdf_heading(p, 2, label(rc, "summarySection"));
	style_label(rc, d->disc, l1);
	kv[0] = (struct pdf_kv){ label(rc, "primaryPhase"), score_phase_name(d->phase) };
	kv[1] = (struct pdf_kv){ label(rc, "primaryStyle"), d->disc ? l1 : label(rc, "noSecondaryStyle") };
	(void)pdf_keyvalue(p, kv, 2);
	(void)pdf_paragraph(p, text(rc, "phases", score_phase_name(d->phase), "consultantSummary"));
	(void)pdf_callout(p, PDF_TONE_ACCENT, NULL, label(rc, "confidential"));
	(void)pdf_page_break(p);
	consultant_disc(p, rc, d);
	/* A section starts a page only if less than a third of one is left. */
	(void)pdf_keep(p, 280);
	consultant_phases(p, rc, d);
	(void)pdf_keep(p, 280);
	consultant_answers(p, rc, d);
	(void)pdf_keep(p, 280);
	consultant_plan(p, rc, d);
	(void)pdf_heading(p, 1, label(rc, "notesSection"));
	(void)pdf_paragraph(p, db_null(d->asm_, 0, AC_NOTES) ||
	    *db_get(d->asm_, 0, AC_NOTES) == '\0' ? label(rc, "noNotes") :
	    db_get(d->asm_, 0, AC_NOTES));
}

static void
client_report(struct pdf *p, const struct report_ctx *rc, const struct data *d)
{
	const char		*labels[SCORE_PHASE__MAX], *ph = score_phase_name(d->phase);
	char			 tone[2] = { d->disc ? d->disc : 'S', '\0' };
	char			 line[256], contact[512];
	struct chart_opts	 co;
	struct pdf_run		 runs[3];
	void			*png = NULL;
	size_t			 len = 0;
	enum app_err		 e;

	(void)pdf_title(p, label(rc, "clientReportTitle"), label(rc, "clientReportSubtitle"));
	cover_details(p, rc, d);
	(void)pdf_space(p, 12);
	(void)pdf_heading(p, 1, label(rc, "roadmapSection"));
	for (int i = 0; i < SCORE_PHASE__MAX; i++)
		labels[i] = score_phase_name((enum score_phase)i);
	memset(&co, 0, sizeof(co));
	co.width = 460;
	co.height = 120;
	co.font = rc->font;
	co.font_bold = rc->font_bold;
	co.marker = label(rc, "youAreHere");
	e = chart_roadmap(labels, SCORE_PHASE__MAX, (size_t)d->phase, &co, &png, &len);
	put_png(p, e, png, len, 460, NULL);
	snprintf(line, sizeof(line), "%s — %s", ph, text(rc, "phases", ph, "tagline"));
	runs[0] = (struct pdf_run){ label(rc, "whereYouAre"), true };
	runs[1] = (struct pdf_run){ ": ", true };
	runs[2] = (struct pdf_run){ line, false };
	(void)pdf_runs(p, runs, 3, NULL);
	(void)pdf_heading(p, 2, label(rc, "whatThisMeans"));
	(void)pdf_paragraph(p, text(rc, "phases", ph, "clientMeaning"));
	(void)pdf_heading(p, 2, label(rc, "whereToFocus"));
	(void)list_of(p, rc, "phases", ph, "focus", PDF_LIST_BULLET);
	(void)pdf_page_break(p);
	(void)pdf_heading(p, 1, label(rc, "clientActionPlanSection"));
	if (d->ra.nplan == 0)
		(void)pdf_paragraph(p, label(rc, "noActions"));
	else {
		/* The same advice, in the tone the client's profile calls for. */
		(void)pdf_paragraph(p, text4(rc, "disc", tone, "clientTone", "intro"));
		for (size_t i = 0; i < d->ra.nplan; i++) {
			const struct report_answer *a = d->ra.plan[i];
			char	 head[320];

			snprintf(head, sizeof(head), "%zu. %s%s%s", i + 1,
			    action_str(a, "title", NULL), quick_win(a) ? " — " : "",
			    quick_win(a) ? label(rc, "quickWin") : "");
			(void)pdf_keep(p, 60);
			(void)pdf_text(p, head, &(struct pdf_style){ .bold = true,
			    .space_after = 2 });
			(void)pdf_text(p, action_str(a, "client", tone),
			    &(struct pdf_style){ .indent = 14 });
		}
		(void)pdf_paragraph(p, text4(rc, "disc", tone, "clientTone", "outro"));
	}
	(void)pdf_heading(p, 2, label(rc, "nextSteps"));
	if (strcmp(d->consultant_name, db_get(d->job, 0, RJ_FIRM)) == 0)
		snprintf(contact, sizeof(contact), "%s %s — %s", label(rc, "contactText"),
		    d->consultant_name, db_get(d->job, 0, RJ_EMAIL));
	else
		snprintf(contact, sizeof(contact), "%s %s, %s — %s", label(rc, "contactText"),
		    d->consultant_name, db_get(d->job, 0, RJ_FIRM), db_get(d->job, 0, RJ_EMAIL));
	(void)pdf_callout(p, PDF_TONE_INFO, label(rc, "contactSection"), contact);
	(void)pdf_space(p, 8);
	(void)pdf_text(p, label(rc, "disclaimer"), &(struct pdf_style){ .size = 8,
	    .color = PDF_RGB(PDF_MUTED) });
}

enum app_err
report_render(struct report_ctx *rc, struct db *db, const char *id,
    struct report_out *out, char *why, size_t whysz)
{
	const struct bank	*b;
	struct data		 d;
	struct pdf_opts		 o;
	struct pdf		*p = NULL;
	PGresult		*job = NULL, *a = NULL;
	enum app_err		 e;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	snprintf(why, whysz, "database error");
	if ((b = bank_get(db)) == NULL) {
		e = APP_ERR_DB;
		goto done;
	}
	if ((job = DB_Q(db, STMT_REPORT_JOB, id)) == NULL || PQntuples(job) != 1) {
		e = APP_ERR_DB;
		goto done;
	}
	if ((e = load(rc, db, b, job, &a, &d, why, whysz)) != APP_OK)
		goto done;
	memset(&o, 0, sizeof(o));
	o.title = label(rc, d.consultant ? "consultantReportTitle" : "clientReportTitle");
	o.author = d.consultant_name;
	o.subject = db_get(a, 0, AC_BUSINESS);
	o.header_left = db_get(a, 0, AC_BUSINESS);
	o.header_right = d.consultant ? label(rc, "consultantReportTitle") :
	    label(rc, "clientReportTitle");
	o.footer_left = label(rc, "generatedBy");
	o.page_word = label(rc, "page");
	o.of_word = label(rc, "pageOf");
	o.cover = true;
	o.font_regular = rc->font;
	o.font_bold = rc->font_bold;
	if ((e = pdf_open(&p, &o)) != APP_OK) {
		snprintf(why, whysz, "cannot start the PDF: %s", app_strerror(e));
		goto done;
	}
	if (d.consultant)
		consultant_report(p, rc, &d);
	else
		client_report(p, rc, &d);
	out->pages = (int)pdf_page_count(p);
	if ((e = pdf_finish(p, &out->pdf, &out->len)) != APP_OK) {
		snprintf(why, whysz, "PDF rendering failed: %s", app_strerror(e));
		goto done;
	}
	report_file_name(out->file_name, db_get(a, 0, AC_BUSINESS),
	    db_get(job, 0, RJ_TYPE));
	e = APP_OK;
done:
	if (e != APP_OK)
		report_out_free(out);
	pdf_free(p);
	report_answers_free(&d.ra);
	PQclear(a);
	PQclear(job);
	return e;
}
