/*
 * Suites "hostile" and "headers": bad input never crashes a worker,
 * never gets a 500, never changes a row it should not, and never leaks
 * how the server is built; every response carries the security headers.
 *
 * hostile: a 10 GB Content-Length, a 2 MiB body, short bodies (sent and
 * closed, or left hanging), 10,000 nested brackets, invalid and overlong
 * UTF-8, NUL, duplicate keys, SQL metacharacters in every string field of
 * every write endpoint and in every query parameter, <script> in every
 * name (escaped in the pages, intact in JSON and in the PDF), CR/LF in
 * whatever reaches a response header, "../" in ids, and the resident
 * memory of a program's workers over 1,000 hostile requests.  Every
 * response of ours goes through sane(): a status below 500, the security
 * headers, and a body with no SQL, stack trace or file path in it.
 *
 * headers: the security headers on every kind of answer (200 to 429, API
 * and pages), and the web UI's cookies: HttpOnly and SameSite=Strict over
 * http, __Host- and Secure over https (X-Forwarded-Proto from the trusted
 * proxy, never from anyone else).
 *
 * Raw requests go over a socket of our own (lighttpd's answers to what
 * curl would not send); the workers are the children of the stack's
 * lighttpd ($RISE_TEST_LIGHTTPD_PID), found in /proc.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
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
#define IP_EVERY	40	/* anonymous requests per client IP */
#define MAX_PIDS	16
#define PROMPT_MS	3000	/* "served promptly" */
/* The sanitizer build checks the processes only: fewer requests. */
#define RSS_REQUESTS	(T_SANITIZED ? 80 : 1000)
#define RSS_WARMUP	(T_SANITIZED ? 20 : 200)
#define RSS_BOUND_KB	1024	/* growth allowed over RSS_REQUESTS */
#define READY_WAIT	30
#define SCRIPT		"<script>alert(1)</script>"
#define SCRIPT_ESC	"&lt;script&gt;alert(1)&lt;/script&gt;"

static long	 sent;		/* requests, to change IP every IP_EVERY */
static const char *echo;	/* text sent that may come back: no leak */

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A fresh client IP every IP_EVERY requests (the anonymous limits). */
static void
pace(void)
{

	if (sent++ % IP_EVERY == 0)
		t_set_ip(t_new_ip());
}

/* --- what every answer must be --------------------------------------- */

/* Text that tells how the server is built. */
static const char *const leaks[] = {
	"ERROR:", "SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM",
	"SQLSTATE", "syntax error", "violates", "libpq", "PostgreSQL",
	"postgres", "json-c", "json_tokener", ".c:", "/work/", "/tmp/",
	"/home/", "/usr/", "Traceback", "AddressSanitizer", "runtime error",
	"Segmentation", "core dumped", "FastCGI", "fcgi",
};

/*
 * The first leak pattern in r's error body, NULL if none.  Error bodies
 * are the API's envelopes, the pages' error page and lighttpd's; other
 * pages show what users stored, which may be anything.
 */
static const char *
leak_in(const struct tres *r)
{
	const char	*ct = t_header(r, "Content-Type");
	size_t		 i;

	if (r->body == NULL || r->status < 400 || ct == NULL ||
	    (strncmp(ct, "application/json", 16) != 0 &&
	    strstr(r->body, "class=\"page-error\"") == NULL &&
	    strncmp(r->body, "<?xml", 5) != 0))
		return NULL;
	for (i = 0; i < NELEM(leaks); i++)
		if (memmem(r->body, r->bodysz, leaks[i], strlen(leaks[i])) &&
		    (echo == NULL || strstr(echo, leaks[i]) == NULL))
			return leaks[i];
	return NULL;
}

/* The security headers of lib/resp.c: NULL if all there, else the first missing. */
static const char *
headers_missing(const struct tres *r)
{
	const char	*v;

	if ((v = t_header(r, "X-Content-Type-Options")) == NULL ||
	    strcasecmp(v, "nosniff") != 0 ||
	    t_header_count(r, "X-Content-Type-Options") != 1)
		return "X-Content-Type-Options: nosniff";
	if ((v = t_header(r, "X-Frame-Options")) == NULL ||
	    strcasecmp(v, "DENY") != 0)
		return "X-Frame-Options: DENY";
	if ((v = t_header(r, "Content-Security-Policy")) == NULL ||
	    strstr(v, "frame-ancestors 'none'") == NULL ||
	    strstr(v, "default-src 'none'") == NULL)
		return "Content-Security-Policy: default-src 'none'; ... "
		    "frame-ancestors 'none'";
	if ((v = t_header(r, "Referrer-Policy")) == NULL ||
	    strcasecmp(v, "no-referrer") != 0)
		return "Referrer-Policy: no-referrer";
	if (t_header(r, "Cache-Control") == NULL)
		return "Cache-Control";
	if (!t_is_request_id(t_header(r, "X-Request-ID")) ||
	    t_header_count(r, "X-Request-ID") != 1)
		return "one X-Request-ID";
	return NULL;
}

/*
 * True if the web server answered r itself (a request it refused before
 * any program saw it: a malformed line, an invalid URL such as %00, too
 * large a body): lighttpd's fixed XHTML or Apache's HTML error page,
 * without our headers.
 */
static int
from_web_server(const struct tres *r)
{

	return t_header(r, "X-Request-ID") == NULL && r->body != NULL &&
	    (strncmp(r->body, "<?xml", 5) == 0 ||		/* lighttpd */
	    strncmp(r->body, "<!DOCTYPE HTML PUBLIC", 21) == 0) &&	/* Apache */
	    (r->status == 400 || r->status == 403 || r->status == 404 ||
	    r->status == 405 || r->status == 413);
}

/*
 * One answer to a hostile request: it came, below 500, with the security
 * headers, nothing leaked, and an API error in the envelope.  lighttpd's
 * own refusals (400, 413) are let through: they carry a fixed page and
 * no headers of ours (mod_setenv does not reach them).
 */
static int
sane_at(const struct tres *r, int envelope, const char *file, int line)
{
	const char	*miss = headers_missing(r), *leak = leak_in(r);
	const char	*ct = t_header(r, "Content-Type");
	int		 api = envelope && strncmp(r->what + strcspn(r->what,
			    " ") + 1, "/v1/", 4) == 0;

	if (!t_check(r->status > 0 && r->status < 500, r, file, line,
	    "an answer below 500"))
		return 0;
	if (from_web_server(r))
		return t_check(leak == NULL, r, file, line, "the web server's own "
		    "answer leaks nothing (found: %s)", leak ? leak : "none");
	if (!t_check(miss == NULL && leak == NULL, r, file, line,
	    "security headers (missing: %s) and no internals in the body "
	    "(found: %s)", miss ? miss : "none", leak ? leak : "none"))
		return 0;
	if (api && r->status >= 400)
		return t_check(ct != NULL && strncmp(ct, "application/json",
		    16) == 0 && t_code(r) != NULL && t_str(r, "error.message") !=
		    NULL, r, file, line, "a JSON error envelope");
	return 1;
}
#define SANE(r)		sane_at((r), 1, __FILE__, __LINE__)
/* The same, but the path may have been normalized out of /v1/. */
#define SANE_ANY(r)	sane_at((r), 0, __FILE__, __LINE__)

/* status is one of the 4xx the API answers bad input with. */
#define IS_4XX(s)	((s) == 400 || (s) == 401 || (s) == 404 || \
			    (s) == 409 || (s) == 413 || (s) == 415)

/* --- raw HTTP -------------------------------------------------------- */

static int
server_port(void)
{
	const char	*p = strrchr(t_base_url(), ':');

	return p != NULL ? atoi(p + 1) : 0;
}

static int
raw_connect(void)
{
	struct sockaddr_in	 sa;
	int			 fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)server_port());
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
send_all(int fd, const char *buf, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = send(fd, buf, len, MSG_NOSIGNAL)) <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Reads from fd until the server closes or ms pass, into out (NUL-
 * terminated).  Returns the HTTP status of the answer, 0 if none.
 */
static int
read_answer(int fd, char *out, size_t outsz, int ms)
{
	struct pollfd	 p = { fd, POLLIN, 0 };
	double		 end = now_ms() + ms;
	size_t		 n = 0;
	ssize_t		 k;
	int		 st = 0;

	out[0] = '\0';
	while (n + 1 < outsz && now_ms() < end) {
		if (poll(&p, 1, (int)(end - now_ms()) + 1) <= 0)
			break;
		if ((k = recv(fd, out + n, outsz - n - 1, 0)) <= 0)
			break;
		n += (size_t)k;
		out[n] = '\0';
	}
	if (sscanf(out, "HTTP/1.%*d %d", &st) != 1)
		st = 0;
	return st;
}

/*
 * One raw request: send req, half-close if shut, read the answer for at
 * most ms.  Returns its status (0 if none) and the time it took in *took.
 */
static int
raw(const char *req, size_t len, int shut, int ms, char *out, size_t outsz,
    double *took)
{
	double	 t0 = now_ms();
	int	 fd, st = 0;

	out[0] = '\0';
	if ((fd = raw_connect()) == -1)
		return 0;
	if (send_all(fd, req, len) == 0) {
		if (shut)
			shutdown(fd, SHUT_WR);
		st = read_answer(fd, out, outsz, ms);
	}
	close(fd);
	if (took != NULL)
		*took = now_ms() - t0;
	return st;
}

/* --- the stack's processes ------------------------------------------- */

static pid_t
lighttpd_pid(void)
{
	const char	*s = getenv("RISE_TEST_LIGHTTPD_PID");

	return s != NULL ? (pid_t)atol(s) : 0;
}

/* The parent pid of pid from /proc/<pid>/stat, -1 if gone. */
static pid_t
parent_of(pid_t pid)
{
	char	 path[64], buf[512], *p;
	FILE	*f;
	size_t	 n;
	long	 pp;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %*c %ld", &pp) != 1)
		return -1;
	return (pid_t)pp;
}

/*
 * The live FastCGI processes of program prog ("assessments.fcgi"): the
 * children of the stack's lighttpd whose argv[0] ends in /prog.  Sorted.
 */
static int
workers(const char *prog, pid_t *pids, int max)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[64], cmd[512], *b;
	FILE		*f;
	pid_t		 lp = lighttpd_pid(), pid, t;
	size_t		 n;
	int		 cnt = 0, i, j;

	if (lp <= 0 || (d = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL && cnt < max) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = (pid_t)atol(e->d_name);
		if (parent_of(pid) != lp)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
		cmd[n] = '\0';
		b = strrchr(cmd, '/');
		if (strcmp(b != NULL ? b + 1 : cmd, prog) == 0)
			pids[cnt++] = pid;
	}
	closedir(d);
	for (i = 0; i < cnt; i++)
		for (j = i + 1; j < cnt; j++)
			if (pids[j] < pids[i]) {
				t = pids[i];
				pids[i] = pids[j];
				pids[j] = t;
			}
	return cnt;
}

/* VmRSS of pid in kB, -1 if unknown. */
static long
rss_kb(pid_t pid)
{
	char	 path[64], line[256];
	FILE	*f;
	long	 kb = -1;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* True if pid maps a sanitizer runtime (RSS then grows by design). */
static int
sanitized(pid_t pid)
{
	char	 path[64], line[512];
	FILE	*f;
	int	 yes = 0;

	snprintf(path, sizeof(path), "/proc/%ld/maps", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (!yes && fgets(line, sizeof(line), f) != NULL)
		yes = strstr(line, "libasan") != NULL ||
		    strstr(line, "libubsan") != NULL;
	fclose(f);
	return yes;
}

/*
 * The workers of prog before (pids, n) are the workers now: none died or
 * was replaced.
 */
static int
same_workers_at(const char *prog, const pid_t *pids, int n, const char *file,
    int line)
{
	pid_t	 now[MAX_PIDS];
	int	 k = workers(prog, now, MAX_PIDS);

	return t_check(n > 0 && k == n && memcmp(now, pids, (size_t)n *
	    sizeof(*pids)) == 0, NULL, file, line, "the %d %s workers (first "
	    "%ld) are still the same processes (now %d, first %ld)", n, prog,
	    n > 0 ? (long)pids[0] : -1L, k, k > 0 ? (long)now[0] : -1L);
}
#define SAME_WORKERS(prog, pids, n) \
	same_workers_at((prog), (pids), (n), __FILE__, __LINE__)

/* Finds prog's workers (at least one) into pids; their count or 0. */
static int
find_workers_at(const char *prog, pid_t *pids, const char *file, int line)
{
	int	 n = workers(prog, pids, MAX_PIDS);

	t_check(n > 0, NULL, file, line, "the stack's %s workers are found "
	    "(children of lighttpd $RISE_TEST_LIGHTTPD_PID=%s)", prog,
	    getenv("RISE_TEST_LIGHTTPD_PID") ? getenv("RISE_TEST_LIGHTTPD_PID") :
	    "(unset)");
	return n;
}
#define FIND_WORKERS(prog, pids) find_workers_at((prog), (pids), __FILE__, \
	__LINE__)

/* An ordinary request of u is answered 200 within PROMPT_MS. */
static int
prompt_at(const struct tuser *u, const char *file, int line)
{
	struct tres	 r = {0};
	double		 t0 = now_ms(), ms;
	int		 ok;

	t_req(&r, "GET", "/v1/assessments?limit=1", u->access, NULL);
	ms = now_ms() - t0;
	ok = t_check(r.status == 200 && ms < PROMPT_MS, &r, file, line,
	    "an ordinary request is served (200) within %d ms: %.0f ms",
	    PROMPT_MS, ms);
	t_free(&r);
	return ok;
}
#define PROMPT(u)	prompt_at((u), __FILE__, __LINE__)

/* --- rows that must not change --------------------------------------- */

/*
 * A digest of every row an attacker could aim at (users, assessments,
 * responses) that existed before since (a database time), in out.
 */
static int
digest(const char *since, char *out, size_t outsz)
{

	return SQL(out, outsz, "SELECT md5(coalesce((SELECT string_agg(concat_ws("
	    "'|', id, org_id, email, first_name, last_name, company, phone, "
	    "role, status, password_hash), ',' ORDER BY id) FROM users WHERE "
	    "created_at < '%s'), '') || coalesce((SELECT string_agg(concat_ws("
	    "'|', id, org_id, user_id, client_name, client_email, business_name, "
	    "industry, notes, status, deleted_at), ',' ORDER BY id) FROM "
	    "assessments WHERE created_at < '%s'), '') || coalesce((SELECT "
	    "string_agg(concat_ws('|', assessment_id, question_id, option_ids), "
	    "',' ORDER BY assessment_id, question_id) FROM responses r JOIN "
	    "assessments a ON a.id = r.assessment_id WHERE a.created_at < '%s'), "
	    "''))", since, since, since);
}

/* The database's clock, as a literal for digest(). */
static int
db_now(char *out, size_t outsz)
{

	return SQL(out, outsz, "SELECT now()::text");
}

/* --- fixtures -------------------------------------------------------- */

/* A new self-administered assessment of u with the given names. */
static int
asm_named_at(const struct tuser *u, const char *client, const char *business,
    struct tasm *a, const char *file, int line)
{

	return t_asm_new_at(u, a, file, line, "{\"clientName\":%s,"
	    "\"clientEmail\":\"client@example.com\",\"businessName\":%s,"
	    "\"industry\":\"Retail\",\"assessmentType\":\"self-administered\"}",
	    t_q(client), t_q(business));
}
#define ASM_NAMED(u, c, b, a)	asm_named_at((u), (c), (b), (a), __FILE__, \
	__LINE__)

/*
 * A consultant report of a (completed, of u): generated, ready, and
 * downloaded into r.  Returns 0, or -1 after recording a failure.
 */
static int
report_pdf_at(const struct tuser *u, const struct tasm *a, struct tres *r,
    const char *file, int line)
{
	char		 path[96], id[32];
	const char	*st;
	time_t		 t0;

	snprintf(path, sizeof(path), "/v1/reports/%s/generate", a->id);
	t_req(r, "POST", path, u->access, "{\"reportType\":\"consultant\"}");
	if (!t_check(r->status == 200 && t_is_id(t_str(r, "reportId"), "rpt_"),
	    r, file, line, "a report is queued"))
		return -1;
	snprintf(id, sizeof(id), "%s", t_str(r, "reportId"));
	snprintf(path, sizeof(path), "/v1/reports/%s", id);
	t0 = time(NULL);
	do {
		t_msleep(time(NULL) - t0 < 2 ? 200 : 1000);
		t_req(r, "GET", path, u->access, NULL);
		st = t_str(r, "status");
	} while (r->status == 200 && st != NULL &&
	    strcmp(st, "processing") == 0 && time(NULL) - t0 < READY_WAIT);
	if (!t_check(r->status == 200 && st != NULL && strcmp(st, "ready") == 0,
	    r, file, line, "report %s ready within %d s", id, READY_WAIT))
		return -1;
	snprintf(path, sizeof(path), "/v1/reports/%s/download", id);
	t_req_raw(r, "GET", path, u->access, NULL, NULL, NULL, 0);
	return t_check(r->status == 200 && r->bodysz > 5 &&
	    memcmp(r->body, "%PDF-", 5) == 0, NULL, file, line, "the PDF of %s "
	    "downloads (%ld)", id, r->status) ? 0 : -1;
}
#define REPORT_PDF(u, a, r)	report_pdf_at((u), (a), (r), __FILE__, __LINE__)

/* The text of the PDF in r (pdftotext), caller frees; NULL on failure. */
static char *
pdf_text(const struct tres *r)
{
	char	 path[] = "/tmp/rise-hostile-XXXXXX.pdf", cmd[128], *text = NULL;
	FILE	*f;
	int	 fd, st;

	if ((fd = mkstemps(path, 4)) == -1)
		return NULL;
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(path);
		return NULL;
	}
	fwrite(r->body, 1, r->bodysz, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
	st = t_run_cmd(cmd, &text, NULL);
	unlink(path);
	if (st != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* === hostile ========================================================= */

/*
 * A Content-Length of 10 GB (and others no server should believe) is
 * refused at once, and the program's workers are the same processes
 * afterwards, serving as before.
 */
static void
test_huge_content_length(void)
{
	static const char *const lens[] = {
		"10737418240", "99999999999999999999999", "-1", "1e9",
		"18446744073709551616",
	};
	struct tuser	 u;
	pid_t		 pids[MAX_PIDS];
	char		 req[T_TOKSZ + 512], out[4096];
	double		 ms;
	size_t		 i;
	int		 n, st;

	if (t_register(&u) == -1 ||
	    (n = FIND_WORKERS("assessments.fcgi", pids)) == 0)
		return;
	for (i = 0; i < NELEM(lens); i++) {
		snprintf(req, sizeof(req), "POST /v1/assessments HTTP/1.1\r\n"
		    "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
		    "Content-Type: application/json\r\nContent-Length: %s\r\n"
		    "\r\n{\"clientName\":\"x\"", u.access, lens[i]);
		st = raw(req, strlen(req), 0, PROMPT_MS, out, sizeof(out), &ms);
		T_CHECKF(NULL, (st == 400 || st == 413) && ms < PROMPT_MS,
		    "Content-Length %s: 400 or 413 at once, got %d after %.0f "
		    "ms: %.200s", lens[i], st, ms, out);
		T_CHECKF(NULL, strstr(out, "clientName") == NULL &&
		    strstr(out, u.access) == NULL, "the answer reflects nothing "
		    "of the request");
	}
	SAME_WORKERS("assessments.fcgi", pids, n);
	PROMPT(&u);
}

/*
 * Bodies over http.body_max (1 MiB) are a 413 from the program, in the
 * envelope (a page for the web UI), and nothing is created.
 */
static void
test_big_body(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tweb	 w;
	pid_t		 pids[MAX_PIDS];
	char		*big, *form;
	size_t		 sz = 2 << 20, i;
	int		 n;

	if (t_register(&u) == -1 || WEB_LOGIN(&u, &w) == -1 ||
	    (n = FIND_WORKERS("assessments.fcgi", pids)) == 0)
		return;
	if ((big = malloc(sz + 1)) == NULL || (form = malloc(sz + 1)) == NULL)
		abort();
	memcpy(big, "{\"clientName\":\"", 15);
	memset(big + 15, 'a', sz - 17);
	memcpy(big + sz - 2, "\"}", 3);
	memcpy(form, "csrf=", 5);
	memcpy(form + 5, w.csrf, strlen(w.csrf));
	for (i = 5 + strlen(w.csrf); i < sz; i++)
		form[i] = i % 50 == 0 ? '&' : i % 50 == 1 ? 'x' : i % 50 == 2 ?
		    '=' : 'b';
	form[sz] = '\0';
	t_req_raw(&r, "POST", "/v1/assessments", u.access, NULL,
	    "application/json", big, sz);
	if (SANE(&r))
		T_ERROR(&r, 413, "PAYLOAD_TOO_LARGE");
	t_req_raw(&r, "POST", "/v1/auth/login", NULL, NULL, "application/json",
	    big, sz);
	if (SANE(&r))
		T_ERROR(&r, 413, "PAYLOAD_TOO_LARGE");
	t_req_raw(&r, "PATCH", "/v1/users/me", u.access, NULL,
	    "application/json", big, sz);
	if (SANE(&r))
		T_ERROR(&r, 413, "PAYLOAD_TOO_LARGE");
	{
		char		 cookie[200];
		const char	*hdrs[] = { cookie, NULL };

		snprintf(cookie, sizeof(cookie), "Cookie: %s", w.cookie);
		t_req_raw(&r, "POST", "/assessments/new", NULL, hdrs,
		    "application/x-www-form-urlencoded", form, sz);
		if (SANE(&r))
			T_CHECKF(&r, r.status == 413 && strstr(r.body, "<html"),
			    "a 413 page");
	}
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_STR(&r, "firstName", u.first);
	SAME_WORKERS("assessments.fcgi", pids, n);
	free(big);
	free(form);
	t_free(&r);
}

/*
 * A body shorter than its Content-Length, the connection then closed or
 * left hanging (more of them than the program has workers), ties up no
 * worker: the next request is served promptly, and the workers live on.
 */
static void
test_short_body(void)
{
	struct tuser	 u;
	pid_t		 pids[MAX_PIDS];
	char		 req[T_TOKSZ + 512], out[4096];
	int		 fds[6], n, i, st;
	double		 ms;

	if (t_register(&u) == -1 ||
	    (n = FIND_WORKERS("assessments.fcgi", pids)) == 0)
		return;
	snprintf(req, sizeof(req), "POST /v1/assessments HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
	    "{\"clientName\":\"short", u.access);
	/* Sent, then closed: nothing to answer, nothing stuck. */
	for (i = 0; i < 5; i++) {
		st = raw(req, strlen(req), 1, 500, out, sizeof(out), &ms);
		/*
		 * Apache's mod_fcgid answers any failed body read with its own
		 * 500 page before the program runs; no setting changes that.
		 */
		T_CHECKF(NULL, st == 0 || st == 400 || (st == 500 &&
		    strstr(out, "X-Request-ID") == NULL &&
		    strstr(out, "<!DOCTYPE HTML PUBLIC") != NULL),
		    "a short body half-closed: no answer, 400 or Apache's own "
		    "500, got %d: %.200s", st, out);
	}
	PROMPT(&u);
	/* Left hanging, on more connections than there are workers. */
	for (i = 0; i < (int)NELEM(fds); i++)
		if ((fds[i] = raw_connect()) != -1 &&
		    send_all(fds[i], req, strlen(req)) == -1) {
			close(fds[i]);
			fds[i] = -1;
		}
	t_msleep(200);
	PROMPT(&u);
	for (i = 0; i < (int)NELEM(fds); i++)
		if (fds[i] != -1)
			close(fds[i]);
	t_msleep(100);
	PROMPT(&u);
	SAME_WORKERS("assessments.fcgi", pids, n);
	{
		struct tres	 r = {0};

		t_req(&r, "GET", "/v1/assessments", u.access, NULL);
		if (T_STATUS(&r, 200))
			T_INT(&r, "pagination.total", 0);
		t_free(&r);
	}
}

/* body (NUL-terminated) to POST /v1/auth/register, anonymous. */
static void
post_register(struct tres *r, const char *body)
{

	t_set_ip(t_new_ip());		/* 3 an hour per address */
	t_req_raw(r, "POST", "/v1/auth/register", NULL, NULL, "application/json",
	    body, strlen(body));
}

/* 10,000 nested brackets or braces: 400, quickly, from a live worker. */
static void
test_deep_nesting(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 depth = 10000, i, n;
	char		*b;
	double		 t0;
	int		 k;

	if (t_register(&u) == -1 || (b = malloc(6 * depth + 64)) == NULL)
		return;
	for (k = 0; k < 4; k++) {
		n = 0;
		n += (size_t)sprintf(b, "{\"clientName\":");
		for (i = 0; i < depth; i++)
			n += (size_t)sprintf(b + n, "%s", k == 1 ? "{\"a\":" : "[");
		if (k < 2)
			for (i = 0; i < depth; i++)
				b[n++] = k == 1 ? '}' : ']';
		if (k == 3)	/* an object of a deep array, unterminated */
			n += (size_t)sprintf(b + n, "1");
		n += (size_t)sprintf(b + n, "}");
		t0 = now_ms();
		t_req_raw(&r, "POST", "/v1/assessments", u.access, NULL,
		    "application/json", b, n);
		if (SANE(&r))
			T_ERROR(&r, 400, "INVALID_REQUEST");
		T_CHECKF(&r, now_ms() - t0 < PROMPT_MS, "answered in %.0f ms",
		    now_ms() - t0);
		post_register(&r, b);
		if (SANE(&r))
			T_ERROR(&r, 400, "INVALID_REQUEST");
	}
	free(b);
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	t_free(&r);
}

/*
 * Invalid UTF-8 (overlong, surrogates, stray bytes, truncated, beyond
 * U+10FFFF) in JSON strings, keys, query strings and forms: 400 and
 * nothing stored.  Escaped lone surrogates are 400 too, or stored as
 * valid UTF-8; an escaped pair is a real character and stored intact.
 */
static void
test_bad_utf8(void)
{
	static const char *const bad[] = {
		"\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf",
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
		"\xff", "\xfe", "\x80", "\xe2\x82", "a\xc3", "\xc2\x85",
	};
	static const char *const pct[] = {
		"%C0%AF", "%ED%A0%80", "%E0%80%AF", "%FF", "%C3", "%C2%85",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tweb	 w;
	char		 body[512], path[256], since[64], d0[64], d1[64];
	size_t		 i;

	if (db_now(since, sizeof(since)) == -1 || digest(since, d0, sizeof(d0)) ||
	    t_register(&u) == -1 || WEB_LOGIN(&u, &w) == -1)
		return;
	for (i = 0; i < NELEM(bad); i++) {
		snprintf(body, sizeof(body), "{\"clientName\":\"X%sY\","
		    "\"clientEmail\":\"c@example.com\",\"businessName\":\"B\","
		    "\"assessmentType\":\"collaborative\"}", bad[i]);
		t_req_raw(&r, "POST", "/v1/assessments", u.access, NULL,
		    "application/json", body, strlen(body));
		if (SANE(&r))
			T_CHECKF(&r, r.status == 400, "invalid UTF-8 %zu in a "
			    "string: 400", i);
		snprintf(body, sizeof(body), "{\"firstName\":\"A\",\"la%ss"
		    "tName\":\"B\"}", bad[i]);
		t_req_raw(&r, "PATCH", "/v1/users/me", u.access, NULL,
		    "application/json", body, strlen(body));
		if (SANE(&r))
			T_CHECKF(&r, r.status == 400, "invalid UTF-8 %zu in a "
			    "key: 400", i);
	}
	for (i = 0; i < NELEM(pct); i++) {
		snprintf(path, sizeof(path), "/v1/assessments?status=%s", pct[i]);
		t_req(&r, "GET", path, u.access, NULL);
		if (SANE(&r))
			T_STATUS(&r, 400);
		snprintf(path, sizeof(path), "/v1/questions?category=%s", pct[i]);
		t_req(&r, "GET", path, u.access, NULL);
		if (SANE(&r))
			T_CHECKF(&r, r.status == 400 || (r.status == 200 &&
			    t_array_len(&r, "questions") == 0),
			    "an invalid category: 400 or no questions");
		snprintf(body, sizeof(body), "clientName=X%sY&clientEmail=c%%40"
		    "example.com&businessName=B&assessmentType=collaborative",
		    pct[i]);
		t_web_req(&r, "POST", "/assessments/new", &w, body);
		if (SANE(&r))
			T_CHECKF(&r, r.status == 400, "invalid UTF-8 in a form "
			    "field: 400 (%s)", pct[i]);
	}
	/* Escaped surrogates: a lone one is refused or made valid. */
	t_req(&r, "PATCH", "/v1/users/me", u.access,
	    "{\"firstName\":\"A\\ud800B\",\"lastName\":\"\\udc00\"}");
	if (SANE(&r) && r.status == 200) {
		t_req(&r, "GET", "/v1/users/me", u.access, NULL);
		T_CHECKF(&r, t_str(&r, "firstName") != NULL &&
		    strstr(t_str(&r, "firstName"), "\xed\xa0\x80") == NULL,
		    "a lone surrogate is never stored as such");
	} else
		T_STATUS(&r, 400);
	t_req(&r, "PATCH", "/v1/users/me", u.access,
	    "{\"firstName\":\"\\ud83d\\ude00 Grin\"}");
	if (SANE(&r) && T_STATUS(&r, 200)) {
		t_req(&r, "GET", "/v1/users/me", u.access, NULL);
		T_STR(&r, "firstName", "\xf0\x9f\x98\x80 Grin");
	}
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 0);
	if (digest(since, d1, sizeof(d1)) == 0)
		T_CHECKF(NULL, strcmp(d0, d1) == 0, "no row of before changed");
	t_free(&r);
}

/*
 * NUL, raw or escaped, anywhere: 400, never a 500 from a NUL the
 * database cannot store, never a key cut short at the NUL.
 */
static void
test_nul(void)
{
	static const char *const bodies[] = {
		"{\"firstName\":\"A\\u0000B\"}",
		"{\"firstName\\u0000x\":\"A\"}",
		"{\"role\\u0000\":\"admin\"}",
		"{\"settings\":{\"theme\":\"dark\\u0000\"}}",
		"{\"company\":\"\\u0000\"}",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tweb	 w;
	char		 raw_body[64];
	size_t		 i, n;

	if (t_register(&u) == -1 || WEB_LOGIN(&u, &w) == -1)
		return;
	for (i = 0; i < NELEM(bodies); i++) {
		t_req(&r, "PATCH", "/v1/users/me", u.access, "%s", bodies[i]);
		if (SANE(&r))
			T_STATUS(&r, 400);
	}
	n = (size_t)snprintf(raw_body, sizeof(raw_body),
	    "{\"firstName\":\"A_B\"}");
	raw_body[15] = '\0';
	t_req_raw(&r, "PATCH", "/v1/users/me", u.access, NULL,
	    "application/json", raw_body, n);
	if (SANE(&r))
		T_ERROR(&r, 400, "INVALID_REQUEST");
	t_req_raw(&r, "POST", "/v1/auth/login", NULL, NULL, "application/json",
	    raw_body, n);
	if (SANE(&r))
		T_ERROR(&r, 400, "INVALID_REQUEST");
	t_req_raw(&r, "POST", "/v1/assessments", u.access, NULL,
	    "application/json", "{\"clientName\":\"x\"}\0{", 20);
	if (SANE(&r))
		T_ERROR(&r, 400, "INVALID_REQUEST");
	t_req(&r, "POST", "/v1/assessments", u.access, "{\"clientName\":"
	    "\"A\\u0000\",\"clientEmail\":\"c@example.com\",\"businessName\":"
	    "\"B\",\"assessmentType\":\"collaborative\"}");
	if (SANE(&r))
		T_STATUS(&r, 400);
	t_req(&r, "GET", "/v1/assessments?status=pending%00", u.access, NULL);
	if (SANE(&r))
		T_STATUS(&r, 400);
	t_req(&r, "GET", "/v1/assessments/asm_%00", u.access, NULL);
	if (SANE(&r))
		T_CHECK(&r, r.status == 400 || r.status == 404);
	t_web_req(&r, "POST", "/profile", &w, "firstName=A%00B&lastName=B");
	if (SANE(&r))
		T_STATUS(&r, 400);
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "firstName", u.first);
		T_STR(&r, "role", "consultant");
		T_STR(&r, "company", NULL);
	}
	t_free(&r);
}

/*
 * Repeated keys (plain, escaped differently, nested) are refused: no
 * "last one wins" to smuggle a second value past a check.
 */
static void
test_duplicate_keys(void)
{
	static const char *const bodies[] = {
		"{\"firstName\":\"A\",\"firstName\":\"B\"}",
		"{\"firstName\":\"A\",\"first\\u004eame\":\"B\"}",
		"{\"settings\":{\"theme\":\"dark\",\"theme\":\"light\"}}",
		"{\"firstName\":\"A\",\"settings\":{\"theme\":\"dark\"},"
		    "\"settings\":{\"theme\":\"light\"}}",
		"{\"lastName\":\"A\",\"role\":\"consultant\",\"role\":\"admin\"}",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	size_t		 i;

	if (t_register(&u) == -1)
		return;
	for (i = 0; i < NELEM(bodies); i++) {
		t_req(&r, "PATCH", "/v1/users/me", u.access, "%s", bodies[i]);
		if (SANE(&r))
			T_ERROR(&r, 400, "INVALID_REQUEST");
	}
	t_req(&r, "POST", "/v1/assessments", u.access, "{\"clientName\":\"A\","
	    "\"clientEmail\":\"c@example.com\",\"businessName\":\"B\","
	    "\"assessmentType\":\"collaborative\",\"assessmentType\":"
	    "\"self-administered\"}");
	if (SANE(&r))
		T_ERROR(&r, 400, "INVALID_REQUEST");
	post_register(&r, "{\"email\":\"dup@example.com\",\"password\":\""
	    T_PASSWORD "\",\"firstName\":\"A\",\"lastName\":\"B\","
	    "\"email\":\"dup2@example.com\"}");
	if (SANE(&r))
		T_ERROR(&r, 400, "INVALID_REQUEST");
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "firstName", u.first);
		T_STR(&r, "role", "consultant");
	}
	t_free(&r);
}

/*
 * SQL metacharacters, alone and together.  The sanitizer build sends one
 * in META_STEP of them: the paths through the code are the same.
 */
#define META_STEP	(T_SANITIZED ? 3 : 1)
static const char *const meta[] = {
	"'", "\";--", "' OR 1=1 --", "\\", "%", "_",
	"O'Brien\"; DROP TABLE users; --", "\\'); SELECT pg_sleep(5); --",
	"%_\\'\" $1 $$ || $$",
};

/*
 * SQL metacharacters in every string field of every write endpoint:
 * each answer is a 4xx or a success whose stored value reads back
 * exactly; no other row changes.  Passwords with them work as passwords.
 */
static void
test_sql_meta_fields(void)
{
	struct tres	 r = {0};
	struct tuser	 us[3], adm, *u;
	struct tasm	 as[3], *a;
	char		 since[64], d0[64], d1[64], path[128], pw[128], email[160];
	size_t		 i, n = 0;
	int		 k, made[3] = { 0, 0, 0 };
	const char	*v;

	if (db_now(since, sizeof(since)) == -1 ||
	    digest(since, d0, sizeof(d0)) == -1 || ADMIN_NEW(&adm) == -1)
		return;
	/* Three consultants: each stays within 100 requests and 10 reports. */
	for (k = 0; k < 3; k++)
		if (t_register(&us[k]) == -1 ||
		    ASM_NAMED(&us[k], "Meta Client", "Meta Business", &as[k]) == -1)
			return;
	for (i = 0; i < NELEM(meta); i += META_STEP, n++) {
		v = echo = meta[i];
		u = &us[n % 3];
		a = &as[n % 3];
		made[n % 3]++;
		/* register: names and company stored, email refused or kept. */
		snprintf(email, sizeof(email), "m%zu%s", i, t_unique_email());
		t_set_ip(t_new_ip());
		t_req(&r, "POST", "/v1/auth/register", NULL, "{\"email\":%s,"
		    "\"password\":%s,\"firstName\":%s,\"lastName\":%s,"
		    "\"company\":%s}", t_q(email), t_q(T_PASSWORD), t_q(v),
		    t_q(v), t_q(v));
		if (SANE(&r) && T_STATUS(&r, 201)) {
			T_STR(&r, "user.firstName", v);
			T_STR(&r, "user.lastName", v);
			t_req(&r, "GET", "/v1/users/me", t_str(&r, "accessToken"),
			    NULL);
			T_STR(&r, "company", v);
		}
		snprintf(email, sizeof(email), "x%s@example.com", v);
		t_req(&r, "POST", "/v1/auth/register", NULL, "{\"email\":%s,"
		    "\"password\":%s,\"firstName\":\"A\",\"lastName\":\"B\","
		    "\"phone\":%s}", t_q(email), t_q(T_PASSWORD), t_q(v));
		if (SANE(&r))
			T_DETAIL(&r, "phone");
		/* login and refresh: the one 401. */
		t_set_ip(t_new_ip());
		t_req(&r, "POST", "/v1/auth/login", NULL, "{\"email\":%s,"
		    "\"password\":%s}", t_q(v), t_q(v));
		if (SANE(&r))
			T_CHECK(&r, r.status == 401 && t_body_is(&r,
			    T_LOGIN_FAILED_BODY));
		t_req(&r, "POST", "/v1/auth/login", NULL, "{\"email\":%s,"
		    "\"password\":\"x\"}", t_q(email));
		if (SANE(&r))
			T_CHECK(&r, r.status == 401 && t_body_is(&r,
			    T_LOGIN_FAILED_BODY));
		t_req(&r, "POST", "/v1/auth/refresh", NULL,
		    "{\"refreshToken\":%s}", t_q(v));
		if (SANE(&r))
			T_ERROR(&r, 401, "UNAUTHORIZED");
		/* the profile: kept exactly, or refused. */
		t_req(&r, "PATCH", "/v1/users/me", u->access, "{\"firstName\":%s,"
		    "\"lastName\":%s,\"company\":%s}", t_q(v), t_q(v), t_q(v));
		if (SANE(&r) && T_STATUS(&r, 200)) {
			T_STR(&r, "firstName", v);
			T_STR(&r, "lastName", v);
			T_STR(&r, "company", v);
		}
		t_req(&r, "PATCH", "/v1/users/me", u->access, "{\"phone\":%s,"
		    "\"settings\":{\"theme\":%s}}", t_q(v), t_q(v));
		if (SANE(&r)) {
			T_DETAIL(&r, "phone");
			T_DETAIL(&r, "settings.theme");
		}
		/* an assessment: created and changed with the value intact. */
		t_req(&r, "POST", "/v1/assessments", u->access, "{\"clientName\":%s,"
		    "\"clientEmail\":%s,\"businessName\":%s,\"industry\":%s,"
		    "\"assessmentType\":\"collaborative\",\"notes\":%s}", t_q(v),
		    t_q("c@example.com"), t_q(v), t_q(v), t_q(v));
		if (SANE(&r) && T_STATUS(&r, 201)) {
			T_STR(&r, "clientName", v);
			T_STR(&r, "businessName", v);
			T_STR(&r, "industry", v);
		}
		t_req(&r, "POST", "/v1/assessments", u->access, "{\"clientName\":"
		    "\"A\",\"clientEmail\":%s,\"businessName\":\"B\","
		    "\"assessmentType\":%s}", t_q(v), t_q(v));
		if (SANE(&r)) {
			T_DETAIL(&r, "clientEmail");
			T_DETAIL(&r, "assessmentType");
		}
		snprintf(path, sizeof(path), "/v1/assessments/%s", a->id);
		t_req(&r, "PATCH", path, u->access, "{\"clientName\":%s,"
		    "\"businessName\":%s,\"industry\":%s,\"notes\":%s}", t_q(v),
		    t_q(v), t_q(v), t_q(v));
		if (SANE(&r) && T_STATUS(&r, 200)) {
			t_req(&r, "GET", path, u->access, NULL);
			T_STR(&r, "clientName", v);
			T_STR(&r, "businessName", v);
			T_STR(&r, "industry", v);
			T_STR(&r, "notes", v);
		}
		t_req(&r, "PATCH", path, u->access, "{\"status\":%s}", t_q(v));
		if (SANE(&r))
			T_DETAIL(&r, "status");
		/* answers, reports, admin changes: enumerations, refused. */
		snprintf(path, sizeof(path), "/v1/assessments/%s/responses",
		    a->id);
		t_req(&r, "POST", path, u->access, "{\"responses\":[{"
		    "\"questionId\":%s,\"selectedOption\":%s}],"
		    "\"isPartial\":true}", t_q(v), t_q(v));
		if (SANE(&r))
			T_STATUS(&r, 400);
		t_req(&r, "POST", path, u->access, "{\"responses\":[{"
		    "\"questionId\":\"q_001\",\"selectedOptions\":[%s]}],"
		    "\"isPartial\":true}", t_q(v));
		if (SANE(&r))
			T_STATUS(&r, 400);
		snprintf(path, sizeof(path), "/v1/reports/%s/generate", a->id);
		t_req(&r, "POST", path, u->access, "{\"reportType\":%s}", t_q(v));
		if (SANE(&r))
			T_CHECK(&r, r.status == 400 || r.status == 409);
		snprintf(path, sizeof(path), "/v1/admin/users/%s", u->id);
		t_req(&r, "PATCH", path, adm.access, "{\"role\":%s,\"status\":%s}",
		    t_q(v), t_q(v));
		if (SANE(&r)) {
			T_DETAIL(&r, "role");
			T_DETAIL(&r, "status");
		}
	}
	/* A password full of them is a password like any other. */
	u = &us[0];
	snprintf(pw, sizeof(pw), "Aa1' OR 1=1 --\\%%_\"");
	echo = pw;
	t_req(&r, "PUT", "/v1/users/me/password", u->access,
	    "{\"currentPassword\":%s,\"newPassword\":%s}", t_q(u->password),
	    t_q(pw));
	if (SANE(&r) && T_STATUS(&r, 204)) {
		T_LOGIN_OK(u->email, pw);
		T_LOGIN_DENIED(u->email, "' OR 1=1 --");
		T_LOGIN_DENIED(u->email, u->password);
	}
	echo = NULL;
	for (k = 0; k < 3; k++) {
		t_req(&r, "GET", "/v1/assessments?limit=100", us[k].access, NULL);
		if (T_STATUS(&r, 200))
			T_INT(&r, "pagination.total", 1 + made[k]);
	}
	if (digest(since, d1, sizeof(d1)) == 0)
		T_CHECKF(NULL, strcmp(d0, d1) == 0, "no row of before changed");
	t_free(&r);
}

/*
 * SQL metacharacters in every query parameter of the list endpoints
 * (API and pages) and of the download link: 400 naming the parameter,
 * or an answer that ignores them; never a 500.
 */
static void
test_sql_meta_query(void)
{
	static const char *const api[] = {
		"/v1/assessments?page=", "/v1/assessments?limit=",
		"/v1/assessments?status=", "/v1/assessments?sort=",
		"/v1/assessments?order=", "/v1/admin/users?page=",
		"/v1/admin/users?limit=", "/v1/admin/users?role=",
		"/v1/admin/users?status=", "/v1/admin/analytics?startDate=",
		"/v1/admin/analytics?endDate=", "/v1/questions?includeDisc=",
	};
	static const char *const web[] = {
		"/assessments?status=", "/assessments?sort=", "/assessments?page=",
		"/assessments?order=", "/assessments?done=", "/admin/users?role=",
		"/admin/users?status=", "/admin/users?page=", "/admin/users?ok=",
		"/admin/users?error=", "/admin/analytics?startDate=",
		"/admin/analytics?endDate=", "/profile?done=",
		"/charts/admin/completions.png?size=",
	};
	struct tres	 r = {0};
	struct tuser	 adm;
	struct tweb	 w;
	char		 path[256], key[64];
	const char	*eq;
	size_t		 i, j;

	for (j = 0; j < NELEM(meta); j += META_STEP) {
		/* A new admin now and then: 100 requests per user and window. */
		if (j % 6 == 0 && (ADMIN_NEW(&adm) == -1 ||
		    WEB_LOGIN(&adm, &w) == -1))
			break;
		echo = meta[j];
		for (i = 0; i < NELEM(api); i++) {
			snprintf(path, sizeof(path), "%s%s", api[i],
			    t_urlenc(meta[j]));
			eq = strchr(api[i], '?');
			snprintf(key, sizeof(key), "%.*s",
			    (int)(strlen(eq + 1) - 1), eq + 1);
			t_req(&r, "GET", path, adm.access, NULL);
			if (SANE(&r))
				T_DETAIL(&r, key);
		}
		snprintf(path, sizeof(path), "/v1/questions?category=%s",
		    t_urlenc(meta[j]));
		t_req(&r, "GET", path, adm.access, NULL);
		if (SANE(&r))
			T_CHECK(&r, r.status == 400 || (r.status == 200 &&
			    t_array_len(&r, "questions") == 0));
		snprintf(path, sizeof(path), "/v1/reports/rpt_00000000000000000000"
		    "/download?expires=%s&sig=%s", t_urlenc(meta[j]),
		    t_urlenc(meta[j]));
		t_req_raw(&r, "GET", path, NULL, NULL, NULL, NULL, 0);
		if (SANE(&r))
			T_ERROR(&r, 403, "FORBIDDEN");
		for (i = 0; i < NELEM(web); i++) {
			snprintf(path, sizeof(path), "%s%s", web[i],
			    t_urlenc(meta[j]));
			t_web_req(&r, "GET", path, &w, NULL);
			if (SANE(&r))
				T_CHECKF(&r, r.status == 200 || r.status == 400 ||
				    r.status == 303, "GET %s: 200, 303 or 400", path);
		}
	}
	echo = NULL;
	t_free(&r);
}

/*
 * Almost 1 MiB of unknown keys (90,000 of them): a 400 naming some of
 * them, in a few kilobytes, not an echo larger than the request; at once.
 */
static void
test_many_keys(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		*b;
	size_t		 n = 0, i;
	double		 t0;
	int		 k;

	if (t_register(&u) == -1 || (b = malloc(1 << 20)) == NULL)
		return;
	b[n++] = '{';
	for (i = 0; i < 90000; i++)
		n += (size_t)snprintf(b + n, 64, "%s\"k%zu\":0", i ? "," : "", i);
	b[n++] = '}';
	b[n] = '\0';
	for (k = 0; k < 3; k++) {
		t0 = now_ms();
		if (k == 0)
			post_register(&r, b);
		else
			t_req_raw(&r, k == 1 ? "PATCH" : "POST", k == 1 ?
			    "/v1/users/me" : "/v1/assessments", u.access, NULL,
			    "application/json", b, n);
		if (SANE(&r))
			T_ERROR(&r, 400, "VALIDATION_ERROR");
		T_CHECKF(&r, r.bodysz < 64 * 1024 && now_ms() - t0 < PROMPT_MS,
		    "%s: a 400 under 64 kB (%zu bytes) within %d ms (%.0f)",
		    r.what, r.bodysz, PROMPT_MS, now_ms() - t0);
	}
	free(b);
	t_free(&r);
}

/*
 * Template syntax in a name is text, not template: the pages show
 * "{{csrf}}" and the rest as typed (escaped), never what they would
 * expand to.
 */
static void
test_template_names(void)
{
	static const char name[] = "{{csrf}}{{raw:body}}{{#each me}}X{{/each}}";
	struct tres	 r = {0};
	struct tuser	 u;
	struct tweb	 w;
	struct tasm	 a;
	char		 path[256];

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{\"firstName\":%s}",
	    t_q(name));
	if (!T_STATUS(&r, 200) || ASM_NAMED(&u, name, name, &a) == -1 ||
	    WEB_LOGIN(&u, &w) == -1)
		goto out;
	snprintf(path, sizeof(path), "/assess/%s", a.token);
	t_web_req(&r, "GET", path, NULL, NULL);
	if (SANE(&r) && T_STATUS(&r, 200))
		T_CHECKF(&r, strstr(r.body, name) != NULL, "the client's page "
		    "shows %s as typed", name);
	t_web_req(&r, "GET", "/profile", &w, NULL);
	if (SANE(&r) && T_STATUS(&r, 200))
		T_CHECKF(&r, strstr(r.body, name) != NULL &&
		    strstr(r.body, w.csrf) != NULL, "the profile shows %s as "
		    "typed", name);
	snprintf(path, sizeof(path), "/assessments/%s", a.id);
	t_web_req(&r, "GET", path, &w, NULL);
	if (SANE(&r) && T_STATUS(&r, 200))
		T_CHECK(&r, strstr(r.body, name) != NULL);
out:
	t_free(&r);
}

/*
 * Names beyond Latin-1 (accents, CJK, an emoji, a right-to-left mark,
 * combining marks): stored intact, and the report is still rendered; the
 * PDF holds what its fonts can show.
 */
static void
test_unicode_pdf(void)
{
	static const char client[] = "Zo\xc3\xab \xe4\xb8\xad\xe6\x96\x87 "
	    "\xf0\x9f\x98\x80 \xe2\x80\xae" "cba e\xcc\x81";
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	char		 path[96], *text;

	if (t_register(&u) == -1 ||
	    ASM_NAMED(&u, client, "M\xc3\xbcller & S\xc3\xb6hne GmbH", &a) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "GET", path, u.access, NULL);
	T_STR(&r, "clientName", client);
	if (t_asm_answer_at(&a, &t_prof_c, 0, t_prof_c.n, 1, __FILE__,
	    __LINE__) == -1 || REPORT_PDF(&u, &a, &r) == -1)
		goto out;
	if (T_CHECK(NULL, (text = pdf_text(&r)) != NULL)) {
		T_CHECKF(NULL, strstr(text, "M\xc3\xbcller & S\xc3\xb6hne GmbH") !=
		    NULL, "the PDF names the business; its text begins: %.300s",
		    text);
		free(text);
	}
out:
	t_free(&r);
}

/* The page at path (as w) shows SCRIPT escaped, never raw. */
static void
page_escapes_at(const struct tweb *w, const char *path, int must_show,
    const char *file, int line)
{
	struct tres	 r = {0};

	t_web_req(&r, "GET", path, w, NULL);
	if (sane_at(&r, 1, file, line) &&
	    t_check(r.status == 200, &r, file, line, "GET %s: 200", path)) {
		t_check(strstr(r.body, SCRIPT) == NULL && strstr(r.body,
		    "<script>alert") == NULL, NULL, file, line, "GET %s: no raw "
		    "<script> from a name", path);
		if (must_show)
			t_check(strstr(r.body, SCRIPT_ESC) != NULL, NULL, file,
			    line, "GET %s shows the name, escaped as %s", path,
			    SCRIPT_ESC);
	}
	t_free(&r);
}
#define PAGE_ESCAPES(w, path, show) \
	page_escapes_at((w), (path), (show), __FILE__, __LINE__)

/*
 * <script>alert(1)</script> as every name (the consultant's first and
 * last name and company, the client's and the business's): intact in
 * JSON, escaped in every page that shows it (the consultant's, the
 * client's through the link, the admin's), intact in the PDF.
 */
static void
test_script_names(void)
{
	struct tres	 r = {0};
	struct tuser	 u, adm;
	struct tweb	 w, aw;
	struct tasm	 a;
	char		 path[256], *text, *mail;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", u.access, "{\"firstName\":%s,"
	    "\"lastName\":%s,\"company\":%s}", t_q(SCRIPT), t_q(SCRIPT),
	    t_q(SCRIPT));
	if (!SANE(&r) || !T_STATUS(&r, 200))
		goto out;
	T_STR(&r, "firstName", SCRIPT);
	T_STR(&r, "company", SCRIPT);
	if (ASM_NAMED(&u, SCRIPT, SCRIPT, &a) == -1)
		goto out;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "GET", path, u.access, NULL);
	T_STR(&r, "clientName", SCRIPT);
	T_STR(&r, "businessName", SCRIPT);
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	T_STR(&r, "assessments.0.clientName", SCRIPT);
	/* The client's invitation, an HTML mail (read from the outbox). */
	if ((mail = malloc(65536)) == NULL)
		abort();
	if (SQL(mail, 65536, "SELECT body_html FROM mail_outbox WHERE "
	    "assessment_id = '%s' AND kind = 'invite'", a.id) == 0) {
		T_CHECKF(NULL, strstr(mail, SCRIPT) == NULL && strstr(mail,
		    SCRIPT_ESC) != NULL, "the invitation's HTML has the names "
		    "escaped: %.300s", mail);
	}
	free(mail);

	/* The client's pages, through the link, before and after answering. */
	snprintf(path, sizeof(path), "/assess/%s", a.token);
	PAGE_ESCAPES(NULL, path, 1);
	if (t_asm_answer_at(&a, &t_prof_a, 0, t_prof_a.n, 1, __FILE__,
	    __LINE__) == -1)
		goto out;
	snprintf(path, sizeof(path), "/assess/%s/done", a.token);
	PAGE_ESCAPES(NULL, path, 0);

	/* The consultant's pages. */
	if (WEB_LOGIN(&u, &w) == -1)
		goto out;
	PAGE_ESCAPES(&w, "/", 1);
	PAGE_ESCAPES(&w, "/assessments", 1);
	snprintf(path, sizeof(path), "/assessments/%s", a.id);
	PAGE_ESCAPES(&w, path, 1);
	snprintf(path, sizeof(path), "/assessments/%s/delete", a.id);
	PAGE_ESCAPES(&w, path, 1);
	PAGE_ESCAPES(&w, "/profile", 1);
	/* The admin's. */
	if (ADMIN_NEW(&adm) == -1 || WEB_LOGIN(&adm, &aw) == -1)
		goto out;
	PAGE_ESCAPES(&aw, "/admin/users", 1);
	PAGE_ESCAPES(&aw, "/assessments", 1);

	/* The PDF has the names as they are. */
	if (REPORT_PDF(&u, &a, &r) == -1)
		goto out;
	if (T_CHECK(NULL, (text = pdf_text(&r)) != NULL)) {
		T_CHECKF(NULL, strstr(text, SCRIPT) != NULL, "the PDF shows %s "
		    "as it is; its text begins: %.400s", SCRIPT, text);
		T_CHECK(NULL, strstr(text, "&lt;") == NULL);
		free(text);
	}
out:
	t_free(&r);
}

/*
 * No header of r was injected: none named "pwned", no Set-Cookie with
 * it, no value with a CR or LF, and at most one Location.
 */
static int
no_injected(const struct tres *r)
{
	size_t	 i;

	for (i = 0; i < r->hdrsz; i++)
		if (strcasestr(r->hdrs[i].name, "pwned") != NULL ||
		    strpbrk(r->hdrs[i].value, "\r\n") != NULL ||
		    (strcasecmp(r->hdrs[i].name, "Set-Cookie") == 0 &&
		    strstr(r->hdrs[i].value, "pwned") != NULL))
			return 0;
	return t_header_count(r, "Location") <= 1;
}

/*
 * CR/LF in whatever reaches a response header: the request id, a report's
 * file name (from the business name), a redirect's target; no header is
 * ever injected.
 */
static void
test_crlf_headers(void)
{
	static const char *const rid[] = {
		"X-Request-ID: abc\rSet-Cookie: pwned=1\r\n",
		"X-Request-ID: abc\nSet-Cookie: pwned=1\r\n",
		"X-Request-ID: abc\r\n Set-Cookie: pwned=1\r\n",
		"X-Request-ID: abc%0d%0aSet-Cookie:%20pwned=1\r\n",
		"X-Request-ID: abc\xc2\x85Set-Cookie: pwned=1\r\n",
	};
	struct tres	 r = {0};
	struct tuser	 u, adm;
	struct tweb	 aw;
	struct tasm	 a;
	char		 req[512], out[8192], path[256], *hdrend;
	const char	*cd, *loc;
	size_t		 i;
	int		 st;

	for (i = 0; i < NELEM(rid); i++) {
		snprintf(req, sizeof(req), "GET /v1/health HTTP/1.1\r\nHost: "
		    "127.0.0.1\r\n%sConnection: close\r\n\r\n", rid[i]);
		st = raw(req, strlen(req), 0, PROMPT_MS, out, sizeof(out), NULL);
		if ((hdrend = strstr(out, "\r\n\r\n")) != NULL)
			*hdrend = '\0';
		T_CHECKF(NULL, (st == 200 || st == 400) &&
		    strstr(out, "pwned") == NULL, "request id %zu: 200 or 400 "
		    "and no injected header, got %d: %s", i, st, out);
	}
	if (t_register(&u) == -1 ||
	    ASM_NAMED(&u, "Crlf\r\nSet-Cookie: pwned=1", "Evil\r\nSet-Cookie: "
	    "pwned=1\r\n\r\n<html>", &a) == -1)
		goto out;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "GET", path, u.access, NULL);
	T_STR(&r, "businessName", "Evil\r\nSet-Cookie: pwned=1\r\n\r\n<html>");
	T_CHECK(&r, no_injected(&r));
	if (t_asm_answer_at(&a, &t_prof_b, 0, t_prof_b.n, 1, __FILE__,
	    __LINE__) == -1 || REPORT_PDF(&u, &a, &r) == -1)
		goto out;
	cd = t_header(&r, "Content-Disposition");
	T_CHECKF(&r, no_injected(&r) && t_header_count(&r,
	    "Content-Disposition") == 1 && cd != NULL && strpbrk(cd, "\r\n") ==
	    NULL && strncmp(cd, "attachment; filename=\"", 22) == 0,
	    "one safe Content-Disposition, no injected header: %s", cd);

	/* Redirect targets of the web UI. */
	if (ADMIN_NEW(&adm) == -1 || WEB_LOGIN(&adm, &aw) == -1)
		goto out;
	t_web_req(&r, "GET", "/admin/users?page=9999&ok=%0d%0aSet-Cookie:"
	    "%20pwned=1", &aw, NULL);
	loc = t_header(&r, "Location");
	if (SANE(&r))
		T_CHECKF(&r, no_injected(&r) && (loc == NULL || (loc[0] == '/' &&
		    strpbrk(loc, "\r\n") == NULL)), "no injected header, a local "
		    "Location: %s", loc ? loc : "(none)");
	snprintf(path, sizeof(path), "/assessments/%s%%0d%%0aSet-Cookie:%%20"
	    "pwned=1", a.id);
	t_web_req(&r, "POST", path, &aw, "notes=x");
	if (SANE(&r))
		T_CHECK(&r, (r.status == 404 || r.status == 400) &&
		    no_injected(&r));
	t_web_req(&r, "GET", "/login?next=%0d%0aLocation:%20http://evil.example",
	    &aw, NULL);
	if (SANE(&r))
		T_CHECK(&r, no_injected(&r) && (t_header(&r, "Location") == NULL ||
		    strcmp(t_header(&r, "Location"), "/") == 0));
out:
	t_free(&r);
}

/*
 * "../" and its encodings in ids and paths: 404 (or 400), never a file,
 * never another resource.
 */
static void
test_dotdot(void)
{
	static const char *const api[] = {
		"/v1/assessments/..%2f..%2fetc%2fpasswd",
		"/v1/assessments/%2e%2e%2f%2e%2e%2fusers%2fme",
		"/v1/assessments/%2e%2e",
		"/v1/assessments/asm_..%2f..%2f..%2f",
		"/v1/assessments/..%5c..%5cwindows",
		"/v1/assessments/%252e%252e%252f",
		"/v1/assessments/..%c0%af..%c0%af",
		"/v1/assessments/%2e%2e%2fresponses/responses",
		"/v1/reports/..%2f..%2f/download",
		"/v1/reports/%2e%2e%2f%2e%2e%2fconf%2frise.conf",
		"/v1/reports/rpt_%2e%2e%2f/download",
		"/v1/admin/users/..%2f..%2f",
		"/assess/..%2f..%2fetc%2fpasswd",
		"/assess/%2e%2e%2f%2e%2e%2fconf%2frise.conf/done",
		"/assessments/%2e%2e%2f%2e%2e%2fprofile",
		"/reports/..%2f..%2fconf/download",
		"/charts/assessments/..%2f..%2f/phases.png",
		"/charts/assessments/%2e%2e/..%2fdisc.png",
		"/static/..%2f..%2fconf%2frise.conf",
		"/static/%2e%2e/%2e%2e/conf/rise.conf",
		"/static/../../conf/rise.conf",
		"/v1/../conf/rise.conf",
		"/v1/assessments/../../../../etc/passwd",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tweb	 w;
	char		 req[T_TOKSZ + 512], out[8192];
	size_t		 i;
	int		 st;

	if (t_register(&u) == -1 || WEB_LOGIN(&u, &w) == -1)
		return;
	for (i = 0; i < NELEM(api); i++) {
		if (strncmp(api[i], "/v1/", 4) == 0)
			t_req_raw(&r, "GET", api[i], u.access, NULL, NULL, NULL, 0);
		else
			t_web_req(&r, "GET", api[i], &w, NULL);
		T_CHECKF(&r, (r.status == 404 || r.status == 400 ||
		    (r.status == 403 && from_web_server(&r))) &&
		    strstr(r.body, "root:") == NULL && strstr(r.body,
		    "secret_file") == NULL, "GET %s: 404 or 400 (or lighttpd's "
		    "403)", api[i]);
		if (strncmp(api[i], "/static/", 8) != 0)
			SANE_ANY(&r);
		/* The same bytes on the wire, not normalized by curl. */
		snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "Authorization: Bearer %s\r\nCookie: %s\r\nConnection: "
		    "close\r\n\r\n", api[i], u.access, w.cookie);
		st = raw(req, strlen(req), 0, PROMPT_MS, out, sizeof(out), NULL);
		T_CHECKF(NULL, (st == 404 || st == 400 || st == 403) &&
		    strstr(out, "root:") == NULL && strstr(out, "secret_file") ==
		    NULL, "raw GET %s: 404, 400 or 403, got %d", api[i], st);
		pace();
	}
	t_free(&r);
}

/* One of the hostile requests of test_rss_flat, number i. */
static void
hostile_one(struct tres *r, long i, const struct tuser *u, char *deep)
{
	static const char *const bodies[] = {
		"{\"clientName\":",			/* truncated */
		"{\"clientName\":\"a\",\"clientName\":\"b\"}",
		"{\"clientName\":\"\xc0\xaf\"}",
		"{\"clientName\":\"a\\u0000\"}",
		"[1,2,3]",
		"{\"clientName\":NaN}",
		"{'clientName':'a'}",
		"{\"clientName\":\"a\"} trailing",
		"{\"notes\":\"' OR 1=1 --\",\"clientName\":5}",
	};
	static const char *const paths[] = {
		"/v1/assessments?page=%27%20OR%201%3D1",
		"/v1/assessments?limit=-1&sort=x%27",
		"/v1/assessments/asm_%27%3B--",
		"/v1/assessments/..%2f..%2f",
	};
	long	 k = i % 16;

	if (k < (long)NELEM(bodies))
		t_req_raw(r, "POST", "/v1/assessments", k % 2 ? u->access : NULL,
		    NULL, "application/json", bodies[k], strlen(bodies[k]));
	else if (k == 9)
		t_req_raw(r, "POST", "/v1/assessments", NULL, NULL,
		    "application/json", deep, strlen(deep));
	else if (k == 10)
		t_req_raw(r, "POST", "/v1/assessments", NULL, NULL, "text/plain",
		    "x", 1);
	else if (k == 11)
		t_req_raw(r, "GET", "/v1/assessments", "eyJhbGciOiJub25lIn0.e30.",
		    NULL, NULL, NULL, 0);
	else
		t_req_raw(r, "GET", paths[k - 12], k % 2 ? u->access : NULL,
		    NULL, NULL, NULL, 0);
}

/*
 * The workers of one program (assessments.fcgi) stay the same processes
 * over 1,000 hostile requests, and their resident memory stays flat:
 * after RSS_WARMUP requests to warm up, the sum of their VmRSS grows by
 * less than RSS_BOUND_KB over RSS_REQUESTS more (a leak of 1 kB a request
 * would be 1000 kB).  In the sanitizer build, whose quarantine keeps freed
 * memory by design, only the processes are checked, over 100 requests
 * (LeakSanitizer checks each worker after every request there).
 */
static void
test_rss_flat(void)
{
	struct tres	 r = {0};
	struct tuser	 u[4];
	pid_t		 pids[MAX_PIDS];
	long		 before = 0, after = 0, i, bad = 0, kb;
	char		*deep;
	int		 n, k, asan;

	for (k = 0; k < 4; k++)
		if (t_register(&u[k]) == -1)
			return;
	if ((n = FIND_WORKERS("assessments.fcgi", pids)) == 0)
		return;
	if ((deep = malloc(20000 + 64)) == NULL)
		abort();
	strcpy(deep, "{\"a\":");
	memset(deep + 5, '[', 20000);
	strcpy(deep + 20005, "}");
	asan = sanitized(pids[0]);
	for (i = 0; i < RSS_WARMUP + RSS_REQUESTS; i++) {
		if (i == RSS_WARMUP)
			for (k = 0; k < n; k++)
				before += rss_kb(pids[k]);
		pace();
		/* Authenticated ones: under 100 per user and window. */
		hostile_one(&r, i, &u[(i / 16) % 4], deep);
		if (r.status == 0 || r.status >= 500 || leak_in(&r) != NULL ||
		    headers_missing(&r) != NULL)
			bad++;
		if (bad == 1 && r.status != 0)
			SANE(&r);	/* the first bad answer, in full */
	}
	for (k = 0; k < n; k++)
		if ((kb = rss_kb(pids[k])) > 0)
			after += kb;
	T_CHECKF(NULL, bad == 0, "%ld of %d hostile requests were not answered "
	    "sanely (see the first above)", bad, RSS_WARMUP + RSS_REQUESTS);
	SAME_WORKERS("assessments.fcgi", pids, n);
	printf("(%d workers, VmRSS %ld kB -> %ld kB over %d requests%s) ", n,
	    before, after, RSS_REQUESTS, asan ? ", sanitizer build" : "");
	if (!asan)
		T_CHECKF(NULL, before > 0 && after - before < RSS_BOUND_KB,
		    "VmRSS of the %d workers grows less than %d kB over %d "
		    "hostile requests: %ld kB -> %ld kB", n, RSS_BOUND_KB,
		    RSS_REQUESTS, before, after);
	PROMPT(&u[0]);
	free(deep);
	t_free(&r);
}

/* === headers ========================================================= */

/*
 * The security headers on every kind of answer of every program: 200,
 * 201, 204, 303, 400, 401, 403, 404, 405, 409, 413, 415 and 429, from the
 * API and the pages.
 */
static void
test_security_headers(void)
{
	struct tres	 r = {0};
	struct tuser	 u, v;
	struct tweb	 w;
	char		*big;
	int		 i;

	if (t_register(&u) == -1 || t_register(&v) == -1 ||
	    WEB_LOGIN(&u, &w) == -1)
		return;
#define H(st) do { \
	if (SANE(&r)) \
		T_CHECKF(&r, r.status == (st), "%s: status %d", r.what, (st)); \
} while (0)
	t_req(&r, "GET", "/v1/health", NULL, NULL);
	H(200);
	t_req(&r, "GET", "/v1/users/me", u.access, NULL);
	H(200);
	t_req(&r, "POST", "/v1/assessments", u.access, "{\"clientName\":\"A\","
	    "\"clientEmail\":\"c@example.com\",\"businessName\":\"B\","
	    "\"assessmentType\":\"collaborative\"}");
	H(201);
	t_req(&r, "POST", "/v1/auth/logout", v.access, NULL);
	H(204);
	t_req(&r, "POST", "/v1/assessments", u.access, "{}");
	H(400);
	t_req(&r, "GET", "/v1/users/me", NULL, NULL);
	H(401);
	t_req(&r, "GET", "/v1/admin/users", u.access, NULL);
	H(403);
	t_req(&r, "GET", "/v1/nothing-here", NULL, NULL);
	H(404);
	t_req(&r, "GET", "/v1/assessments/asm_00000000000000000000", u.access,
	    NULL);
	H(404);
	t_req(&r, "DELETE", "/v1/health", NULL, NULL);
	H(405);
	pace();
	t_req(&r, "POST", "/v1/auth/register", NULL, "{\"email\":%s,"
	    "\"password\":%s,\"firstName\":\"A\",\"lastName\":\"B\"}",
	    t_q(u.email), t_q(T_PASSWORD));
	H(409);
	if ((big = malloc((2 << 20) + 1)) == NULL)
		abort();
	memset(big, ' ', 2 << 20);
	big[0] = '{';
	big[(2 << 20) - 1] = '}';
	t_req_raw(&r, "POST", "/v1/assessments", u.access, NULL,
	    "application/json", big, 2 << 20);
	H(413);
	free(big);
	t_req_raw(&r, "POST", "/v1/assessments", u.access, NULL, "text/plain",
	    "x", 1);
	H(415);
	for (i = 0; i < 7 && r.status != 429; i++) {
		t_req(&r, "POST", "/v1/auth/login", NULL, "{\"email\":%s,"
		    "\"password\":\"x\"}", t_q(v.email));
	}
	H(429);
	/* The pages. */
	t_web_req(&r, "GET", "/", &w, NULL);
	H(200);
	t_web_req(&r, "GET", "/", NULL, NULL);
	H(303);
	t_web_req(&r, "POST", "/profile", &w, "firstName=&lastName=");
	H(400);
	t_web_req(&r, "GET", "/admin/users", &w, NULL);
	H(403);
	t_web_req(&r, "GET", "/nothing-here", &w, NULL);
	H(404);
	t_web_req(&r, "DELETE", "/profile", &w, NULL);
	H(405);
	t_web_req(&r, "POST", "/profile", &w, NULL);
	{
		struct tweb	 bad = w;

		snprintf(bad.csrf, sizeof(bad.csrf), "x");
		t_web_req(&r, "POST", "/profile", &bad, NULL);
		H(403);
	}
	t_web_req(&r, "GET", "/assess/asm_00000000000000000000_x", NULL, NULL);
	H(404);
#undef H
	/* Static files, which the web server sends itself (no request id). */
	for (i = 0; i < 2; i++) {
		const char	*miss;

		t_req(&r, "GET", i == 0 ? "/static/app.css" : "/openapi.yaml", NULL, NULL);
		/* headers_missing checks these before Cache-Control and the id. */
		miss = headers_missing(&r);
		if (T_STATUS(&r, 200))
			T_CHECKF(&r, miss == NULL || strcmp(miss, "Cache-Control") == 0 ||
			    strcmp(miss, "one X-Request-ID") == 0,
			    "%s: security headers (missing: %s)", r.what, miss);
	}
	t_free(&r);
}

/* Cookie attribute attr (e.g. "HttpOnly", "Max-Age=0") in the Set-Cookie c. */
static int
has_attr(const char *c, const char *attr)
{
	const char	*p = c;
	size_t		 n = strlen(attr);

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ')
			p++;
		if (strncasecmp(p, attr, n) == 0 && (p[n] == ';' ||
		    p[n] == '\0' || attr[n - 1] == '='))
			return 1;
	}
	return 0;
}

/*
 * The Set-Cookie headers of r: each named prefix+"rise"/"rise_csrf",
 * HttpOnly, SameSite=Strict, Path=/, no Domain, and Secure if secure.
 * Returns how many there were (0 after recording a failure).
 */
static int
cookies_ok_at(const struct tres *r, int secure, const char *file, int line)
{
	const char	*c, *prefix = secure ? "__Host-" : "";
	size_t		 i, pl = strlen(prefix);
	int		 n = 0, ok;

	for (i = 0; i < r->hdrsz; i++) {
		if (strcasecmp(r->hdrs[i].name, "Set-Cookie") != 0)
			continue;
		c = r->hdrs[i].value;
		n++;
		ok = strncmp(c, prefix, pl) == 0 &&
		    (strncmp(c + pl, "rise=", 5) == 0 ||
		    strncmp(c + pl, "rise_csrf=", 10) == 0) &&
		    has_attr(c, "HttpOnly") && has_attr(c, "SameSite=Strict") &&
		    has_attr(c, "Path=/") && !has_attr(c, "Domain=") &&
		    has_attr(c, "Secure") == secure;
		t_check(ok, NULL, file, line, "%s: Set-Cookie %s<name>=...; "
		    "Path=/; HttpOnly; SameSite=Strict%s, no Domain: %s", r->what,
		    prefix, secure ? "; Secure" : ", not Secure", c);
	}
	t_check(n > 0, r, file, line, "%s sets a cookie", r->what);
	return n;
}
#define COOKIES_OK(r, secure)	cookies_ok_at((r), (secure), __FILE__, __LINE__)

/*
 * Signs in through the form with extra headers (hdrs, up to 2), the
 * cookies checked for secure; the session cookie "name=value" into
 * cookie.  Returns 0, or -1 after recording a failure.
 */
static int
form_login_at(const struct tuser *u, const char *xfp, int secure,
    char *cookie, size_t cookiesz, const char *file, int line)
{
	struct tres	 r = {0};
	char		 ip[96], ck[256], csrf[128], *body = NULL;
	const char	*hdrs[4] = { ip, NULL, NULL, NULL }, *c;
	const char	*cname = secure ? "__Host-rise_csrf=" : "rise_csrf=";
	const char	*sname = secure ? "__Host-rise=" : "rise=";
	size_t		 i;
	int		 rc = -1;

	snprintf(ip, sizeof(ip), "X-Forwarded-For: %s", t_new_ip());
	hdrs[1] = xfp;
	t_req_raw(&r, "GET", "/login", NULL, hdrs, NULL, NULL, 0);
	if (!t_check(r.status == 200 && t_html_csrf(&r, csrf, sizeof(csrf)) ==
	    0, &r, file, line, "GET /login: 200 with a form") ||
	    cookies_ok_at(&r, secure, file, line) == 0)
		goto out;
	for (i = 0, ck[0] = '\0'; i < r.hdrsz; i++)
		if (strcasecmp(r.hdrs[i].name, "Set-Cookie") == 0 &&
		    strncmp(r.hdrs[i].value, cname, strlen(cname)) == 0)
			snprintf(ck, sizeof(ck), "Cookie: %.*s", (int)strcspn(
			    r.hdrs[i].value, ";"), r.hdrs[i].value);
	if (!t_check(ck[0] != '\0', &r, file, line, "a %s cookie", cname))
		goto out;
	hdrs[xfp != NULL ? 2 : 1] = ck;
	if (asprintf(&body, "csrf=%s&email=%s&password=%s", t_urlenc(csrf),
	    t_urlenc(u->email), t_urlenc(u->password)) == -1)
		abort();
	t_req_raw(&r, "POST", "/login", NULL, hdrs,
	    "application/x-www-form-urlencoded", body, strlen(body));
	if (!t_check(r.status == 303, &r, file, line, "POST /login: 303") ||
	    cookies_ok_at(&r, secure, file, line) == 0)
		goto out;
	for (i = 0; i < r.hdrsz; i++)
		if (strcasecmp(r.hdrs[i].name, "Set-Cookie") == 0 &&
		    strncmp((c = r.hdrs[i].value), sname, strlen(sname)) == 0)
			snprintf(cookie, cookiesz, "%.*s", (int)strcspn(c, ";"), c);
	rc = t_check(cookie[0] != '\0', &r, file, line, "a %s cookie", sname) ?
	    0 : -1;
out:
	free(body);
	t_free(&r);
	return rc;
}
#define FORM_LOGIN(u, xfp, secure, c) \
	form_login_at((u), (xfp), (secure), (c), sizeof(c), __FILE__, __LINE__)

/*
 * Over http the web UI's cookies are HttpOnly and SameSite=Strict (not
 * Secure: a browser would drop them); signing out clears the session
 * cookie with the same attributes.
 */
static void
test_cookies_http(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tweb	 w;
	char		 cookie[256];

	cookie[0] = '\0';
	if (t_register(&u) == -1 || FORM_LOGIN(&u, NULL, 0, cookie) == -1)
		return;
	snprintf(w.cookie, sizeof(w.cookie), "%.150s", cookie);
	t_web_req(&r, "GET", "/profile", &w, NULL);
	if (!T_STATUS(&r, 200) ||
	    !T_CHECK(&r, t_html_csrf(&r, w.csrf, sizeof(w.csrf)) == 0))
		goto out;
	t_web_req(&r, "POST", "/logout", &w, NULL);
	if (T_STATUS(&r, 303) && COOKIES_OK(&r, 0))
		T_CHECK(&r, has_attr(t_header(&r, "Set-Cookie"), "Max-Age=0"));
	t_web_req(&r, "GET", "/profile", &w, NULL);
	T_STATUS(&r, 303);
out:
	t_free(&r);
}

/*
 * Behind the trusted proxy saying X-Forwarded-Proto: https, the cookies
 * are __Host- prefixed and Secure, and the session works only under that
 * name and over https.
 */
static void
test_cookies_https_proxy(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 cookie[256], ck[300];
	const char	*hdrs[3] = { "X-Forwarded-Proto: https", ck, NULL };

	cookie[0] = '\0';
	if (t_register(&u) == -1 ||
	    FORM_LOGIN(&u, "X-Forwarded-Proto: https", 1, cookie) == -1)
		return;
	snprintf(ck, sizeof(ck), "Cookie: %s", cookie);
	t_req_raw(&r, "GET", "/profile", NULL, hdrs, NULL, NULL, 0);
	T_STATUS(&r, 200);
	/* The same session over http, or under the http name: no session. */
	t_req_raw(&r, "GET", "/profile", NULL, hdrs + 1, NULL, NULL, 0);
	T_STATUS(&r, 303);
	snprintf(ck, sizeof(ck), "Cookie: %s", cookie + 7);
	t_req_raw(&r, "GET", "/profile", NULL, hdrs, NULL, NULL, 0);
	T_STATUS(&r, 303);
	t_free(&r);
}

/*
 * X-Forwarded-Proto from a peer that is not a trusted proxy changes
 * nothing: plain cookie names, not Secure.
 */
static void
test_cookies_xfp_untrusted(void)
{
	struct tres	 r = {0};
	const char	*hdrs[] = { "X-Forwarded-Proto: https", NULL };

	t_set_source(t_untrusted_addr(0));
	t_req_raw(&r, "GET", "/login", NULL, hdrs, NULL, NULL, 0);
	t_set_source(NULL);
	if (T_CHECKF(&r, r.status == 200, "GET /login from %s: 200 (the "
	    "source address works)", t_untrusted_addr(0)))
		COOKIES_OK(&r, 0);
	t_free(&r);
}

void
suite_hostile(void)
{
	CU_pSuite	 s = t_suite("hostile");

	T_ADD(s, test_huge_content_length);
	T_ADD(s, test_big_body);
	T_ADD(s, test_short_body);
	T_ADD(s, test_deep_nesting);
	T_ADD(s, test_bad_utf8);
	T_ADD(s, test_nul);
	T_ADD(s, test_duplicate_keys);
	T_ADD(s, test_many_keys);
	T_ADD(s, test_sql_meta_fields);
	T_ADD(s, test_sql_meta_query);
	T_ADD(s, test_script_names);
	T_ADD(s, test_unicode_pdf);
	T_ADD(s, test_template_names);
	T_ADD(s, test_crlf_headers);
	T_ADD(s, test_dotdot);
	T_ADD(s, test_rss_flat);
}

void
suite_headers(void)
{
	CU_pSuite	 s = t_suite("headers");

	T_ADD(s, test_security_headers);
	T_ADD(s, test_cookies_http);
	T_ADD(s, test_cookies_https_proxy);
	T_ADD(s, test_cookies_xfp_untrusted);
}
