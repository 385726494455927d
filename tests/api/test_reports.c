/*
 * Suite "reports": PDF reports of completed assessments.
 *
 *	POST /v1/reports/:assessmentId/generate	queue a report (10/min/user)
 *	GET  /v1/reports/:reportId		its state, a signed link once ready
 *	GET  /v1/reports/:reportId/download	the PDF, by bearer or signed link
 *
 * The stack (scripts/test-api.sh) runs two report workers whose pids are in
 * $RISE_TEST_WORKER_PIDS, with RISE_REPORTS_LEASE_SECONDS=3 (a job whose
 * worker died is taken again after 3 s) and RISE_REPORTS_LINK_SECONDS=5
 * (a download link works for 5 s).  Some tests stop the workers for a
 * moment (SIGSTOP) to see a report still processing, and always let them
 * go on again (SIGCONT), even if the test fails or this process crashes.
 * test_crash_retry kills one worker, so it runs last and no other test
 * needs more than one live worker.
 *
 * The PDFs are read with poppler-utils (pdftotext -layout, white space
 * squeezed; pdfinfo).  The name of a DISC style comes from
 * templates/reports/content.json (disc.<letter>.name) when that file
 * names it (otherwise the consultant report must carry the "(D)"-style
 * label), and where the file has them, the labels that show the primary
 * phase and style (labels.primaryPhase, primaryStyle, whereYouAre) must
 * be followed by the right one.
 *
 * Answer sets: profiles A, B and C (t_prof_a, t_prof_b, t_prof_c of
 * client.h; hand-computed in test_responses.c against the seeded bank and
 * docs/scoring.md).
 */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SIG_LEN		43		/* download link sig, base64url */
#define READY_WAIT	30		/* seconds a report may take */
#define RPT_LIMIT	10		/* generate requests per minute */
#define CONTENT_JSON	"templates/reports/content.json"
#define MAX_WORKERS	16

/* --- small things ---------------------------------------------------- */

static double
mono_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds a download link works in this stack. */
static long
link_seconds(void)
{
	const char	*s = getenv("RISE_REPORTS_LINK_SECONDS");
	long		 n;

	if (s == NULL || (n = strtol(s, NULL, 10)) <= 0)
		return 5;
	return n;
}

/* --- the report workers ---------------------------------------------- */

static pid_t			 wk_stopped[MAX_WORKERS];
static volatile sig_atomic_t	 wk_nstopped;
static pid_t			 wk_killed[MAX_WORKERS];
static int			 wk_nkilled;
static int			 wk_guarded;

/* The state letter of /proc/<pid>/stat, 0 if there is no such process. */
static char
proc_state(pid_t pid)
{
	char	 path[64], buf[512], *p;
	FILE	*f;
	size_t	 n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] != ' ')
		return 0;
	return p[2];
}

/* Let every worker we stopped go on.  Async-signal-safe. */
static void
workers_cont(void)
{
	sig_atomic_t	 i;

	for (i = 0; i < wk_nstopped; i++)
		kill(wk_stopped[i], SIGCONT);
	wk_nstopped = 0;
}

/*
 * A crash or an interrupt must not leave the workers stopped (the stack's
 * teardown would wait for them forever).  The handler lets them go on and
 * hands the signal to whoever had it before (a sanitizer, say).
 */
static const int		 wk_sigs[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGINT, SIGTERM, SIGHUP,
};
static struct sigaction		 wk_old[NELEM(wk_sigs)];

static void
on_fatal(int sig)
{
	size_t	 i;

	workers_cont();
	for (i = 0; i < NELEM(wk_sigs); i++)
		if (wk_sigs[i] == sig)
			sigaction(sig, &wk_old[i], NULL);
	/* A fault happens again on return; the others we raise. */
	if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE && sig != SIGILL)
		raise(sig);
}

static void
guard_workers(void)
{
	struct sigaction	 sa;
	size_t			 i;

	if (wk_guarded)
		return;
	wk_guarded = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NELEM(wk_sigs); i++)
		sigaction(wk_sigs[i], &sa, &wk_old[i]);
	atexit(workers_cont);
}

/*
 * The live workers of $RISE_TEST_WORKER_PIDS (not dead, not a zombie,
 * not killed by us) into pids.  Returns how many.
 */
static int
workers_live(pid_t *pids, int max)
{
	const char	*env = getenv("RISE_TEST_WORKER_PIDS");
	char		*end;
	long		 v;
	int		 n = 0, i, killed;
	char		 st;

	while (env != NULL && *env != '\0' && n < max) {
		if (isspace((unsigned char)*env)) {
			env++;
			continue;
		}
		v = strtol(env, &end, 10);
		if (end == env)
			break;
		env = end;
		for (killed = 0, i = 0; i < wk_nkilled; i++)
			killed |= wk_killed[i] == (pid_t)v;
		st = v > 1 ? proc_state((pid_t)v) : 0;
		if (!killed && st != 0 && st != 'Z' && st != 'X')
			pids[n++] = (pid_t)v;
	}
	return n;
}

/*
 * SIGSTOP every live worker and wait until each is stopped, so that no
 * job queued from now on is taken.  Returns how many, or -1 after
 * recording a failure (none live, or one would not stop).
 */
static int
workers_stop_at(const char *file, int line)
{
	pid_t	 pids[MAX_WORKERS];
	int	 n, i, k;
	char	 st;

	guard_workers();
	workers_cont();
	n = workers_live(pids, MAX_WORKERS);
	if (!t_check(n > 0, NULL, file, line, "a live report worker in "
	    "RISE_TEST_WORKER_PIDS (\"%s\")",
	    getenv("RISE_TEST_WORKER_PIDS") ? getenv("RISE_TEST_WORKER_PIDS") :
	    "(unset)"))
		return -1;
	for (i = 0; i < n; i++) {
		wk_stopped[wk_nstopped] = pids[i];
		wk_nstopped = wk_nstopped + 1;
		if (kill(pids[i], SIGSTOP) == -1) {
			t_check(0, NULL, file, line, "SIGSTOP worker %ld: %s",
			    (long)pids[i], strerror(errno));
			workers_cont();
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < 200; k++) {
			st = proc_state(pids[i]);
			if (st == 'T' || st == 't')
				break;
			t_msleep(10);
		}
		if (!t_check(st == 'T' || st == 't', NULL, file, line,
		    "worker %ld stopped (state %c)", (long)pids[i],
		    st ? st : '?')) {
			workers_cont();
			return -1;
		}
	}
	return n;
}
#define WORKERS_STOP()	workers_stop_at(__FILE__, __LINE__)

/*
 * SIGKILL worker pid (one we stopped) and wait until it is gone (a
 * zombie until test-api.sh reaps it).  Returns 0 or -1 (failure recorded).
 */
static int
worker_kill_at(pid_t pid, const char *file, int line)
{
	sig_atomic_t	 i, j;
	char		 st = 0;
	int		 k;

	if (!t_check(kill(pid, SIGKILL) == 0, NULL, file, line,
	    "SIGKILL worker %ld: %s", (long)pid, strerror(errno)))
		return -1;
	if (wk_nkilled < MAX_WORKERS)
		wk_killed[wk_nkilled++] = pid;
	/* No SIGCONT for it later. */
	for (i = j = 0; i < wk_nstopped; i++)
		if (wk_stopped[i] != pid)
			wk_stopped[j++] = wk_stopped[i];
	wk_nstopped = j;
	for (k = 0; k < 200; k++) {
		st = proc_state(pid);
		if (st == 0 || st == 'Z' || st == 'X')
			break;
		t_msleep(10);
	}
	return t_check(st == 0 || st == 'Z' || st == 'X', NULL, file, line,
	    "worker %ld died (state %c)", (long)pid, st) ? 0 : -1;
}

/* --- assessments ----------------------------------------------------- */

/*
 * A new self-administered assessment of u for client and business; id
 * and link token into a.  Returns 0, or -1 after recording a failure.
 */
static int
asm_new_at(const struct tuser *u, const char *client, const char *business,
    struct tasm *a, const char *file, int line)
{

	return t_asm_new_at(u, a, file, line,
	    "{\"clientName\":%s,\"clientEmail\":\"client@example.com\","
	    "\"businessName\":%s,\"industry\":\"Retail\","
	    "\"assessmentType\":\"self-administered\"}", t_q(client),
	    t_q(business));
}
#define ASM_NEW(u, client, business, a) \
	asm_new_at((u), (client), (business), (a), __FILE__, __LINE__)

/*
 * The client submits p's answers to a in one final submission; the
 * assessment is then completed with p's primary phase and DISC style.
 * Returns 0, or -1 after recording a failure.
 */
static int
asm_complete_at(const struct tuser *u, const struct tasm *a,
    const struct tprof *p, const char *file, int line)
{
	struct tres	 r = {0};
	char		 path[64];
	int		 rc = -1;

	if (t_asm_answer_at(a, p, 0, p->n, 1, file, line) == -1)
		return -1;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a->id);
	t_req(&r, "GET", path, u->access, NULL);
	if (!t_check_status(&r, 200, file, line) ||
	    !t_check_str(&r, "status", "completed", file, line) ||
	    !t_check_str(&r, "phaseResults.primary", p->phase, file, line) ||
	    !t_check_str(&r, "discProfile.primary", p->disc, file, line))
		goto out;
	rc = 0;
out:
	t_free(&r);
	return rc;
}

/* A completed assessment of u (profile p) for client and business. */
static int
asm_done_at(const struct tuser *u, const char *client, const char *business,
    const struct tprof *p, struct tasm *a, const char *file, int line)
{

	if (asm_new_at(u, client, business, a, file, line) == -1)
		return -1;
	return asm_complete_at(u, a, p, file, line);
}
#define ASM_DONE(u, client, business, p, a) \
	asm_done_at((u), (client), (business), (p), (a), __FILE__, __LINE__)

/* --- reports --------------------------------------------------------- */

/* POST generate for assessment aid as bearer with a literal body. */
static int
gen_raw(struct tres *r, const char *bearer, const char *aid,
    const char *body)
{
	char	 path[160];

	snprintf(path, sizeof(path), "/v1/reports/%s/generate", aid);
	if (body == NULL)
		return t_req(r, "POST", path, bearer, NULL);
	return t_req(r, "POST", path, bearer, "%s", body);
}

/*
 * The 200 of a generate: {reportId, assessmentId, reportType, status
 * "processing", estimatedTime >= 1}.
 */
static int
generated_at(const struct tres *r, const char *aid, const char *type,
    const char *file, int line)
{
	long long	 et = t_int(r, "estimatedTime");
	int		 ok;

	if (!t_check_status(r, 200, file, line))
		return 0;
	ok = t_check_common(r, file, line);
	ok &= t_check(t_is_id(t_str(r, "reportId"), "rpt_"), r, file, line,
	    "reportId is \"rpt_\" and 20 of [0-9a-z]");
	ok &= t_check_str(r, "assessmentId", aid, file, line);
	ok &= t_check_str(r, "reportType", type, file, line);
	ok &= t_check_str(r, "status", "processing", file, line);
	ok &= t_check(et != T_NOINT && et >= 1, r, file, line,
	    "estimatedTime an integer >= 1");
	return ok;
}
#define GENERATED(r, aid, type) \
	generated_at((r), (aid), (type), __FILE__, __LINE__)

/*
 * Generate a report of type for aid as bearer; its id into id (32 bytes).
 * Returns 0, or -1 after recording a failure.
 */
static int
generate_at(const char *bearer, const char *aid, const char *type,
    char *id, const char *file, int line)
{
	struct tres	 r = {0};
	char		 body[64];
	int		 rc = -1;

	id[0] = '\0';
	snprintf(body, sizeof(body), "{\"reportType\":\"%s\"}", type);
	gen_raw(&r, bearer, aid, body);
	if (generated_at(&r, aid, type, file, line) &&
	    t_is_id(t_str(&r, "reportId"), "rpt_")) {
		snprintf(id, 32, "%s", t_str(&r, "reportId"));
		rc = 0;
	}
	t_free(&r);
	return rc;
}
#define GENERATE(bearer, aid, type, id) \
	generate_at((bearer), (aid), (type), (id), __FILE__, __LINE__)

static int
get_report(struct tres *r, const char *id, const char *bearer)
{
	char	 path[160];

	snprintf(path, sizeof(path), "/v1/reports/%s", id);
	return t_req(r, "GET", path, bearer, NULL);
}

/* GET a path (a download) as bearer, with no body. */
static int
fetch(struct tres *r, const char *path, const char *bearer)
{

	return t_req_raw(r, "GET", path, bearer, NULL, NULL, NULL, 0);
}

static int
download(struct tres *r, const char *id, const char *bearer)
{
	char	 path[160];

	snprintf(path, sizeof(path), "/v1/reports/%s/download", id);
	return fetch(r, path, bearer);
}

/*
 * url is "$RISE_TEST_URL/v1/reports/<id>/download?expires=<unix>&sig=<43
 * base64url>"; the expiry and the signature into *exp and sig (64 bytes).
 */
static int
link_parts(const char *url, const char *id, long long *exp, char *sig)
{
	char		 prefix[700], *end;
	size_t		 plen;
	const char	*p;

	if (url == NULL)
		return 0;
	snprintf(prefix, sizeof(prefix), "%s/v1/reports/%s/download?expires=",
	    t_base_url(), id);
	plen = strlen(prefix);
	if (strncmp(url, prefix, plen) != 0 ||
	    !isdigit((unsigned char)url[plen]))
		return 0;
	*exp = strtoll(url + plen, &end, 10);
	if (strncmp(end, "&sig=", 5) != 0)
		return 0;
	p = end + 5;
	if (strlen(p) != SIG_LEN || !t_is_b64url(p, SIG_LEN))
		return 0;
	snprintf(sig, 64, "%s", p);
	return 1;
}

/* The path part of a downloadUrl (what follows $RISE_TEST_URL). */
static const char *
url_path(const char *url)
{
	size_t	 n = strlen(t_base_url());

	if (url == NULL || strncmp(url, t_base_url(), n) != 0)
		return "/v1/not-a-download-url";
	return url + n;
}

/*
 * The 200 of GET /v1/reports/:id in state status: ids and type as
 * given; once ready a signed downloadUrl whose expiry is expiresAt, about
 * link_seconds() away, generatedAt in the past and pages >= 1; before,
 * downloadUrl, expiresAt and generatedAt null and no pages.
 */
static int
report_is_at(const struct tres *r, const char *id, const char *aid,
    const char *type, const char *status, const char *file, int line)
{
	long long	 now = (long long)time(NULL), exp = 0, ea, ga, pages;
	long		 ttl = link_seconds();
	char		 sig[64];
	int		 ok;

	if (!t_check_status(r, 200, file, line))
		return 0;
	ok = t_check_common(r, file, line);
	ok &= t_check_str(r, "reportId", id, file, line);
	ok &= t_check_str(r, "assessmentId", aid, file, line);
	ok &= t_check_str(r, "reportType", type, file, line);
	ok &= t_check_str(r, "status", status, file, line);
	if (strcmp(status, "ready") != 0) {
		ok &= t_check(t_isnull(r, "downloadUrl") &&
		    t_isnull(r, "expiresAt") && t_isnull(r, "generatedAt"),
		    r, file, line, "downloadUrl, expiresAt and generatedAt "
		    "are null while %s", status);
		ok &= t_check(t_int(r, "pages") == T_NOINT, r, file, line,
		    "no pages while %s", status);
		return ok;
	}
	ok &= t_check(link_parts(t_str(r, "downloadUrl"), id, &exp, sig), r,
	    file, line, "downloadUrl is %s/v1/reports/%s/download?expires="
	    "<unix>&sig=<%d base64url>", t_base_url(), id, SIG_LEN);
	ea = t_iso_epoch(t_str(r, "expiresAt"));
	ok &= t_check(ea >= now + ttl - 2 && ea <= now + ttl + 2, r, file,
	    line, "expiresAt ISO 8601 Z about %ld s from now (%lld), got %lld",
	    ttl, now, ea);
	ok &= t_check(exp == ea, r, file, line,
	    "the link's expires (%lld) is expiresAt (%lld)", exp, ea);
	ga = t_iso_epoch(t_str(r, "generatedAt"));
	ok &= t_check(ga > now - 600 && ga <= now + 2, r, file, line,
	    "generatedAt ISO 8601 Z in the last minutes, got %lld (now %lld)",
	    ga, now);
	pages = t_int(r, "pages");
	ok &= t_check(pages != T_NOINT && pages >= 1, r, file, line,
	    "pages an integer >= 1");
	return ok;
}
#define REPORT_IS(r, id, aid, type, status) \
	report_is_at((r), (id), (aid), (type), (status), __FILE__, __LINE__)

/*
 * Poll GET /v1/reports/:id as bearer until it is no longer processing,
 * for secs seconds: every 100 ms for 2 s, then every second (the default
 * limit of 100 requests per 15 min per user forbids 10 polls a second
 * for long).  r keeps the last answer.  Returns 1 if the report reached
 * state want, else 0 after recording a failure.
 */
static int
wait_state_at(struct tres *r, const char *id, const char *bearer,
    const char *want, int secs, const char *file, int line)
{
	double		 t0 = mono_now(), el = 0;
	const char	*st = NULL;
	long		 n = 0;

	for (;;) {
		get_report(r, id, bearer);
		n++;
		st = t_str(r, "status");
		el = mono_now() - t0;
		if (r->status != 200 || st == NULL ||
		    strcmp(st, "processing") != 0 || el >= secs)
			break;
		t_msleep(el < 2 ? 100 : 1000);
	}
	return t_check(r->status == 200 && st != NULL &&
	    strcmp(st, want) == 0, r, file, line,
	    "report %s %s within %d s (waited %.1f s, %ld requests)", id,
	    want, secs, el, n);
}
#define WAIT_READY(r, id, bearer) \
	wait_state_at((r), (id), (bearer), "ready", READY_WAIT, __FILE__, \
	    __LINE__)

/* A file name of [A-Za-z0-9._-] ending in ".pdf", with something before. */
static int
disposition_ok(const char *cd)
{
	const char	*p;
	size_t		 len, i;

	if (cd == NULL || strncasecmp(cd, "attachment;", 11) != 0 ||
	    (p = strstr(cd, "filename=\"")) == NULL)
		return 0;
	p += 10;
	len = strlen(p);
	if (len < 6 || p[len - 1] != '"')
		return 0;
	len--;
	if (strncmp(p + len - 4, ".pdf", 4) != 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '.' &&
		    p[i] != '_' && p[i] != '-')
			return 0;
	return 1;
}

/*
 * A PDF download: 200, application/pdf, a whole PDF ("%PDF-" to "%%EOF"),
 * Content-Disposition attachment with a safe file name, nosniff and a
 * request id.  The body is not quoted in messages (binary).
 */
static int
pdf_ok_at(const struct tres *r, const char *file, int line)
{
	const char	*ct = t_header(r, "Content-Type");
	const char	*cd = t_header(r, "Content-Disposition");
	const char	*nos = t_header(r, "X-Content-Type-Options");
	size_t		 tail;
	int		 ok;

	if (!t_check(r->status == 200, r->status == 200 ? NULL : r, file,
	    line, "%s is 200, got %ld", r->what, r->status))
		return 0;
	ok = t_check(ct != NULL && strncasecmp(ct, "application/pdf", 15) ==
	    0 && (ct[15] == '\0' || ct[15] == ';' || ct[15] == ' '), NULL,
	    file, line, "%s: Content-Type application/pdf, got %s", r->what,
	    ct != NULL ? ct : "(none)");
	ok &= t_check(r->bodysz > 5 && memcmp(r->body, "%PDF-", 5) == 0,
	    NULL, file, line, "%s: the body starts with %%PDF- (%zu bytes: "
	    "%.20s)", r->what, r->bodysz, r->body);
	tail = r->bodysz < 1024 ? r->bodysz : 1024;
	ok &= t_check(memmem(r->body + r->bodysz - tail, tail, "%%EOF", 5) !=
	    NULL, NULL, file, line, "%s: the PDF ends with %%%%EOF", r->what);
	ok &= t_check(t_header_count(r, "Content-Disposition") == 1 &&
	    disposition_ok(cd), NULL, file, line, "%s: Content-Disposition: "
	    "attachment; filename=\"<[A-Za-z0-9._-]+>.pdf\", got %s", r->what,
	    cd != NULL ? cd : "(none)");
	ok &= t_check(nos != NULL && strcasecmp(nos, "nosniff") == 0, NULL,
	    file, line, "%s: X-Content-Type-Options: nosniff", r->what);
	ok &= t_check(t_is_request_id(t_header(r, "X-Request-ID")), NULL,
	    file, line, "%s: an X-Request-ID", r->what);
	return ok;
}
#define PDF_OK(r)	pdf_ok_at((r), __FILE__, __LINE__)

/* Collapse every run of white space (newlines, form feeds) into a space. */
static void
squeeze(char *s)
{
	char	*d = s, *start = s;
	int	 sp = 0;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s)) {
			sp = 1;
			continue;
		}
		if (sp && d != start)
			*d++ = ' ';
		sp = 0;
		*d++ = *s;
	}
	*d = '\0';
}

/*
 * The text of the PDF in r (pdftotext -layout, white space squeezed) into
 * *text (caller frees) and its page count (pdfinfo) into *pages.
 * Returns 0, or -1 after recording a failure.
 */
static int
pdf_text_at(const struct tres *r, char **text, long *pages,
    const char *file, int line)
{
	char		 path[] = "/tmp/rise-report-XXXXXX.pdf";
	char		 cmd[200], *info = NULL, *p;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, st;

	*text = NULL;
	*pages = -1;
	if (!t_check((fd = mkstemps(path, 4)) != -1, NULL, file, line,
	    "mkstemps: %s", strerror(errno)))
		return -1;
	while (off < r->bodysz &&
	    (n = write(fd, r->body + off, r->bodysz - off)) > 0)
		off += (size_t)n;
	close(fd);
	if (!t_check(off == r->bodysz, NULL, file, line, "wrote %s", path))
		goto fail;
	snprintf(cmd, sizeof(cmd), "pdftotext -layout -enc UTF-8 '%s' -",
	    path);
	st = t_run_cmd(cmd, text, NULL);
	if (!t_check(st == 0 && *text != NULL, NULL, file, line,
	    "pdftotext reads the PDF of %s (exit %d)", r->what, st))
		goto fail;
	squeeze(*text);
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
	st = t_run_cmd(cmd, &info, NULL);
	p = info == NULL ? NULL : strncmp(info, "Pages:", 6) == 0 ? info :
	    strstr(info, "\nPages:");
	if (p != NULL && *p == '\n')
		p++;
	if (!t_check(st == 0 && p != NULL && sscanf(p, "Pages: %ld", pages) ==
	    1, NULL, file, line, "pdfinfo gives the page count of %s (exit "
	    "%d): %.300s", r->what, st, info != NULL ? info : ""))
		goto fail;
	free(info);
	unlink(path);
	return 0;
fail:
	free(info);
	free(*text);
	*text = NULL;
	unlink(path);
	return -1;
}
#define PDF_TEXT(r, text, pages) \
	pdf_text_at((r), (text), (pages), __FILE__, __LINE__)

/*
 * w occurs in text as a word: case-sensitive, with no ASCII letter or
 * digit right before or after (any other byte, UTF-8 included, is a
 * boundary, so that more is found rather than less).
 */
static int
has_word(const char *text, const char *w)
{
	const char	*p = text;
	size_t		 n = strlen(w);

	while ((p = strstr(p, w)) != NULL) {
		if ((p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]))
			return 1;
		p++;
	}
	return 0;
}

/* How much of a PDF's text a failure message quotes. */
#define EXCERPT	700

static int
text_has_at(const char *text, const char *what, const char *s, int want,
    const char *file, int line)
{
	int	 has = strstr(text, s) != NULL;

	return t_check(has == want, NULL, file, line,
	    "the %s %s \"%s\"; its text begins: %.*s", what,
	    want ? "holds" : "does not hold", s, EXCERPT, text);
}
#define TEXT_HAS(text, what, s) \
	text_has_at((text), (what), (s), 1, __FILE__, __LINE__)
#define TEXT_HAS_NOT(text, what, s) \
	text_has_at((text), (what), (s), 0, __FILE__, __LINE__)

/*
 * The string at keys k1.k2[.k3] of templates/reports/content.json (k3
 * NULL for two levels) into buf.  Returns 1 if there is a non-empty one.
 */
static int
content_str(const char *k1, const char *k2, const char *k3, char *buf,
    size_t sz)
{
	json_object	*root, *o;
	int		 found = 0;

	if (access(CONTENT_JSON, R_OK) == -1 ||
	    (root = json_object_from_file(CONTENT_JSON)) == NULL)
		return 0;
	if (json_object_object_get_ex(root, k1, &o) &&
	    json_object_object_get_ex(o, k2, &o) &&
	    (k3 == NULL || json_object_object_get_ex(o, k3, &o)) &&
	    json_object_is_type(o, json_type_string) &&
	    json_object_get_string_len(o) > 0) {
		snprintf(buf, sz, "%s", json_object_get_string(o));
		found = 1;
	}
	json_object_put(root);
	return found;
}

/* The name content.json gives DISC style letter (disc.<letter>.name). */
static int
disc_style_name(const char *letter, char *buf, size_t sz)
{

	return content_str("disc", letter, "name", buf, sz);
}

/*
 * text has label followed (after spaces and colons) by the word value:
 * "Primary phase Organize", "Where you are today: Organize".
 */
static int
labeled(const char *text, const char *label, const char *value)
{
	const char	*p = text, *v;
	size_t		 n = strlen(value);

	while ((p = strstr(p, label)) != NULL) {
		p += strlen(label);
		for (v = p; *v == ' ' || *v == ':'; v++)
			continue;
		if (strncmp(v, value, n) == 0 &&
		    !isalnum((unsigned char)v[n]))
			return 1;
	}
	return 0;
}

/*
 * If content.json has labels.<key>, text shows it followed by value.
 * Without the label there is nothing to check (1).
 */
static int
labeled_at(const char *text, const char *what, const char *key,
    const char *value, const char *file, int line)
{
	char	 label[256];

	if (!content_str("labels", key, NULL, label, sizeof(label)))
		return 1;
	return t_check(labeled(text, label, value), NULL, file, line,
	    "the %s shows \"%s\" (labels.%s) with \"%s\"; its text "
	    "begins: %.*s", what, label, key, value, EXCERPT, text);
}
#define LABELED(text, what, key, value) \
	labeled_at((text), (what), (key), (value), __FILE__, __LINE__)

/*
 * Download report id (ready) as bearer, check it is a PDF of GET's page
 * count (at least min_pages) and return its text (caller frees) or NULL.
 */
static char *
report_text_at(const char *id, const char *bearer, long min_pages,
    const char *file, int line)
{
	struct tres	 r = {0};
	long long	 want;
	long		 pages;
	char		*text = NULL;

	get_report(&r, id, bearer);
	if (!t_check_status(&r, 200, file, line))
		goto out;
	want = t_int(&r, "pages");
	download(&r, id, bearer);
	if (!pdf_ok_at(&r, file, line) ||
	    pdf_text_at(&r, &text, &pages, file, line) == -1)
		goto out;
	t_check(pages >= min_pages && pages == want, NULL, file, line,
	    "report %s: pdfinfo Pages %ld, at least %ld and equal to GET's "
	    "pages %lld", id, pages, min_pages, want);
out:
	t_free(&r);
	return text;
}
#define REPORT_TEXT(id, bearer, min_pages) \
	report_text_at((id), (bearer), (min_pages), __FILE__, __LINE__)

/*
 * Both reports of a completed assessment of profile p for client and
 * business: what each must and must not say.
 */
static void
pdf_profile(const struct tprof *p, const char *client, const char *business)
{
	static const char *const labels[] = { "(D)", "(I)", "(S)", "(C)" };
	static const char *const letters[] = { "D", "I", "S", "C" };
	static const char *const words[] = {
		"DISC", "Dominance", "Influence", "Steadiness",
		"Conscientiousness",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 cid[32], kid[32], style[128], label[8], what[96];
	char		*ctext = NULL, *ktext = NULL;
	size_t		 i;

	if (t_register(&u) == -1 || ASM_DONE(&u, client, business, p, &a) ==
	    -1)
		return;
	if (GENERATE(u.access, a.id, "consultant", cid) == -1 ||
	    GENERATE(u.access, a.id, "client", kid) == -1)
		goto out;
	T_CHECK(NULL, strcmp(cid, kid) != 0);

	/* The consultant report. */
	if (WAIT_READY(&r, cid, u.access)) {
		REPORT_IS(&r, cid, a.id, "consultant", "ready");
		ctext = REPORT_TEXT(cid, u.access, 2);
	}
	if (ctext != NULL) {
		snprintf(what, sizeof(what), "consultant report of %s",
		    p->name);
		TEXT_HAS(ctext, what, client);
		TEXT_HAS(ctext, what, business);
		TEXT_HAS(ctext, what, p->phase);
		LABELED(ctext, what, "primaryPhase", p->phase);
		snprintf(label, sizeof(label), "(%s)", p->disc);
		if (disc_style_name(p->disc, style, sizeof(style))) {
			T_CHECKF(NULL, has_word(ctext, style), "the %s holds "
			    "the word \"%s\" (disc.%s.name in %s); its text "
			    "begins: %.*s", what, style, p->disc, CONTENT_JSON,
			    EXCERPT, ctext);
			LABELED(ctext, what, "primaryStyle", style);
		} else
			TEXT_HAS(ctext, what, label);
	}

	/* The client report: no trace of DISC. */
	if (WAIT_READY(&r, kid, u.access)) {
		REPORT_IS(&r, kid, a.id, "client", "ready");
		ktext = REPORT_TEXT(kid, u.access, 1);
	}
	if (ktext != NULL) {
		snprintf(what, sizeof(what), "client report of %s", p->name);
		TEXT_HAS(ktext, what, client);
		TEXT_HAS(ktext, what, business);
		TEXT_HAS(ktext, what, p->phase);
		LABELED(ktext, what, "whereYouAre", p->phase);
		for (i = 0; i < NELEM(labels); i++)
			TEXT_HAS_NOT(ktext, what, labels[i]);
		for (i = 0; i < NELEM(words); i++)
			T_CHECKF(NULL, !has_word(ktext, words[i]),
			    "the %s does not hold the word \"%s\"; its text "
			    "begins: %.*s", what, words[i], EXCERPT, ktext);
		/* Nor a style name (templates/reports/README.md). */
		for (i = 0; i < NELEM(letters); i++)
			if (disc_style_name(letters[i], style, sizeof(style)))
				T_CHECKF(NULL, !has_word(ktext, style),
				    "the %s does not hold the style name "
				    "\"%s\" (disc.%s.name); its text begins: "
				    "%.*s", what, style, letters[i], EXCERPT,
				    ktext);
	}
out:
	free(ctext);
	free(ktext);
	t_free(&r);
}

/* --- generate -------------------------------------------------------- */

/*
 * Both types for one completed assessment: 200 with the documented body,
 * distinct ids, processing and then ready.
 */
static void
test_generate_ok(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 cid[32], kid[32];

	if (t_register(&u) == -1 || ASM_DONE(&u, "Hana Kowalski",
	    "Kowalski Joinery", &t_prof_b, &a) == -1)
		return;
	if (GENERATE(u.access, a.id, "consultant", cid) == -1 ||
	    GENERATE(u.access, a.id, "client", kid) == -1)
		goto out;
	T_CHECKF(NULL, strcmp(cid, kid) != 0, "two reports, two ids (%s, %s)",
	    cid, kid);
	get_report(&r, cid, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "reportId", cid);
		T_STR(&r, "reportType", "consultant");
		T_CHECK(&r, t_str(&r, "status") != NULL &&
		    (strcmp(t_str(&r, "status"), "processing") == 0 ||
		    strcmp(t_str(&r, "status"), "ready") == 0));
	}
	if (WAIT_READY(&r, cid, u.access))
		REPORT_IS(&r, cid, a.id, "consultant", "ready");
	if (WAIT_READY(&r, kid, u.access))
		REPORT_IS(&r, kid, a.id, "client", "ready");
	/* Another report of the same type is another report. */
	if (GENERATE(u.access, a.id, "consultant", kid) == 0) {
		T_CHECK(NULL, strcmp(cid, kid) != 0);
		if (WAIT_READY(&r, kid, u.access))
			REPORT_IS(&r, kid, a.id, "consultant", "ready");
	}
out:
	t_free(&r);
}

/*
 * reportType missing, wrong or of the wrong type, unknown fields: 400
 * naming the field, and no report is queued.
 */
static void
test_generate_validation(void)
{
	static const char *const bad[] = {
		"{}",
		"{\"reportType\":\"admin\"}",
		"{\"reportType\":\"\"}",
		"{\"reportType\":null}",
		"{\"reportType\":5}",
		"{\"reportType\":\"Consultant\"}",
		"{\"reportType\":[\"client\"]}",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 out[64];
	size_t		 i;

	if (t_register(&u) == -1 || ASM_DONE(&u, "Ines Duarte",
	    "Duarte Ceramics", &t_prof_a, &a) == -1)
		return;
	for (i = 0; i < NELEM(bad); i++) {
		gen_raw(&r, u.access, a.id, bad[i]);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		T_DETAIL(&r, "reportType");
		T_COMMON(&r);
	}
	gen_raw(&r, u.access, a.id,
	    "{\"reportType\":\"client\",\"format\":\"pdf\"}");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_DETAIL(&r, "format");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM reports "
	    "WHERE assessment_id = '%s'", a.id) == 0)
		T_CHECKF(NULL, strcmp(out, "0") == 0,
		    "no report queued by a refused request, got %s", out);
	/* The assessment itself is fine. */
	gen_raw(&r, u.access, a.id, "{\"reportType\":\"client\"}");
	GENERATED(&r, a.id, "client");
	t_free(&r);
}

/* Pending and in progress: 409 ASSESSMENT_NOT_COMPLETED; completed: 200. */
static void
test_generate_not_completed(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 out[64];

	if (t_register(&u) == -1 || ASM_NEW(&u, "Oskar Lind", "Lind Bikes",
	    &a) == -1)
		return;
	gen_raw(&r, u.access, a.id, "{\"reportType\":\"consultant\"}");
	T_ERROR(&r, 409, "ASSESSMENT_NOT_COMPLETED");
	T_COMMON(&r);
	/* Half the answers: in progress. */
	t_post_answers(&r, a.id, NULL, a.token, t_prof_c.answers, 0, 20,
	    "true");
	if (!T_STATUS(&r, 200) || !T_STR(&r, "status", "in_progress"))
		goto out;
	gen_raw(&r, u.access, a.id, "{\"reportType\":\"client\"}");
	T_ERROR(&r, 409, "ASSESSMENT_NOT_COMPLETED");
	gen_raw(&r, u.access, a.id, "{\"reportType\":\"consultant\"}");
	T_ERROR(&r, 409, "ASSESSMENT_NOT_COMPLETED");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM reports "
	    "WHERE assessment_id = '%s'", a.id) == 0)
		T_CHECKF(NULL, strcmp(out, "0") == 0,
		    "no report queued for an unfinished assessment, got %s",
		    out);
	/* The rest: completed, and now it works. */
	t_post_answers(&r, a.id, NULL, a.token, t_prof_c.answers, 20,
	    t_prof_c.n, "false");
	if (!T_STATUS(&r, 200) || !T_STR(&r, "status", "completed"))
		goto out;
	gen_raw(&r, u.access, a.id, "{\"reportType\":\"consultant\"}");
	GENERATED(&r, a.id, "consultant");
out:
	t_free(&r);
}

/*
 * Another consultant's assessment, a well-formed id that does not exist
 * and a malformed one: 404.  No token or a bad one: 401.
 */
static void
test_generate_not_found(void)
{
	struct tres	 r = {0};
	struct tuser	 u, v;
	struct tasm	 a;
	char		 out[64];

	if (t_register(&u) == -1 || t_register(&v) == -1 ||
	    ASM_DONE(&u, "Farah Haddad", "Haddad Dental", &t_prof_c, &a) == -1)
		return;
	gen_raw(&r, v.access, a.id, "{\"reportType\":\"consultant\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	T_COMMON(&r);
	gen_raw(&r, v.access, "asm_00000000000000000000",
	    "{\"reportType\":\"consultant\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	gen_raw(&r, v.access, "not-an-id", "{\"reportType\":\"client\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	gen_raw(&r, NULL, a.id, "{\"reportType\":\"consultant\"}");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	T_COMMON(&r);
	gen_raw(&r, "not-a-token", a.id, "{\"reportType\":\"consultant\"}");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM reports "
	    "WHERE assessment_id = '%s'", a.id) == 0)
		T_CHECKF(NULL, strcmp(out, "0") == 0,
		    "nobody else queued a report of %s, got %s", a.id, out);
	gen_raw(&r, u.access, a.id, "{\"reportType\":\"consultant\"}");
	GENERATED(&r, a.id, "consultant");
	t_free(&r);
}

/*
 * An admin generates, reads and downloads a report of a consultant's
 * assessment; the consultant sees that report too.
 */
static void
test_admin_reports(void)
{
	struct tres	 r = {0};
	struct tuser	 u, adm;
	struct tasm	 a;
	char		 id[32];

	if (t_register(&u) == -1 || ADMIN_NEW(&adm) == -1 ||
	    ASM_DONE(&u, "Mei Tanaka", "Tanaka Tea House", &t_prof_a, &a) == -1)
		return;
	if (GENERATE(adm.access, a.id, "consultant", id) == -1)
		goto out;
	if (!WAIT_READY(&r, id, adm.access))
		goto out;
	REPORT_IS(&r, id, a.id, "consultant", "ready");
	get_report(&r, id, u.access);
	REPORT_IS(&r, id, a.id, "consultant", "ready");
	download(&r, id, adm.access);
	PDF_OK(&r);
	download(&r, id, u.access);
	PDF_OK(&r);
	get_report(&r, "rpt_00000000000000000000", adm.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	gen_raw(&r, adm.access, "asm_00000000000000000000",
	    "{\"reportType\":\"client\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
out:
	t_free(&r);
}

/*
 * The 11th generate within a minute is 429, whatever the first ten got
 * (200, 400 or 409 all count); the limit is per user.
 */
static void
test_generate_rate_limit(void)
{
	struct tres	 r = {0};
	struct tuser	 u, v;
	struct tasm	 done, pending;
	char		 out[64];
	long long	 now, ra, rst;
	int		 i;

	if (t_register(&u) == -1 || t_register(&v) == -1 ||
	    ASM_DONE(&u, "Rafael Souza", "Souza Print Shop", &t_prof_b,
	    &done) == -1 || ASM_NEW(&u, "Rafael Souza", "Souza Print Shop",
	    &pending) == -1)
		return;
	for (i = 1; i <= RPT_LIMIT; i++) {
		if (i <= 3) {
			gen_raw(&r, u.access, done.id,
			    "{\"reportType\":\"client\"}");
			GENERATED(&r, done.id, "client");
		} else if (i <= 6) {
			gen_raw(&r, u.access, done.id,
			    "{\"reportType\":\"pdf\"}");
			T_ERROR(&r, 400, "VALIDATION_ERROR");
		} else {
			gen_raw(&r, u.access, pending.id,
			    "{\"reportType\":\"client\"}");
			T_ERROR(&r, 409, "ASSESSMENT_NOT_COMPLETED");
		}
		T_CHECKF(&r, t_header_int(&r, "X-RateLimit-Limit") ==
		    RPT_LIMIT && t_header_int(&r, "X-RateLimit-Remaining") ==
		    RPT_LIMIT - i, "generate %d: X-RateLimit-Limit %d, "
		    "X-RateLimit-Remaining %d", i, RPT_LIMIT, RPT_LIMIT - i);
	}
	gen_raw(&r, u.access, done.id, "{\"reportType\":\"client\"}");
	now = (long long)time(NULL);
	if (T_ERROR(&r, 429, "RATE_LIMIT_EXCEEDED")) {
		T_COMMON(&r);
		ra = t_int(&r, "error.details.retryAfter");
		rst = t_header_int(&r, "X-RateLimit-Reset");
		T_CHECKF(&r, t_header_int(&r, "X-RateLimit-Limit") ==
		    RPT_LIMIT && t_header_int(&r, "X-RateLimit-Remaining") ==
		    0, "X-RateLimit-Limit %d, X-RateLimit-Remaining 0",
		    RPT_LIMIT);
		T_CHECKF(&r, ra >= 1 && ra <= 61,
		    "details.retryAfter in 1..61, got %lld", ra);
		T_CHECKF(&r, rst >= now && rst <= now + 61,
		    "X-RateLimit-Reset within the minute, got %lld (now %lld)",
		    rst, now);
	}
	gen_raw(&r, u.access, done.id, "{\"reportType\":\"consultant\"}");
	T_ERROR(&r, 429, "RATE_LIMIT_EXCEEDED");
	if (SQL(out, sizeof(out), "SELECT count(*) FROM reports "
	    "WHERE assessment_id = '%s'", done.id) == 0)
		T_CHECKF(NULL, strcmp(out, "3") == 0,
		    "3 reports queued, none by a 429, got %s", out);
	/* Another user has a budget of their own. */
	gen_raw(&r, v.access, done.id, "{\"reportType\":\"client\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
	T_CHECKF(&r, t_header_int(&r, "X-RateLimit-Limit") == RPT_LIMIT &&
	    t_header_int(&r, "X-RateLimit-Remaining") == RPT_LIMIT - 1,
	    "the other user: X-RateLimit-Limit %d, X-RateLimit-Remaining %d",
	    RPT_LIMIT, RPT_LIMIT - 1);
	/* The limited user can still read. */
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	T_STATUS(&r, 200);
	t_free(&r);
}

/* --- GET /v1/reports/:id --------------------------------------------- */

/*
 * Only the assessment's consultant (or an admin) sees a report; anything
 * else is 404, and no token is 401.
 */
static void
test_get_access(void)
{
	static const char *const bad[] = {
		"rpt_00000000000000000000",	/* well-formed, absent */
		"rpt_abc123",
		"rpt_000000000000000000000",	/* 21 */
		"rpt_ABCDEFGHIJ0123456789",
		"asm_00000000000000000000",
		"x",
		"rpt_0000000000000000000%27",
	};
	struct tres	 r = {0};
	struct tuser	 u, v;
	struct tasm	 a;
	char		 id[32], upper[32], path[96];
	size_t		 i;

	if (t_register(&u) == -1 || t_register(&v) == -1 ||
	    ASM_DONE(&u, "Tomas Novak", "Novak Cycles", &t_prof_a, &a) == -1)
		return;
	if (GENERATE(u.access, a.id, "consultant", id) == -1)
		goto out;
	get_report(&r, id, v.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	T_COMMON(&r);
	get_report(&r, id, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	T_COMMON(&r);
	get_report(&r, id, "not-a-token");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	for (i = 0; i < NELEM(bad); i++) {
		get_report(&r, bad[i], u.access);
		T_ERROR(&r, 404, "NOT_FOUND");
	}
	for (i = 0; id[i] != '\0'; i++)
		upper[i] = (char)toupper((unsigned char)id[i]);
	upper[i] = '\0';
	get_report(&r, upper, u.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	if (WAIT_READY(&r, id, u.access)) {
		REPORT_IS(&r, id, a.id, "consultant", "ready");
		/* Ready changes nothing for the others. */
		get_report(&r, id, v.access);
		T_ERROR(&r, 404, "NOT_FOUND");
		snprintf(path, sizeof(path), "/v1/reports/%s/download", id);
		fetch(&r, path, v.access);
		T_ERROR(&r, 404, "NOT_FOUND");
	}
out:
	t_free(&r);
}

/*
 * With the workers stopped a report stays processing: GET shows it with
 * null downloadUrl, expiresAt and generatedAt, and the download is 404.
 * Once they go on, it becomes ready and downloads.
 */
static void
test_processing_state(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 id[32], out[64];

	if (t_register(&u) == -1 || ASM_DONE(&u, "Amara Okafor",
	    "Okafor Fabrics", &t_prof_c, &a) == -1)
		return;
	if (WORKERS_STOP() == -1)
		return;
	if (GENERATE(u.access, a.id, "client", id) == -1)
		goto out;
	get_report(&r, id, u.access);
	REPORT_IS(&r, id, a.id, "client", "processing");
	download(&r, id, u.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	T_COMMON(&r);
	download(&r, id, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	if (SQL(out, sizeof(out), "SELECT status, attempts FROM reports "
	    "WHERE id = '%s'", id) == 0)
		T_CHECKF(NULL, strcmp(out, "processing|0") == 0,
		    "queued, not yet tried: processing|0, got %s", out);
	workers_cont();
	if (WAIT_READY(&r, id, u.access)) {
		REPORT_IS(&r, id, a.id, "client", "ready");
		download(&r, id, u.access);
		PDF_OK(&r);
	}
out:
	workers_cont();
	t_free(&r);
}

/* --- GET /v1/reports/:id/download ------------------------------------ */

/*
 * With a bearer token: the owner gets the PDF, another consultant 404,
 * nobody 401; malformed and unknown ids 404.
 */
static void
test_download_bearer(void)
{
	struct tres	 r = {0};
	struct tuser	 u, v;
	struct tasm	 a;
	char		 id[32];

	if (t_register(&u) == -1 || t_register(&v) == -1 ||
	    ASM_DONE(&u, "Lena Vogel", "Vogel & Partner Bau", &t_prof_b, &a) ==
	    -1)
		return;
	if (GENERATE(u.access, a.id, "consultant", id) == -1 ||
	    !WAIT_READY(&r, id, u.access))
		goto out;
	download(&r, id, u.access);
	PDF_OK(&r);
	download(&r, id, v.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	T_COMMON(&r);
	download(&r, id, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	T_COMMON(&r);
	download(&r, id, "not-a-token");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	download(&r, "rpt_00000000000000000000", u.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	download(&r, "rpt_abc", u.access);
	T_ERROR(&r, 404, "NOT_FOUND");
out:
	t_free(&r);
}

/*
 * The downloadUrl works with no Authorization and gives the same bytes;
 * changing one character of sig, or expires, or using the signature with
 * another report's id: 403 FORBIDDEN.
 */
static void
test_download_signed_link(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 id[32], kid[32], sig[64], url[800], bad[800], path[400];
	char		*pdf = NULL;
	size_t		 pdfsz = 0, off;
	long long	 exp;

	if (t_register(&u) == -1 || ASM_DONE(&u, "Sipho Dlamini",
	    "Dlamini Auto Repairs", &t_prof_a, &a) == -1)
		return;
	if (GENERATE(u.access, a.id, "consultant", id) == -1 ||
	    GENERATE(u.access, a.id, "client", kid) == -1 ||
	    !WAIT_READY(&r, kid, u.access) || !WAIT_READY(&r, id, u.access))
		goto out;
	download(&r, id, u.access);
	if (!PDF_OK(&r))
		goto out;
	if ((pdf = malloc(r.bodysz)) == NULL)
		abort();
	memcpy(pdf, r.body, r.bodysz);
	pdfsz = r.bodysz;

	get_report(&r, id, u.access);
	if (!REPORT_IS(&r, id, a.id, "consultant", "ready") ||
	    !link_parts(t_str(&r, "downloadUrl"), id, &exp, sig))
		goto out;
	snprintf(url, sizeof(url), "%s", t_str(&r, "downloadUrl"));

	fetch(&r, url_path(url), NULL);
	if (PDF_OK(&r))
		T_CHECKF(NULL, r.bodysz == pdfsz &&
		    memcmp(r.body, pdf, pdfsz) == 0,
		    "the signed link gives the same PDF as the bearer download "
		    "(%zu and %zu bytes)", r.bodysz, pdfsz);

	/* One character of sig changed, in the middle. */
	snprintf(bad, sizeof(bad), "%s", url);
	off = strlen(bad) - SIG_LEN + SIG_LEN / 2;
	bad[off] = bad[off] == 'A' ? 'B' : 'A';
	fetch(&r, url_path(bad), NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	T_COMMON(&r);
	/* The first character. */
	snprintf(bad, sizeof(bad), "%s", url);
	off = strlen(bad) - SIG_LEN;
	bad[off] = bad[off] == 'x' ? 'y' : 'x';
	fetch(&r, url_path(bad), NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	/* expires changed: later, and earlier (still in the future). */
	snprintf(path, sizeof(path), "/v1/reports/%s/download?expires=%lld"
	    "&sig=%s", id, exp + 3600, sig);
	fetch(&r, path, NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	snprintf(path, sizeof(path), "/v1/reports/%s/download?expires=%lld"
	    "&sig=%s", id, exp - 1, sig);
	fetch(&r, path, NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	/* This report's signature on the other report of the assessment. */
	snprintf(path, sizeof(path), "/v1/reports/%s/download?expires=%lld"
	    "&sig=%s", kid, exp, sig);
	fetch(&r, path, NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	/* The genuine link still works. */
	fetch(&r, url_path(url), NULL);
	PDF_OK(&r);
out:
	free(pdf);
	t_free(&r);
}

/* A link stops working when it expires: 403; a new GET gives a new one. */
static void
test_download_link_expires(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 id[32], url[800];
	long		 ttl = link_seconds();

	if (t_register(&u) == -1 || ASM_DONE(&u, "Noor Rahimi",
	    "Rahimi Florists", &t_prof_c, &a) == -1)
		return;
	if (GENERATE(u.access, a.id, "client", id) == -1 ||
	    !WAIT_READY(&r, id, u.access))
		goto out;
	if (!REPORT_IS(&r, id, a.id, "client", "ready"))
		goto out;
	snprintf(url, sizeof(url), "%s", t_str(&r, "downloadUrl"));
	fetch(&r, url_path(url), NULL);
	PDF_OK(&r);
	t_msleep((ttl + 1) * 1000);
	fetch(&r, url_path(url), NULL);
	T_ERROR(&r, 403, "FORBIDDEN");
	T_COMMON(&r);
	/* The bearer download does not expire; a fresh link works. */
	download(&r, id, u.access);
	PDF_OK(&r);
	get_report(&r, id, u.access);
	if (REPORT_IS(&r, id, a.id, "client", "ready")) {
		T_CHECK(&r, strcmp(t_str(&r, "downloadUrl"), url) != 0);
		fetch(&r, url_path(t_str(&r, "downloadUrl")), NULL);
		PDF_OK(&r);
	}
out:
	t_free(&r);
}

/*
 * A deleted assessment takes its reports with it: GET, the download (by
 * token or link) and a new generate are 404.
 */
static void
test_deleted_assessment(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 id[32], url[800], path[64];

	if (t_register(&u) == -1 || ASM_DONE(&u, "Ivo Petrov",
	    "Petrov Plumbing", &t_prof_b, &a) == -1)
		return;
	if (GENERATE(u.access, a.id, "client", id) == -1 ||
	    !WAIT_READY(&r, id, u.access) ||
	    !REPORT_IS(&r, id, a.id, "client", "ready"))
		goto out;
	snprintf(url, sizeof(url), "%s", t_str(&r, "downloadUrl"));
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "DELETE", path, u.access, NULL);
	if (!T_STATUS(&r, 204))
		goto out;
	get_report(&r, id, u.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	download(&r, id, u.access);
	T_ERROR(&r, 404, "NOT_FOUND");
	fetch(&r, url_path(url), NULL);	/* well within its 5 s */
	T_ERROR(&r, 404, "NOT_FOUND");
	gen_raw(&r, u.access, a.id, "{\"reportType\":\"client\"}");
	T_ERROR(&r, 404, "NOT_FOUND");
out:
	t_free(&r);
}

/* --- what the PDFs say ----------------------------------------------- */

/* Organize / C, with a client name that needs more than Latin-1. */
static void
test_pdf_organize_c(void)
{

	pdf_profile(&t_prof_a, "Zoë Łukasiewicz-Straße Жанна Ω",
	    "Łódź Harbour Bakery & Co");
}

/* Systemic / I. */
static void
test_pdf_systemic_i(void)
{

	pdf_profile(&t_prof_b, "Marcus Oyelaran", "Northwind Traders");
}

/* Stabilize / D. */
static void
test_pdf_stabilize_d(void)
{

	pdf_profile(&t_prof_c, "Priya Raman", "Raman Logistics Ltd");
}

/* --- a report that cannot be made -------------------------------------- */

/* reports.max_attempts in $RISE_CONFIG (conf/rise.conf), 3 if unset. */
static long
max_attempts(void)
{
	const char	*path = getenv("RISE_CONFIG");
	char		 buf[512];
	long		 n = 3, v;
	FILE		*f;

	if ((f = fopen(path != NULL ? path : "conf/rise.conf", "r")) == NULL)
		return n;
	while (fgets(buf, sizeof(buf), f) != NULL)
		if (sscanf(buf, " reports.max_attempts = %ld", &v) == 1)
			n = v;
	fclose(f);
	return n;
}

/*
 * A report whose rendering fails every time (queued straight into the
 * database for an assessment that is not completed, which the API would
 * refuse and the worker rejects) ends "failed" after reports.max_attempts
 * tries with its reason recorded, rather than staying "processing" and
 * being retried for ever.  GET shows it failed with no link; the download
 * is 404.
 */
static void
test_render_failure(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	unsigned char	 rnd[20];
	char		 id[32], out[512], want[64];
	long		 max = max_attempts();
	size_t		 i;

	if (t_register(&u) == -1 || ASM_NEW(&u, "Gustav Berg", "Berg Boats",
	    &a) == -1)
		return;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)(rand() ^ getpid());
	memcpy(id, "rpt_", 4);
	for (i = 0; i < sizeof(rnd); i++)
		id[4 + i] = "0123456789abcdefghijklmnopqrstuvwxyz"[rnd[i] % 36];
	id[24] = '\0';
	snprintf(want, sizeof(want), "failed|%ld|t", max);
	if (SQL(out, sizeof(out), "INSERT INTO reports (id, org_id, "
	    "assessment_id, user_id, report_type) SELECT '%s', org_id, id, "
	    "user_id, 'client' FROM assessments WHERE id = '%s' RETURNING id",
	    id, a.id) == -1 || !T_CHECKF(NULL, strcmp(out, id) == 0,
	    "queued report %s of pending assessment %s (got %s)", id, a.id,
	    out))
		goto out;
	/* Back-off 5 s after the first try, 20 s after the second. */
	if (wait_state_at(&r, id, u.access, "failed", 60, __FILE__,
	    __LINE__))
		REPORT_IS(&r, id, a.id, "client", "failed");
	if (SQL(out, sizeof(out), "SELECT status, attempts, "
	    "coalesce(failure, '') <> '' FROM reports WHERE id = '%s'",
	    id) == 0)
		T_CHECKF(NULL, strcmp(out, want) == 0, "failed after %ld tries "
		    "with its reason recorded: want %s, got %s", max, want,
		    out);
	download(&r, id, u.access);
	T_ERROR(&r, 404, "NOT_FOUND");
out:
	t_free(&r);
}

/* --- crash safety (last: it kills a worker) -------------------------- */

/*
 * A worker that died holding a job: with the workers stopped, a report is
 * queued and marked as claimed (lease for 3 s, attempts 1) the way a
 * worker's claim leaves it; one worker is killed and the other goes on.
 * The job is not taken while the lease holds, then the live worker takes
 * it (attempts 2) and the report becomes ready.  It is stored once: its
 * generated_at and PDF do not change afterwards.
 */
static void
test_crash_retry(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	pid_t		 pids[MAX_WORKERS];
	char		 id[32], out[256], again[256], lease[64];
	int		 n;

	if (t_register(&u) == -1 || ASM_DONE(&u, "Kwame Mensah",
	    "Mensah Cocoa Traders", &t_prof_a, &a) == -1)
		return;
	n = workers_live(pids, MAX_WORKERS);
	if (!T_CHECKF(NULL, n >= 2, "two live workers in RISE_TEST_WORKER_PIDS"
	    " (\"%s\"), found %d", getenv("RISE_TEST_WORKER_PIDS") ?
	    getenv("RISE_TEST_WORKER_PIDS") : "(unset)", n))
		return;
	if ((n = WORKERS_STOP()) == -1 || !T_CHECKF(NULL, n >= 2,
	    "stopped two workers, got %d", n))
		goto out;
	if (GENERATE(u.access, a.id, "consultant", id) == -1)
		goto out;
	/* What a worker's claim leaves behind: a lease and one attempt. */
	if (SQL(lease, sizeof(lease), "UPDATE reports SET lease_until = "
	    "now() + interval '3 seconds', attempts = 1, updated_at = now() "
	    "WHERE id = '%s' AND status = 'processing' AND attempts = 0 AND "
	    "lease_until IS NULL RETURNING extract(epoch FROM lease_until)",
	    id) == -1 || !T_CHECKF(NULL, lease[0] != '\0', "report %s was "
	    "still unclaimed and now looks claimed", id))
		goto out;
	/* The worker holding it dies; the other one goes on. */
	if (worker_kill_at(wk_stopped[0], __FILE__, __LINE__) == -1)
		goto out;
	workers_cont();

	if (!WAIT_READY(&r, id, u.access))
		goto out;
	REPORT_IS(&r, id, a.id, "consultant", "ready");
	if (SQL(out, sizeof(out), "SELECT status, attempts, generated_at >= "
	    "to_timestamp(%s) FROM reports WHERE id = '%s'", lease, id) == 0)
		T_CHECKF(NULL, strcmp(out, "ready|2|t") == 0,
		    "ready after a second attempt, taken only once the lease "
		    "ran out: want ready|2|t, got %s", out);
	/* Stored once: nothing changes afterwards. */
	if (SQL(out, sizeof(out), "SELECT generated_at, md5(pdf), pages "
	    "FROM reports WHERE id = '%s'", id) == -1)
		goto out;
	t_msleep(1000);
	if (SQL(again, sizeof(again), "SELECT generated_at, md5(pdf), pages "
	    "FROM reports WHERE id = '%s'", id) == 0)
		T_CHECKF(NULL, out[0] != '\0' && strcmp(out, again) == 0,
		    "generated_at, the PDF and pages unchanged a second later: "
		    "%s then %s", out, again);
	download(&r, id, u.access);
	PDF_OK(&r);
out:
	workers_cont();
	t_free(&r);
}

void
suite_reports(void)
{
	CU_pSuite	 s = t_suite("reports");

	T_ADD(s, test_generate_ok);
	T_ADD(s, test_generate_validation);
	T_ADD(s, test_generate_not_completed);
	T_ADD(s, test_generate_not_found);
	T_ADD(s, test_admin_reports);
	T_ADD(s, test_generate_rate_limit);
	T_ADD(s, test_get_access);
	T_ADD(s, test_processing_state);
	T_ADD(s, test_download_bearer);
	T_ADD(s, test_download_signed_link);
	T_ADD(s, test_download_link_expires);
	T_ADD(s, test_deleted_assessment);
	T_ADD(s, test_pdf_organize_c);
	T_ADD(s, test_pdf_systemic_i);
	T_ADD(s, test_pdf_stabilize_d);
	T_ADD(s, test_render_failure);
	/* Last: it kills one of the two workers. */
	T_ADD(s, test_crash_retry);
}
