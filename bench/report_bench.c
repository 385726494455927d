/*
 * report_bench.c: how long report_render takes (issue 4), and the same
 * consultant report as HTML for Chromium's --print-to-pdf to compare with.
 *
 *   report_bench [-n N] [-w W] [-o DIR] REPORT_ID...
 *	Renders each report N times (default 100) after W untimed warm-up
 *	renders (default 3), each in a transaction with the report's tenant
 *	set and rolled back: nothing is stored.  Prints one line per report:
 *	type, id, n, median/p10/p90/min/max/mean of report_render in ms, the
 *	first (cold) render, pages, bytes, db_ms (the median time of the three
 *	queries report_render makes, timed apart), cpu_ms (this process's CPU
 *	time per render of the timed loop, transactions included), and
 *	t0_us/t1_us, the monotonic clock at the start and end of the timed
 *	loop (for reports/second over several processes).  -o DIR writes the
 *	last PDF to DIR/<type>.pdf.
 *
 *   report_bench -H FILE.html REPORT_ID
 *	Writes the consultant report REPORT_ID as HTML: same data, sections,
 *	tables and text (templates/reports/content.json), and its two charts
 *	drawn with chart_bars() as FILE-disc.png and FILE-phases.png.
 *
 *   report_bench -X SECONDS COMMAND [ARG...]
 *	Runs COMMAND in a new session and prints wall_ms, how long it ran, and
 *	cpu_ms, the CPU time of it and of every process it started (they are
 *	reaped here: this process is their subreaper), then status.  After
 *	COMMAND exits, after SECONDS, or on SIGINT, SIGTERM or SIGHUP, what is
 *	left of its session is killed.  COMMAND's standard output goes to standard error.  For
 *	timing Chromium, which runs several processes.
 *
 * Configuration as for the other programs: RISE_CONFIG and RISE_*.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "assess.h"
#include "bank.h"
#include "chart.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "pdf.h"
#include "report.h"
#include "score.h"
#include "util.h"

static void
usage(void)
{
	fprintf(stderr, "usage: report_bench [-n N] [-w W] [-o DIR] REPORT_ID...\n"
	    "       report_bench -H FILE.html REPORT_ID\n"
	    "       report_bench -X SECONDS COMMAND [ARG...]\n");
	exit(2);
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quantile q of the sorted v[n], linear between closest ranks. */
static double
quantile(const double *v, size_t n, double q)
{
	double	h = q * (double)(n - 1), f = floor(h);
	size_t	i = (size_t)f;

	return i + 1 < n ? v[i] + (h - f) * (v[i + 1] - v[i]) : v[n - 1];
}

/* BEGIN and the tenant of report id, as the worker sets it. */
static int
begin_tenant(struct db *db, const char *id)
{
	PGresult	*res;
	char		 org[128];

	if ((res = DB_Q(db, STMT_REPORT_TENANT, id)) == NULL || PQntuples(res) != 1 ||
	    db_null(res, 0, 0)) {
		PQclear(res);
		fprintf(stderr, "report_bench: no report %s\n", id);
		return -1;
	}
	snprintf(org, sizeof(org), "%s", db_get(res, 0, 0));
	PQclear(res);
	if (db_begin(db) != APP_OK || db_tenant(db, org, "", "worker") != APP_OK) {
		db_rollback(db);
		fprintf(stderr, "report_bench: cannot start a transaction\n");
		return -1;
	}
	return 0;
}

/*
 * The median time of the three queries report_render makes (the question
 * bank is cached), in a transaction as in bench(): the database's share.
 */
static double
db_time(struct db *db, const char *id)
{
	PGresult	*job, *a, *ans;
	double		 ms[21];
	int64_t		 t;

	for (size_t i = 0; i < NELEM(ms); i++) {
		if (begin_tenant(db, id) != 0)
			return -1;
		t = util_now_us();
		job = DB_Q(db, STMT_REPORT_JOB, id);
		a = job && PQntuples(job) == 1 ? DB_Q(db, STMT_ASM_GET, db_get(job, 0, 1), "") : NULL;
		ans = job && PQntuples(job) == 1 ? DB_Q(db, STMT_REPORT_ANSWERS, db_get(job, 0, 1)) : NULL;
		ms[i] = (double)(util_now_us() - t) / 1000.0;
		PQclear(ans);
		PQclear(a);
		PQclear(job);
		db_rollback(db);
	}
	qsort(ms, NELEM(ms), sizeof(*ms), dbl_cmp);
	return ms[NELEM(ms) / 2];
}

/* CPU time of this process so far, in ms. */
static double
cpu_ms(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

static int
bench(struct db *db, struct report_ctx *rc, const char *id, int n, int warm,
    const char *outdir)
{
	struct report_out	 out;
	char			 why[256], type[16] = "?", path[1024];
	double			*ms, first = 0, cpu0 = 0, cpu;
	int64_t			 t, t0 = 0, t1;
	PGresult		*res;
	FILE			*f;

	if ((ms = calloc((size_t)n, sizeof(*ms))) == NULL)
		return -1;
	memset(&out, 0, sizeof(out));
	for (int i = -warm; i < n; i++) {
		if (i == 0) {
			t0 = util_now_us();
			cpu0 = cpu_ms();
		}
		report_out_free(&out);
		if (begin_tenant(db, id) != 0)
			goto fail;
		t = util_now_us();
		if (report_render(rc, db, id, &out, why, sizeof(why)) != APP_OK) {
			fprintf(stderr, "report_bench: %s: %s\n", id, why);
			db_rollback(db);
			goto fail;
		}
		t = util_now_us() - t;
		if (i == -warm) {
			first = (double)t / 1000.0;
			/* The type, while the tenant is set. */
			if ((res = DB_Q(db, STMT_REPORT_JOB, id)) != NULL && PQntuples(res) == 1)
				snprintf(type, sizeof(type), "%s", db_get(res, 0, 0));
			PQclear(res);
		}
		db_rollback(db);
		if (i >= 0)
			ms[i] = (double)t / 1000.0;
	}
	t1 = util_now_us();
	cpu = (cpu_ms() - cpu0) / n;
	qsort(ms, (size_t)n, sizeof(*ms), dbl_cmp);
	{
		double sum = 0, dbms = db_time(db, id);

		for (int i = 0; i < n; i++)
			sum += ms[i];
		printf("type=%s id=%s n=%d median_ms=%.2f p10_ms=%.2f p90_ms=%.2f "
		    "min_ms=%.2f max_ms=%.2f mean_ms=%.2f first_ms=%.2f pages=%d "
		    "bytes=%zu db_ms=%.2f cpu_ms=%.2f t0_us=%lld t1_us=%lld\n", type, id, n,
		    quantile(ms, (size_t)n, 0.5), quantile(ms, (size_t)n, 0.1),
		    quantile(ms, (size_t)n, 0.9), ms[0], ms[n - 1], sum / n, first,
		    out.pages, out.len, dbms, cpu, (long long)t0, (long long)t1);
		fflush(stdout);
	}
	if (outdir != NULL) {
		snprintf(path, sizeof(path), "%s/%s.pdf", outdir, type);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(out.pdf, 1, out.len, f) != out.len || fclose(f) != 0) {
			fprintf(stderr, "report_bench: cannot write %s\n", path);
			goto fail;
		}
	}
	report_out_free(&out);
	free(ms);
	return 0;
fail:
	report_out_free(&out);
	free(ms);
	return -1;
}

/*
 * The HTML version.  It follows consultant_report() in lib/report.c
 * section by section, with the answers and the action plan that
 * report_answers() chooses for the PDF.
 */

static json_object	*content;

static const char *
ctext(const char *a, const char *b, const char *c, const char *d)
{
	json_object	*o = content, *v;
	const char	*keys[] = { a, b, c, d };

	for (size_t i = 0; i < NELEM(keys) && keys[i] != NULL; i++) {
		if (!json_object_object_get_ex(o, keys[i], &v))
			return "";
		o = v;
	}
	return json_object_is_type(o, json_type_string) ? json_object_get_string(o) : "";
}

static const char *
lbl(const char *k)
{
	return ctext("labels", k, NULL, NULL);
}

/* Writes s HTML-escaped, "\n" as <br>. */
static void
esc(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\n': fputs("<br>", f); break;
		default: fputc(*s, f);
		}
}

/* <tag class>text</tag> */
static void
el(FILE *f, const char *tag, const char *cls, const char *text)
{
	fprintf(f, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	esc(f, text);
	fprintf(f, "</%s>\n", tag);
}

static void
kv(FILE *f, const char *const *pairs, size_t n)
{
	fputs("<table class=\"kv\">\n", f);
	for (size_t i = 0; i + 1 < n; i += 2) {
		fputs("<tr><th>", f);
		esc(f, pairs[i]);
		fputs("</th><td>", f);
		esc(f, pairs[i + 1]);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void
callout(FILE *f, const char *tone, const char *title, const char *body)
{
	fprintf(f, "<div class=\"callout %s\">", tone);
	if (title != NULL)
		el(f, "b", NULL, title);
	fputs("<div>", f);
	esc(f, body);
	fputs("</div></div>\n", f);
}

static void
list(FILE *f, const char *a, const char *b, const char *c)
{
	json_object	*o = content, *v;
	const char	*keys[] = { a, b, c };

	for (size_t i = 0; i < NELEM(keys); i++)
		if (!json_object_object_get_ex(o, keys[i], &v))
			return;
		else
			o = v;
	fputs("<ul>\n", f);
	for (size_t i = 0; i < json_object_array_length(o); i++)
		el(f, "li", NULL, json_object_get_string(json_object_array_get_idx(o, i)));
	fputs("</ul>\n", f);
}

static void
style_label(char l, char out[64])
{
	char	key[2] = { l, '\0' };

	if (l == '\0')
		snprintf(out, 64, "%s", lbl("noSecondaryStyle"));
	else
		snprintf(out, 64, "%s (%c)", ctext("disc", key, "name", NULL), l);
}

static void
fmt_date(char out[32], time_t t)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%B %e, %Y", &tm);
}

static int
quick(const struct report_answer *a)
{
	json_object	*v;

	return json_object_object_get_ex(a->action, "quickWin", &v) && json_object_get_boolean(v);
}

static const char *
act(const struct report_answer *a, const char *k)
{
	json_object	*v;

	return json_object_object_get_ex(a->action, k, &v) ? json_object_get_string(v) : "";
}

/* {"D":75,...} → v[], in enum order. */
static void
scores(const char *json, const char *(*name)(int), int n, int *v)
{
	json_object	*o, *x;

	memset(v, 0, (size_t)n * sizeof(*v));
	if ((o = json_tokener_parse(json)) == NULL)
		return;
	for (int i = 0; i < n; i++)
		if (json_object_object_get_ex(o, name(i), &x))
			v[i] = json_object_get_int(x);
	json_object_put(o);
}

static const char *
dname(int i)
{
	return score_disc_name((enum score_disc)i);
}

static const char *
pname(int i)
{
	return score_phase_name((enum score_phase)i);
}

/* Writes the chart PNG next to the HTML and an <img> for it. */
static void
chart(FILE *f, const char *html, const char *suffix, const struct chart_bar *bars,
    size_t n, const struct chart_opts *co, const char *caption)
{
	char		 path[1100];
	const char	*base = strrchr(html, '/');
	void		*png = NULL;
	size_t		 len = 0;
	FILE		*pf;

	snprintf(path, sizeof(path), "%.*s-%s.png", (int)(strlen(html) - 5), html, suffix);
	if (chart_bars(bars, n, co, &png, &len) != APP_OK || (pf = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "report_bench: chart %s not written\n", suffix);
		free(png);
		return;
	}
	fwrite(png, 1, len, pf);
	fclose(pf);
	free(png);
	base = base ? base + 1 : html;
	fprintf(f, "<figure><img src=\"%.*s-%s.png\" style=\"width:%.0fpt\">",
	    (int)(strlen(base) - 5), base, suffix, co->width);
	if (caption != NULL)
		el(f, "figcaption", NULL, caption);
	fputs("</figure>\n", f);
}

static int
html(struct db *db, const struct cfg *cfg, const struct report_ctx *rc, const char *id,
    const char *file)
{
	const struct bank	*b;
	PGresult		*job = NULL, *a = NULL;
	struct report_answers	 ra = { 0 };
	enum score_phase	 primary;
	size_t			 weak = 0;
	int			 ps[SCORE_PHASE__MAX], ds[SCORE_DISC__MAX], rv = -1;
	char			 path[1024], by[512], created[32], done[32], today[32];
	char			 l1[64], l2[64], dl[SCORE_DISC__MAX][64], key[2] = { 0, 0 };
	char			 disc, disc2, buf[512], font[600], bold[600];
	const char		*conf = "confidenceLow", *ph;
	json_object		*o;
	struct chart_bar	 bars[SCORE_PHASE__MAX];
	struct chart_opts	 co;
	FILE			*f = NULL;

	snprintf(path, sizeof(path), "%s/reports/content.json", cfg->templates_dir);
	if ((content = json_object_from_file(path)) == NULL) {
		fprintf(stderr, "report_bench: cannot read %s\n", path);
		return -1;
	}
	if (strlen(file) < 6 || strcmp(file + strlen(file) - 5, ".html") != 0)
		usage();
	if (begin_tenant(db, id) != 0)
		goto out;
	if ((b = bank_get(db)) == NULL ||
	    (job = DB_Q(db, STMT_REPORT_JOB, id)) == NULL || PQntuples(job) != 1 ||
	    (a = DB_Q(db, STMT_ASM_GET, db_get(job, 0, 1), "")) == NULL ||
	    PQntuples(a) != 1 || db_null(a, 0, AC_PHASE_SCORES)) {
		fprintf(stderr, "report_bench: cannot read report %s\n", id);
		goto out;
	}
	/* The data, as load() in report.c reads it. */
	primary = score_phase_from_str(db_get(a, 0, AC_PHASE_PRIMARY));
	if (primary >= SCORE_PHASE__MAX)
		primary = SCORE_STABILIZE;
	ph = score_phase_name(primary);
	scores(db_get(a, 0, AC_PHASE_SCORES), pname, SCORE_PHASE__MAX, ps);
	scores(db_get(a, 0, AC_DISC_SCORES), dname, SCORE_DISC__MAX, ds);
	disc = db_null(a, 0, AC_DISC_PRIMARY) ? '\0' : db_get(a, 0, AC_DISC_PRIMARY)[0];
	disc2 = db_null(a, 0, AC_DISC_SECONDARY) ? '\0' : db_get(a, 0, AC_DISC_SECONDARY)[0];
	if ((o = json_tokener_parse(db_get(a, 0, AC_DISC_SCORES))) != NULL) {
		json_object *c;

		if (json_object_object_get_ex(o, "confidence", &c))
			conf = strcmp(json_object_get_string(c), "high") == 0 ? "confidenceHigh" :
			    strcmp(json_object_get_string(c), "medium") == 0 ?
			    "confidenceMedium" : "confidenceLow";
		json_object_put(o);
	}
	if (report_answers(rc, db, b, db_get(job, 0, 1), primary, &ra) != APP_OK) {
		fprintf(stderr, "report_bench: cannot read the answers of report %s\n", id);
		goto out;
	}

	snprintf(font, sizeof(font), "%s/DejaVuSans.ttf", cfg->font_dir);
	snprintf(bold, sizeof(bold), "%s/DejaVuSans-Bold.ttf", cfg->font_dir);
	if ((f = fopen(file, "w")) == NULL) {
		fprintf(stderr, "report_bench: cannot write %s\n", file);
		goto out;
	}
	/* Head: the house style of lib/pdf.c in CSS. */
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", f);
	esc(f, lbl("consultantReportTitle"));
	fputs(" — ", f);
	esc(f, db_get(a, 0, AC_BUSINESS));
	fprintf(f, "</title>\n<style>\n"
	    "@font-face{font-family:R;src:url(\"file://%s/DejaVuSans.ttf\");font-weight:400}\n"
	    "@font-face{font-family:R;src:url(\"file://%s/DejaVuSans-Bold.ttf\");font-weight:700}\n"
	    "@page{size:A4;margin:70pt 56.7pt 64pt}\n"
	    "body{font-family:R,sans-serif;font-size:10pt;line-height:1.45;color:#1f2933;margin:0}\n"
	    "h1{font-size:16pt;color:#0e4d64;border-bottom:1pt solid #0e4d64;"
	    "margin:18pt 0 8pt;break-after:avoid}\n"
	    "h1.title{font-size:26pt;border:0;margin:40pt 0 4pt}\n"
	    "p.sub{font-size:13pt;color:#5f6b76;border-bottom:1.5pt solid #0e4d64;padding-bottom:12pt}\n"
	    "h2{font-size:13pt;color:#0e4d64;margin:14pt 0 6pt;break-after:avoid}\n"
	    "h3{font-size:11pt;color:#0e4d64;margin:10pt 0 4pt;break-after:avoid}\n"
	    "p{margin:0 0 8pt}\n.note{font-size:8.5pt;color:#5f6b76}\n"
	    ".flagnote{font-size:8.5pt;color:#d9822b}\nul{margin:0 0 8pt;padding-left:14pt}\n"
	    "table{width:100%%;border-collapse:collapse;margin:0 0 12pt}\n"
	    "table.kv{line-height:1.35}\ntable.kv th{width:25%%;text-align:left;font-weight:400;"
	    "font-size:9.5pt;color:#5f6b76;vertical-align:top;padding:5pt 0}\n"
	    "table.kv td{font-size:10.5pt;padding:5pt 0}\n"
	    "table.kv tr+tr>*{border-top:.5pt solid #d5dbe0}\n"
	    "table.grid{font-size:9pt;line-height:1.35}\ntable.grid thead{display:table-header-group}\n"
	    "table.grid th{background:#0e4d64;color:#fff;text-align:left;padding:4.5pt 6pt}\n"
	    "table.grid td{padding:4.5pt 6pt;border-bottom:.5pt solid #d5dbe0;vertical-align:top}\n"
	    "table.grid tr{break-inside:avoid}\n.r{text-align:right}\n.c{text-align:center}\n"
	    "tr.sec td{background:#e3edf0;font-weight:700;color:#0e4d64}\n"
	    "tr.flag td{background:#fbeedf}\ntr.bold td{font-weight:700}\n"
	    ".callout{padding:10pt;margin:6pt 0 10pt;background:#e3edf0;"
	    "border-left:3pt solid #0e4d64;break-inside:avoid}\n"
	    ".callout.accent{background:#fbeedf;border-color:#d9822b}\n"
	    ".callout.neutral{background:#eef0f2;border-color:#5f6b76}\n"
	    ".callout b{display:block;margin-bottom:2pt}\n"
	    "figure{margin:6pt 0 10pt;text-align:center;break-inside:avoid}\n"
	    "figcaption{font-size:8pt;color:#5f6b76}\n.pb{break-before:page}\n"
	    "</style></head><body>\n", cfg->font_dir, cfg->font_dir);

	/* Cover, details and summary. */
	el(f, "h1", "title", lbl("consultantReportTitle"));
	snprintf(buf, sizeof(buf), "%s — %s", db_get(a, 0, AC_CLIENT_NAME), db_get(a, 0, AC_BUSINESS));
	el(f, "p", "sub", buf);
	fmt_date(created, (time_t)db_getll(a, 0, AC_CREATED));
	fmt_date(done, (time_t)db_getll(a, 0, AC_COMPLETED));
	fmt_date(today, time(NULL));
	snprintf(by, sizeof(by), "%s %s, %s", db_get(job, 0, 2), db_get(job, 0, 3), db_get(job, 0, 5));
	kv(f, (const char *const[]){ lbl("client"), db_get(a, 0, AC_CLIENT_NAME),
	    lbl("business"), db_get(a, 0, AC_BUSINESS),
	    lbl("industry"), db_null(a, 0, AC_INDUSTRY) ? lbl("notProvided") : db_get(a, 0, AC_INDUSTRY),
	    lbl("assessmentType"), lbl(strcmp(db_get(a, 0, AC_TYPE), "collaborative") == 0 ?
	    "assessmentTypeCollaborative" : "assessmentTypeSelfAdministered"),
	    lbl("assessmentDate"), created, lbl("completedOn"), done,
	    lbl("preparedBy"), by, lbl("reportDate"), today }, 16);
	el(f, "h2", NULL, lbl("summarySection"));
	style_label(disc, l1);
	kv(f, (const char *const[]){ lbl("primaryPhase"), ph, lbl("primaryStyle"), l1 }, 4);
	el(f, "p", NULL, ctext("phases", ph, "consultantSummary", NULL));
	callout(f, "accent", NULL, lbl("confidential"));

	/* DISC. */
	fputs("<div class=\"pb\"></div>\n", f);
	el(f, "h1", NULL, lbl("discSection"));
	if (disc == '\0')
		callout(f, "neutral", NULL, lbl("noDiscProfile"));
	else {
		for (int i = 0; i < SCORE_DISC__MAX; i++) {
			style_label(dname(i)[0], dl[i]);
			bars[i] = (struct chart_bar){ dl[i], ds[i], dname(i)[0] == disc };
		}
		memset(&co, 0, sizeof(co));
		co.width = 440;
		co.height = 160;
		co.font = font;
		co.font_bold = bold;
		chart(f, file, "disc", bars, SCORE_DISC__MAX, &co, lbl("discScores"));
		style_label(disc2, l2);
		kv(f, (const char *const[]){ lbl("primaryStyle"), l1, lbl("secondaryStyle"), l2,
		    lbl("confidence"), lbl(conf) }, 6);
		key[0] = disc;
		el(f, "p", NULL, ctext("disc", key, "consultantSummary", NULL));
		if (strcmp(conf, "confidenceLow") == 0)
			callout(f, "neutral", NULL, lbl("lowConfidenceNote"));
		el(f, "h3", NULL, lbl("leadWith"));
		list(f, "disc", key, "leadWith");
		el(f, "h3", NULL, lbl("avoid"));
		list(f, "disc", key, "avoid");
		callout(f, "info", lbl("meeting"), ctext("disc", key, "meeting", NULL));
		callout(f, "info", lbl("followUp"), ctext("disc", key, "followUp", NULL));
	}

	/* Phases. */
	el(f, "h1", NULL, lbl("phaseSection"));
	for (int i = 0; i < SCORE_PHASE__MAX; i++)
		bars[i] = (struct chart_bar){ pname(i), ps[i], i == (int)primary };
	memset(&co, 0, sizeof(co));
	co.width = 440;
	co.height = 200;
	co.threshold = (int)cfg->readiness_threshold;
	co.font = font;
	co.font_bold = bold;
	chart(f, file, "phases", bars, SCORE_PHASE__MAX, &co, NULL);
	fputs("<p><b>", f);
	esc(f, lbl("primaryPhase"));
	fputs(": </b>", f);
	snprintf(buf, sizeof(buf), "%s — %s", ph, ctext("phases", ph, "tagline", NULL));
	esc(f, buf);
	fputs("</p>\n", f);
	el(f, "p", NULL, ctext("phases", ph, "consultantSummary", NULL));
	el(f, "p", "note", lbl("phaseRuleNote"));
	el(f, "h3", NULL, lbl("focusAreas"));
	list(f, "phases", ph, "focus");

	/* Answers. */
	el(f, "h1", NULL, lbl("answersSection"));
	fputs("<table class=\"grid\"><colgroup><col style=\"width:50%\"><col style=\"width:37.5%\">"
	    "<col style=\"width:12.5%\"></colgroup><thead><tr>", f);
	el(f, "th", NULL, lbl("question"));
	el(f, "th", NULL, lbl("answer"));
	el(f, "th", "r", lbl("points"));
	fputs("</tr></thead><tbody>\n", f);
	for (int p = 0; p < SCORE_PHASE__MAX; p++) {
		snprintf(buf, sizeof(buf), "%s — %s %d / 100", pname(p), lbl("score"), ps[p]);
		fputs("<tr class=\"sec\"><td colspan=\"3\">", f);
		esc(f, buf);
		fputs("</td></tr>\n", f);
		for (size_t i = 0; i < ra.nans; i++) {
			const struct report_answer *h = &ra.ans[i];
			int w = h->answered && h->ratio <= REPORT_WEAK_RATIO;

			if ((int)h->q->phase != p)
				continue;
			weak += (size_t)w;
			fprintf(f, "<tr%s>", w ? " class=\"flag\"" : "");
			el(f, "td", NULL, h->q->text);
			el(f, "td", NULL, h->answered ? h->text : lbl("notAnswered"));
			snprintf(buf, sizeof(buf), "%d %s %d", h->points, lbl("outOf"), h->max);
			el(f, "td", "r", buf);
			fputs("</tr>\n", f);
		}
	}
	fputs("</tbody></table>\n", f);
	el(f, "p", "flagnote", lbl("weakArea"));
	el(f, "h2", NULL, lbl("weakAreasSection"));
	if (weak == 0)
		el(f, "p", NULL, lbl("noWeakAreas"));
	else {
		fputs("<ul>\n", f);
		for (size_t i = 0; i < ra.nans; i++)
			if (ra.ans[i].answered && ra.ans[i].ratio <= REPORT_WEAK_RATIO)
				el(f, "li", NULL, ra.ans[i].q->text);
		fputs("</ul>\n", f);
	}

	/* Action plan, notes. */
	el(f, "h1", NULL, lbl("actionPlanSection"));
	if (ra.nplan == 0)
		el(f, "p", NULL, lbl("noWeakAreas"));
	else {
		fputs("<table class=\"grid\"><colgroup><col style=\"width:27%\"><col style=\"width:49%\">"
		    "<col style=\"width:12%\"><col style=\"width:12%\"></colgroup><thead><tr>", f);
		el(f, "th", NULL, lbl("action"));
		el(f, "th", NULL, lbl("recommendation"));
		el(f, "th", "c", lbl("quickWin"));
		el(f, "th", "c", lbl("effort"));
		fputs("</tr></thead><tbody>\n", f);
		for (size_t i = 0; i < ra.nplan; i++) {
			const struct report_answer *h = ra.plan[i];
			const char *e = act(h, "effort");

			fprintf(f, "<tr%s>", quick(h) ? " class=\"bold\"" : "");
			snprintf(buf, sizeof(buf), "%zu. %s", i + 1, act(h, "title"));
			el(f, "td", NULL, buf);
			el(f, "td", NULL, act(h, "consultant"));
			el(f, "td", "c", lbl(quick(h) ? "yes" : "no"));
			el(f, "td", "c", lbl(strcmp(e, "low") == 0 ? "effortLow" :
			    strcmp(e, "high") == 0 ? "effortHigh" : "effortMedium"));
			fputs("</tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}
	el(f, "h2", NULL, lbl("focusAreas"));
	list(f, "phases", ph, "focus");
	el(f, "h1", NULL, lbl("notesSection"));
	el(f, "p", NULL, db_null(a, 0, AC_NOTES) || *db_get(a, 0, AC_NOTES) == '\0' ?
	    lbl("noNotes") : db_get(a, 0, AC_NOTES));
	fputs("</body></html>\n", f);
	rv = 0;
out:
	if (f != NULL && fclose(f) != 0)
		rv = -1;
	db_rollback(db);
	report_answers_free(&ra);
	PQclear(a);
	PQclear(job);
	json_object_put(content);
	return rv;
}

static volatile sig_atomic_t	run_pid;

static void
on_alarm(int sig)
{
	(void)sig;
	if (run_pid > 0) {
		kill(-run_pid, SIGKILL);
		kill(run_pid, SIGKILL);	/* before its setsid() */
	}
}

/* -X: runs argv[0...] as the leader of a new session; see the top. */
static int
run_timed(int secs, char *argv[])
{
	struct rusage	ru;
	int64_t		t0, t1;
	pid_t		pid;
	int		st = 0;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
		perror("report_bench: prctl");
		return 1;
	}
	/* Time out, or we are interrupted: the whole session goes. */
	signal(SIGALRM, on_alarm);
	signal(SIGINT, on_alarm);
	signal(SIGTERM, on_alarm);
	signal(SIGHUP, on_alarm);
	t0 = util_now_us();
	if ((pid = fork()) == -1) {
		perror("report_bench: fork");
		return 1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		/* Only our line on standard output. */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		setsid();
		execvp(argv[0], argv);
		perror("report_bench: exec");
		_exit(127);
	}
	run_pid = pid;
	alarm((unsigned)secs);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	t1 = util_now_us();
	alarm(0);
	/* Leftovers of its session, then every descendant reparented here. */
	kill(-pid, SIGKILL);
	while (wait(NULL) != -1 || errno == EINTR)
		;
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("wall_ms=%.1f cpu_ms=%.1f status=%d\n", (double)(t1 - t0) / 1000.0,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0,
	    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int
main(int argc, char *argv[])
{
	struct cfg		 cfg;
	struct db		*db = NULL;
	struct report_ctx	*rc = NULL;
	const char		*outdir = NULL, *htmlfile = NULL;
	char			 err[512];
	int			 ch, n = 100, warm = 3, status = 1;

	if (argc >= 4 && strcmp(argv[1], "-X") == 0)
		return run_timed(atoi(argv[2]) > 0 ? atoi(argv[2]) : 60, argv + 3);
	while ((ch = getopt(argc, argv, "H:n:o:w:")) != -1)
		switch (ch) {
		case 'H': htmlfile = optarg; break;
		case 'n': n = atoi(optarg); break;
		case 'o': outdir = optarg; break;
		case 'w': warm = atoi(optarg); break;
		default: usage();
		}
	argc -= optind;
	argv += optind;
	if (argc < 1 || n < 1 || warm < 0 || (htmlfile != NULL && argc != 1))
		usage();
	memset(&cfg, 0, sizeof(cfg));
	if (cfg_load(&cfg, NULL, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "report_bench: %s\n", err);
		goto out;
	}
	log_init("report_bench", cfg.log_level);
	if (report_init(&rc, &cfg, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "report_bench: %s\n", err);
		goto out;
	}
	if (db_open(&db, &cfg, false) != APP_OK) {
		fprintf(stderr, "report_bench: cannot connect to the database\n");
		goto out;
	}
	if (htmlfile != NULL)
		status = html(db, &cfg, rc, argv[0], htmlfile) != 0;
	else {
		status = 0;
		for (int i = 0; i < argc && status == 0; i++)
			status = bench(db, rc, argv[i], n, warm, outdir) != 0;
	}
out:
	report_free(rc);
	db_close(db);
	cfg_free(&cfg);
	return status;
}
