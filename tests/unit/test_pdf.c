/*
 * test_pdf.c: CUnit suite for lib/pdf (layout writer) and lib/chart.
 *
 * The document tests render a multi-page PDF, write it to a temporary
 * file and read it back with poppler-utils (pdftotext, pdfinfo), which
 * scripts/deps.sh installs: the text must come back, including names in
 * Latin, Greek and Cyrillic, characters the fonts cannot show must come
 * back as U+FFFD, and poppler must not complain about the file.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "chart.h"
#include "pdf.h"

void	suite_pdf(void);

#define NAME	"Zo\xc3\xab \xc5\x81ukasiewicz-Stra\xc3\x9f" "e " \
		"\xce\xa9mega \xd0\x96\xd0\xb0\xd0\xbd\xd0\xbd\xd0\xb0"
#define FFFD	"\xef\xbf\xbd"
#define HAN	"\xe6\xbc\xa2"			/* U+6F22, not in DejaVu */
#define EMOJI	"\xf0\x9f\x98\x80"		/* U+1F600, not in the BMP */

static void	check_at(int, bool, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Record one assertion at a table row's line, as in test_score.c. */
static void
check_at(int line, bool ok, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;

	if (ok) {
		CU_assertImplementation(CU_TRUE, (unsigned int)line, "ok",
		    __FILE__, "", CU_FALSE);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	CU_assertImplementation(CU_FALSE, (unsigned int)line, buf,
	    __FILE__, "", CU_FALSE);
}

/* The colour type of a PNG's IHDR, or -1 if it is not a PNG. */
static int
png_color_type(const void *png, size_t len, unsigned *w, unsigned *h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	const unsigned char *b = png;

	if (png == NULL || len < 33 || memcmp(b, sig, 8) != 0 ||
	    memcmp(b + 12, "IHDR", 4) != 0)
		return -1;
	*w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 |
	    (unsigned)b[18] << 8 | b[19];
	*h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 |
	    (unsigned)b[22] << 8 | b[23];
	return b[25];
}

/* Write buf to a new temporary file; its name goes to path. */
static bool
tmp_write(char *path, size_t sz, const void *buf, size_t len)
{
	FILE	*f;
	int	 fd;
	bool	 ok;

	snprintf(path, sz, "%s/rise-test-pdf-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if ((fd = mkstemp(path)) == -1)
		return false;
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(path);
		return false;
	}
	ok = fwrite(buf, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		unlink(path);
	return ok;
}

/*
 * Run a command and return its output (stdout and stderr) as a malloc'd
 * string (caller frees), or NULL.
 */
static char *
run(const char *cmd)
{
	FILE	*f;
	char	*out = NULL, *nb;
	size_t	 len = 0, cap = 0, n;

	if ((f = popen(cmd, "r")) == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(out, cap + 1)) == NULL)
				break;
			out = nb;
		}
		if ((n = fread(out + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (pclose(f) != 0 || out == NULL) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	return out;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_charts(void)
{
	struct chart_bar	 disc[4] = {
		{ "D", 78, true }, { "I", 55, false },
		{ "S", 34, false }, { "C", 61, false } };
	struct chart_bar	 ph[5] = {
		{ "Stabilize", 82, false }, { "Organize", 64, true },
		{ "Build", 51, false }, { "Grow", 38, false },
		{ "Systemic", 45, false } };
	const char		*steps[5] = { "Stabilize", "Organize",
	    "Build", "Grow", "Systemic" };
	struct chart_opts	 o;
	void			*png = NULL;
	size_t			 len = 0;
	unsigned		 w, h;

	memset(&o, 0, sizeof(o));
	CU_ASSERT_EQUAL_FATAL(chart_bars(disc, 4, NULL, &png, &len), APP_OK);
	CU_ASSERT_EQUAL(png_color_type(png, len, &w, &h), 3);
	CU_ASSERT_EQUAL(w, 880);	/* 440 pt at the default scale 2 */
	CU_ASSERT_EQUAL(h, 440);
	free(png);

	o.width = 300;
	o.height = 150;
	o.scale = 3;
	o.threshold = 70;
	o.threshold_label = "Target 70";
	CU_ASSERT_EQUAL_FATAL(chart_bars(ph, 5, &o, &png, &len), APP_OK);
	CU_ASSERT_EQUAL(png_color_type(png, len, &w, &h), 3);
	CU_ASSERT_EQUAL(w, 900);
	CU_ASSERT_EQUAL(h, 450);
	free(png);

	CU_ASSERT_EQUAL_FATAL(chart_roadmap(steps, 5, 2, NULL, &png, &len),
	    APP_OK);
	CU_ASSERT_EQUAL(png_color_type(png, len, &w, &h), 3);
	free(png);

	/* Bad arguments leave *png NULL. */
	png = (void *)1;
	CU_ASSERT_EQUAL(chart_bars(disc, 0, NULL, &png, &len),
	    APP_ERR_INVALID);
	CU_ASSERT_PTR_NULL(png);
	CU_ASSERT_EQUAL(chart_bars(NULL, 4, NULL, &png, &len),
	    APP_ERR_INVALID);
	CU_ASSERT_EQUAL(chart_roadmap(steps, 5, 5, NULL, &png, &len),
	    APP_ERR_INVALID);
	CU_ASSERT_EQUAL(chart_roadmap(steps, 1, 0, NULL, &png, &len),
	    APP_ERR_INVALID);
	o.scale = 50;
	CU_ASSERT_EQUAL(chart_bars(disc, 4, &o, &png, &len),
	    APP_ERR_INVALID);
	memset(&o, 0, sizeof(o));
	o.font = "/nonexistent/font.ttf";
	CU_ASSERT_EQUAL(chart_bars(disc, 4, &o, &png, &len),
	    APP_ERR_CONFIG);
	CU_ASSERT_PTR_NULL(png);
}

static void
test_sanitize(void)
{
	static const struct {
		int		 line;
		const char	*in;
		const char	*out;
	} t[] = {
		{ __LINE__, "", "" },
		{ __LINE__, NAME, NAME },
		{ __LINE__, "caf\xc3\xa9 \xe2\x82\xac 5 \xe2\x9c\x93",
		    "caf\xc3\xa9 \xe2\x82\xac 5 \xe2\x9c\x93" },
		{ __LINE__, HAN, FFFD },
		{ __LINE__, EMOJI, FFFD },
		{ __LINE__, "\xd7\xa9", FFFD },		/* Hebrew: RTL */
		{ __LINE__, "a\xff" "b", "a" FFFD "b" },
		{ __LINE__, "\xc0\xaf", FFFD FFFD },	/* overlong */
		{ __LINE__, "\xed\xa0\x80", FFFD FFFD FFFD },	/* surrogate */
		{ __LINE__, "x\xe2\x82", "x" FFFD },	/* truncated */
		{ __LINE__, "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD },
		{ __LINE__, "a\tb", "a b" },
		{ __LINE__, "a\r\nb\rc\nd", "a\nb\nc\nd" },
		{ __LINE__, "a\xe2\x80\xa8" "b", "a\nb" },	/* U+2028 */
		{ __LINE__, "a\x01" "b\x7f", "a" FFFD "b" FFFD },
		{ __LINE__, "\xc2\x85", "\n" },			/* NEL */
		{ __LINE__, "\xc2\x9b", FFFD },			/* C1 */
		{ __LINE__, "co\xc2\xad" "op", "coop" },	/* soft hyphen */
		{ __LINE__, "a\xe2\x80\x8b" "b\xef\xbb\xbf", "ab" },
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < NELEM(t); i++) {
		s = pdf_sanitize(t[i].in);
		check_at(t[i].line, s != NULL && strcmp(s, t[i].out) == 0,
		    "pdf_sanitize: got \"%s\", want \"%s\"", s ? s : "(null)",
		    t[i].out);
		free(s);
	}
	CU_ASSERT(pdf_text_width("iii", 10, false) <
	    pdf_text_width("MMM", 10, false));
	CU_ASSERT(pdf_text_width("Organize", 10, false) <
	    pdf_text_width("Organize", 10, true));
	CU_ASSERT_DOUBLE_EQUAL(pdf_text_width("M", 20, false),
	    2 * pdf_text_width("M", 10, false), 0.001);
}

/* A document that must render: returns its bytes (caller frees). */
static void *
build_report(size_t *len, size_t *pages)
{
	static const struct pdf_column	 cols[3] = {
		{ "Question", 5, PDF_ALIGN_LEFT },
		{ "Answer", 3, PDF_ALIGN_LEFT },
		{ "Score", 1, PDF_ALIGN_RIGHT },
	};
	struct chart_bar	 disc[4] = {
		{ "Dominance", 78, true }, { "Influence", 55, false },
		{ "Steadiness", 34, false }, { "Compliance", 61, false } };
	const char		*steps[5] = { "Stabilize", "Organize",
	    "Build", "Grow", "Systemic" };
	const char		*items[3] = { "First step.",
	    "A second, longer step that wraps onto a second line because "
	    "it keeps going and going for a while.", "Done." };
	struct pdf_kv		 kv[3] = {
		{ "Client", NAME }, { "Business", "Caf\xc3\xa9 " HAN " Ltd" },
		{ "Consultant", "Jordan Ellis" } };
	struct pdf_run		 runs[3] = {
		{ "Primary phase: ", false }, { "Organize", true },
		{ ", explained.", false } };
	struct pdf_opts		 o;
	struct pdf_style	 st;
	struct pdf_image	 im;
	struct pdf		*p = NULL;
	char			 q[160], sc[16], *tall = NULL;
	const char		*row[3];
	void			*png = NULL, *out = NULL;
	size_t			 plen, i;

	memset(&o, 0, sizeof(o));
	o.title = "Report for " NAME;
	o.author = "RISE " HAN;
	o.header_left = "Financial RISE";
	o.header_right = NAME;
	o.footer_left = "Confidential";
	o.cover = true;
	CU_ASSERT_EQUAL_FATAL(pdf_open(&p, &o), APP_OK);

	CU_ASSERT_EQUAL(pdf_title(p, "Assessment", NAME), APP_OK);
	CU_ASSERT_EQUAL(pdf_keyvalue(p, kv, 3), APP_OK);
	CU_ASSERT_EQUAL(pdf_page_break(p), APP_OK);
	CU_ASSERT_EQUAL(pdf_page_count(p), 2);
	CU_ASSERT_EQUAL(pdf_page_break(p), APP_OK);	/* empty: no-op */
	CU_ASSERT_EQUAL(pdf_page_count(p), 2);

	CU_ASSERT_EQUAL(pdf_heading(p, 1, "DISC profile"), APP_OK);
	CU_ASSERT_EQUAL_FATAL(chart_bars(disc, 4, NULL, &png, &plen), APP_OK);
	memset(&im, 0, sizeof(im));
	im.png = png;
	im.len = plen;
	im.width = 400;
	im.caption = "Figure 1";
	CU_ASSERT_EQUAL(pdf_image(p, &im), APP_OK);
	free(png);
	CU_ASSERT_EQUAL(pdf_paragraph(p, "Uncovered: " HAN " and " EMOJI
	    "; invalid: \xff\xfe; control: \x01."), APP_OK);
	CU_ASSERT_EQUAL(pdf_callout(p, PDF_TONE_INFO, "How to communicate",
	    "Be direct.\nBe brief."), APP_OK);
	CU_ASSERT_EQUAL(pdf_list(p, items, 3, PDF_LIST_NUMBER), APP_OK);
	CU_ASSERT_EQUAL(pdf_list(p, items, 3, PDF_LIST_BULLET), APP_OK);
	CU_ASSERT_EQUAL(pdf_runs(p, runs, 3, NULL), APP_OK);
	memset(&st, 0, sizeof(st));
	st.size = 8;
	st.color = PDF_RGB(PDF_MUTED);
	st.align = PDF_ALIGN_RIGHT;
	CU_ASSERT_EQUAL(pdf_text(p, "Small grey right-aligned text.", &st),
	    APP_OK);
	st.align = PDF_ALIGN__MAX;
	CU_ASSERT_EQUAL(pdf_text(p, "bad", &st), APP_ERR_INVALID);
	CU_ASSERT_EQUAL(pdf_rule(p), APP_OK);
	CU_ASSERT_EQUAL(pdf_space(p, 12), APP_OK);
	CU_ASSERT_EQUAL(pdf_keep(p, 120), APP_OK);

	CU_ASSERT_EQUAL(pdf_heading(p, 2, "Roadmap"), APP_OK);
	CU_ASSERT_EQUAL_FATAL(chart_roadmap(steps, 5, 1, NULL, &png, &plen),
	    APP_OK);
	im.png = png;
	im.len = plen;
	im.caption = NULL;
	im.verify = true;
	CU_ASSERT_EQUAL(pdf_image(p, &im), APP_OK);
	free(png);

	/* 120 rows flow over several pages; row 60 is taller than a page. */
	CU_ASSERT_EQUAL(pdf_heading(p, 1, "Answers"), APP_OK);
	CU_ASSERT_EQUAL(pdf_table_begin(p, cols, 3), APP_OK);
	row[0] = "Stabilize \xe2\x80\x94 score 82";
	row[1] = row[2] = NULL;
	CU_ASSERT_EQUAL(pdf_table_row(p, row, PDF_ROW_SECTION), APP_OK);
	if ((tall = malloc(1500 * 6 + 1)) != NULL) {
		for (i = 0; i < 1500; i++)
			snprintf(tall + 6 * i, 7, "w%04zu ", i + 1);
	}
	for (i = 0; i < 120; i++) {
		snprintf(q, sizeof(q), "Row %zu: do you reconcile the "
		    "accounts of %s every month?", i + 1, NAME);
		snprintf(sc, sizeof(sc), "%zu", i % 101);
		row[0] = q;
		row[1] = i == 59 && tall != NULL ? tall : "Sometimes";
		row[2] = sc;
		CU_ASSERT_EQUAL(pdf_table_row(p, row, i % 7 == 0 ?
		    PDF_ROW_FLAG : i % 11 == 0 ? PDF_ROW_BOLD : 0), APP_OK);
	}
	free(tall);
	CU_ASSERT_EQUAL(pdf_table_end(p), APP_OK);
	CU_ASSERT_EQUAL(pdf_heading(p, 1, "Notes"), APP_OK);
	CU_ASSERT_EQUAL(pdf_paragraph(p, "The end."), APP_OK);
	*pages = pdf_page_count(p);
	if (pdf_finish(p, &out, len) != APP_OK) {
		CU_FAIL("pdf_finish");
		out = NULL;
	}
	pdf_free(p);
	return out;
}

static void
test_document(void)
{
	char	 path[512], cmd[1024], want[64], *txt = NULL, *info = NULL;
	void	*buf;
	size_t	 len = 0, pages = 0, i;
	long	 n = -1;
	char	*at;

	buf = build_report(&len, &pages);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT(len > 1000 && memcmp(buf, "%PDF-", 5) == 0);
	CU_ASSERT(pages > 4);
	if (!tmp_write(path, sizeof(path), buf, len)) {
		free(buf);
		CU_FAIL_FATAL("cannot write a temporary file");
	}
	free(buf);

	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' - 2>&1", path);
	txt = run(cmd);
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s' 2>&1", path);
	info = run(cmd);
	unlink(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(txt);
	CU_ASSERT_PTR_NOT_NULL_FATAL(info);

	/* Names come back; what no font covers shows as U+FFFD. */
	CU_ASSERT(count(txt, NAME) >= pages);	/* header, cover, rows */
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "Uncovered: " FFFD " and " FFFD
	    "; invalid: " FFFD FFFD "; control: " FFFD "."));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "Caf\xc3\xa9 " FFFD " Ltd"));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "Primary phase: Organize, "
	    "explained."));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "Small grey right-aligned text."));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "Stabilize \xe2\x80\x94 score 82"));
	CU_ASSERT_PTR_NULL(strstr(txt, HAN));
	CU_ASSERT_PTR_NULL(strstr(txt, EMOJI));
	/* poppler found nothing to complain about (e.g. the ToUnicode). */
	CU_ASSERT_PTR_NULL(strstr(txt, "Syntax"));
	CU_ASSERT_PTR_NULL(strstr(info, "Syntax"));
	CU_ASSERT_PTR_NULL(strstr(txt, "Error"));

	/* Every row, and every word of the tall cell, is there once. */
	for (i = 1; i <= 120; i++) {
		snprintf(want, sizeof(want), "Row %zu:", i);
		check_at(__LINE__, count(txt, want) == 1, "%s found %zu times",
		    want, count(txt, want));
	}
	for (i = 1; i <= 1500; i += 7) {
		snprintf(want, sizeof(want), "w%04zu", i);
		check_at(__LINE__, count(txt, want) == 1, "%s found %zu times",
		    want, count(txt, want));
	}
	/* The header row repeats on each page of the table. */
	CU_ASSERT(count(txt, "Question") >= 3);

	/* Page numbers on every page but the cover; pdfinfo agrees. */
	snprintf(want, sizeof(want), "Page %zu of %zu", pages, pages);
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, want));
	snprintf(want, sizeof(want), "Page 1 of %zu", pages);
	CU_ASSERT_PTR_NULL(strstr(txt, want));
	if ((at = strstr(info, "\nPages:")) != NULL)
		n = strtol(at + 7, NULL, 10);
	CU_ASSERT_EQUAL(n, (long)pages);
	CU_ASSERT_PTR_NOT_NULL(strstr(info, "Title:           Report for "
	    NAME));
	free(txt);
	free(info);
}

static void
test_errors(void)
{
	static const unsigned char	 junk[64] = { 0x89, 'P', 'N', 'G' };
	struct pdf_opts		 o;
	struct pdf_image	 im;
	struct pdf_column	 col = { "A", 1, PDF_ALIGN_LEFT };
	struct chart_bar	 bar = { "A", 50, false };
	struct pdf		*p = NULL;
	const char		*cells[1] = { "x" };
	unsigned char		*png = NULL;
	void			*buf = NULL;
	size_t			 len = 0, plen = 0;

	pdf_free(NULL);
	CU_ASSERT_EQUAL(pdf_open(NULL, NULL), APP_ERR_INVALID);
	memset(&o, 0, sizeof(o));
	o.font_bold = "/nonexistent/bold.ttf";
	CU_ASSERT_EQUAL(pdf_open(&p, &o), APP_ERR_CONFIG);
	CU_ASSERT_PTR_NULL(p);
	o.font_bold = NULL;
	o.margin_left = 500;
	CU_ASSERT_EQUAL(pdf_open(&p, &o), APP_ERR_INVALID);

	/* Misuse is refused, and the document stays usable. */
	o.margin_left = 0;
	o.paper = PDF_PAPER_LETTER;
	CU_ASSERT_EQUAL_FATAL(pdf_open(&p, &o), APP_OK);
	CU_ASSERT_EQUAL(pdf_table_row(p, cells, 0), APP_ERR_INVALID);
	CU_ASSERT_EQUAL(pdf_table_end(p), APP_ERR_INVALID);
	CU_ASSERT_EQUAL(pdf_table_begin(p, &col, 0), APP_ERR_INVALID);
	CU_ASSERT_EQUAL(pdf_heading(p, 7, NULL), APP_OK);
	CU_ASSERT_EQUAL(pdf_list(p, NULL, 2, PDF_LIST_BULLET),
	    APP_ERR_INVALID);

	memset(&im, 0, sizeof(im));
	im.png = junk;
	im.len = sizeof(junk);
	CU_ASSERT_EQUAL(pdf_image(p, &im), APP_ERR_INVALID);
	CU_ASSERT_EQUAL(chart_bars(&bar, 1, NULL, (void **)&png, &plen),
	    APP_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(png);
	/* A damaged chunk fails its CRC... */
	png[plen / 2] ^= 0x55;
	im.png = png;
	im.len = plen;
	CU_ASSERT_EQUAL(pdf_image(p, &im), APP_ERR_INVALID);
	CU_ASSERT_EQUAL(pdf_image(p, NULL), APP_ERR_INVALID);
	free(png);

	CU_ASSERT_EQUAL(pdf_paragraph(p, "Still fine."), APP_OK);
	CU_ASSERT_EQUAL(pdf_finish(p, &buf, &len), APP_OK);
	CU_ASSERT(len > 0);
	free(buf);
	/* Once finished, nothing more. */
	CU_ASSERT_EQUAL(pdf_finish(p, &buf, &len), APP_ERR_INVALID);
	CU_ASSERT_PTR_NULL(buf);
	CU_ASSERT_EQUAL(pdf_paragraph(p, "late"), APP_ERR_INVALID);
	pdf_free(p);
}

static int
suite_clean(void)
{
	pdf_cache_free();
	chart_cache_free();
	return 0;
}

void
suite_pdf(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "chart_bars and chart_roadmap", test_charts },
		{ "pdf_sanitize and pdf_text_width", test_sanitize },
		{ "pdf document read back by poppler", test_document },
		{ "pdf errors and misuse", test_errors },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("pdf", NULL, suite_clean)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
