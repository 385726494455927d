/* serve.c: the FastCGI loop and the dispatcher. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fcgiapp.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "cors.h"
#include "input.h"
#include "log.h"
#include "serve.h"
#include "util.h"
#include "web.h"

/* Allocations from this size up are mmapped, and unmapped when freed. */
#define SERVE_MMAP_THRESHOLD	(256 * 1024)

static volatile sig_atomic_t busy, stopping;

/*
 * SIGTERM: exit at once when idle; otherwise finish the request in
 * flight and exit before accepting another.
 */
static void
on_term(int sig)
{
	(void)sig;
	if (!busy)
		_exit(0);
	stopping = 1;
}

static int
trusted(const void *arg, const char *addr)
{
	return cfg_trusted_proxy(arg, addr);
}

/* "application/json", optionally with parameters such as a charset. */
static bool
is_json_type(const char *ct)
{
	size_t	n = strlen("application/json");

	if (ct == NULL || strncasecmp(ct, "application/json", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* Parses r->body as one JSON object; false if it is anything else. */
static bool
parse_json(struct req *r)
{
	r->json = req_json_parse(r->body, r->bodylen);
	return r->json != NULL;
}

/* "application/x-www-form-urlencoded", optionally with parameters. */
static bool
is_form_type(const char *ct)
{
	size_t	n = strlen("application/x-www-form-urlencoded");

	if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* Reads the body: 0 if read, else the error status already set. */
static int
read_body(struct req *r, const struct serve_io *io, bool form)
{
	size_t	got = 0;
	long	n;

	if (r->content_length <= 0)
		return 0;
	if (r->content_length > r->app->cfg.body_max)
		return resp_error(r, RESP_PAYLOAD_TOO_LARGE, NULL, NULL);
	if (form ? !is_form_type(r->content_type) : !is_json_type(r->content_type))
		return resp_error(r, RESP_UNSUPPORTED_MEDIA_TYPE, form ?
		    "Content-Type must be application/x-www-form-urlencoded" : NULL, NULL);
	if ((r->body = malloc((size_t)r->content_length + 1)) == NULL)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	while (got < (size_t)r->content_length) {
		n = io->read(io->arg, r->body + got, (size_t)r->content_length - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	r->body[got] = '\0';
	r->bodylen = got;
	if (got != (size_t)r->content_length)
		return resp_error(r, RESP_INVALID_REQUEST, "Incomplete request body", NULL);
	return 0;
}

/*
 * Checks the bearer token and the session: 0 if valid, else the status.
 * Unless c is RL__MAX the request is also counted as c for the user in the
 * same statement (auth_request), one round trip for both.
 */
static int
authenticate(struct req *r, enum rl_class c)
{
	struct auth_claims	 cl;
	const struct rl_limit	*l = &r->app->cfg.rate[c < RL__MAX ? c : RL_DEFAULT];
	const char		*a = r->authorization;
	char			 key[RL_KEY_MAX], subject[8 + UTIL_ID_MAX], window[16];
	PGresult		*res;
	enum auth_verdict	 v;

	if (a == NULL || strncasecmp(a, "Bearer ", 7) != 0 || a[7] == '\0')
		return resp_error(r, RESP_UNAUTHORIZED, "Missing or invalid access token", NULL);
	v = auth_jwt_verify(&r->app->key, a + 7, time(NULL), &cl);
	if (v == AUTH_EXPIRED)
		return resp_error(r, RESP_TOKEN_EXPIRED, NULL, NULL);
	if (v != AUTH_VALID)
		return resp_error(r, RESP_UNAUTHORIZED, NULL, NULL);
	if (c < RL__MAX) {
		snprintf(subject, sizeof(subject), "user:%s", cl.sub);
		rl_key(key, c, subject);
	}
	snprintf(window, sizeof(window), "%d", l->window);
	/* Logout, suspension and deletion take effect at once. */
	if ((res = DB_Q(r->app->db, STMT_AUTH_REQUEST, cl.sid, cl.sub,
	    c < RL__MAX ? key : NULL, window)) == NULL)
		return resp_db_error(r);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return resp_error(r, RESP_UNAUTHORIZED, NULL, NULL);
	}
	r->who.ok = true;
	snprintf(r->who.user_id, sizeof(r->who.user_id), "%s", cl.sub);
	snprintf(r->who.session_id, sizeof(r->who.session_id), "%s", cl.sid);
	snprintf(r->who.org_id, sizeof(r->who.org_id), "%s", db_get(res, 0, 0));
	snprintf(r->who.role, sizeof(r->who.role), "%s", db_get(res, 0, 1));
	if (c < RL__MAX)
		rl_counted(&r->rl, l, db_getll(res, 0, 2), (time_t)db_getll(res, 0, 3));
	PQclear(res);
	return 0;
}

/*
 * Counts the request, unless authenticate did: 0 if within the limit,
 * else the status.
 */
static int
limit(struct req *r, enum rl_class c)
{
	char		 subject[REQ_IP_MAX + UTIL_ID_MAX];
	long long	 retry;
	json_object	*d;

	/*
	 * A client answering through the link (no account) makes about a
	 * hundred requests in one sitting: pages, saves and autosaves.
	 */
	if (c == RL_DEFAULT && !r->who.ok && r->assessment_token != NULL)
		c = RL_CLIENT;
	if (r->who.ok && c != RL_LOGIN && c != RL_REGISTER)
		snprintf(subject, sizeof(subject), "user:%s", r->who.user_id);
	else
		snprintf(subject, sizeof(subject), "ip:%s", r->client_ip);
	if (!r->rl.counted &&
	    rl_hit(r->app->db, c, subject, &r->app->cfg.rate[c], &r->rl) != APP_OK)
		return resp_db_error(r);
	if (!r->rl.exceeded)
		return 0;
	retry = (long long)(r->rl.reset - time(NULL));
	if (retry < 1)
		retry = 1;
	d = json_object_new_object();
	json_object_object_add(d, "retryAfter", json_object_new_int64(retry));
	{
		char	s[24];

		snprintf(s, sizeof(s), "%lld", retry);
		(void)resp_header(r, "Retry-After", s);
	}
	return resp_error(r, RESP_RATE_LIMIT_EXCEEDED, NULL, d);
}

/* Everything between a parsed request and its response. */
static void
dispatch(struct req *r, const struct serve_io *io)
{
	struct app		*app = r->app;
	const struct route	*rt;
	char			 allow[64];
	enum rl_class		 c;
	enum app_err		 rc = APP_OK;
	int			 st;

	if ((r->segs = strdup(r->path)) == NULL) {
		resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		return;
	}
	switch (route_match(app->routes, app->nroutes, r->method, r->segs, &rt,
	    r->params, allow, sizeof(allow))) {
	case ROUTE_NOT_FOUND:
		/* A page shows its navigation to whoever is signed in. */
		if (app->env == RESP_ENV_HTML && web_authenticate(r, false) != 0)
			return;
		if (limit(r, app->env == RESP_ENV_HTML ? RL_WEB : RL_DEFAULT) == 0)
			resp_error(r, RESP_NOT_FOUND, NULL, NULL);
		return;
	case ROUTE_BAD_METHOD:
		if (limit(r, RL_DEFAULT) == 0) {
			/* A browser asking whether another origin may call. */
			if (app->env == RESP_ENV_FRISE && cors_preflight(r, allow))
				return;
			(void)resp_header(r, "Allow", allow);
			resp_error(r, RESP_METHOD_NOT_ALLOWED, NULL, NULL);
		}
		return;
	case ROUTE_FOUND:
		break;
	}
	r->route = rt;
	if ((st = read_body(r, io, rt->flags & ROUTE_FORM)) != 0) {
		(void)limit(r, RL_DEFAULT);
		return;
	}
	if ((rt->flags & ROUTE_FORM) && r->body != NULL &&
	    req_query_parse(r->body, &r->form, &r->nform) != APP_OK) {
		if (limit(r, rt->rl) == 0)
			resp_error(r, RESP_INVALID_REQUEST, "Malformed form", NULL);
		return;
	}
	if ((rt->flags & ROUTE_JSON) && !parse_json(r)) {
		if (limit(r, rt->rl) == 0)
			resp_error(r, RESP_INVALID_REQUEST,
			    "Request body must be a well-formed JSON object", NULL);
		return;
	}
	if ((rt->flags & ROUTE_AUTH) ||
	    ((rt->flags & ROUTE_AUTH_OPT) && r->authorization != NULL)) {
		/* The user's count goes with the session check (limit below). */
		c = (rt->flags & ROUTE_NOLIMIT) || rt->rl == RL_LOGIN ||
		    rt->rl == RL_REGISTER ? RL__MAX : rt->rl;
		if ((st = authenticate(r, c)) != 0) {
			/* Count failures against the client's address too. */
			if (db_unavailable(app->db) || limit(r, RL_DEFAULT) == 0)
				r->status = st;
			return;
		}
	}
	if ((rt->flags & (ROUTE_COOKIE | ROUTE_COOKIE_OPT)) &&
	    (st = web_authenticate(r, rt->flags & ROUTE_COOKIE)) != 0) {
		(void)limit(r, RL_DEFAULT);
		return;
	}
	if (!(rt->flags & ROUTE_NOLIMIT) && limit(r, rt->rl) != 0)
		return;
	if ((rt->flags & ROUTE_CSRF) && r->method == REQ_POST && web_csrf_check(r) != 0)
		return;
	if ((rt->flags & ROUTE_ADMIN) && strcmp(r->who.role, "admin") != 0) {
		resp_error(r, RESP_FORBIDDEN, NULL, NULL);
		return;
	}
	if (rt->flags & ROUTE_READ)
		rc = db_read(app->db, r->who.org_id, r->who.user_id, r->who.role);
	else if (!(rt->flags & ROUTE_NOTX) && (rc = db_begin(app->db)) == APP_OK &&
	    r->who.ok)
		rc = db_tenant(app->db, r->who.org_id, r->who.user_id, r->who.role);
	if (rc != APP_OK) {
		db_rollback(app->db);
		resp_db_error(r);
		return;
	}
	st = rt->handler(r);
	r->status = st;
	if (st < 400) {
		if (db_commit(app->db) != APP_OK)
			resp_db_error(r);
	} else
		db_rollback(app->db);
}

void
serve_request(struct app *app, const struct serve_io *io)
{
	struct req	 r;
	uint8_t		 rnd[16];
	char		*out;
	size_t		 len = 0;
	enum app_err	 rc;
	static const char oom[] = "Status: 500 Internal Server Error\r\n\r\n";

	memset(&r, 0, sizeof(r));
	r.app = app;
	r.started = util_now_us();
	rc = req_parse(&r, io->envp, trusted, &app->cfg);
	if (r.rid[0] == '\0') {
		if (util_random(rnd, sizeof(rnd)) == APP_OK)
			util_hex(r.rid, rnd, sizeof(rnd));
		else
			snprintf(r.rid, sizeof(r.rid), "%d-%lld", (int)getpid(),
			    (long long)r.started);
	}
	if (rc == APP_ERR_INVALID)
		resp_error(&r, RESP_INVALID_REQUEST, "Malformed request", NULL);
	else if (rc != APP_OK)
		resp_error(&r, RESP_INTERNAL_ERROR, NULL, NULL);
	else
		dispatch(&r, io);
	if (r.status == 0)
		resp_error(&r, RESP_INTERNAL_ERROR, NULL, NULL);
	/* The web UI shows its errors as pages in the layout. */
	if (app->env == RESP_ENV_HTML && r.error)
		web_error_page(&r);
	else if (app->env == RESP_ENV_FRISE)
		cors_headers(&r);
	if ((out = resp_render(&r, app->env, &len)) == NULL)
		(void)io->write(io->arg, oom, sizeof(oom) - 1);
	else
		(void)io->write(io->arg, out, len);
	free(out);
	/* A client link's secret never reaches the log: /assess/<id>_… */
	if (r.path != NULL && strncmp(r.path, "/assess/", 8) == 0 &&
	    strlen(r.path) >= 8 + 4 + UTIL_ID_RANDLEN + sizeof("_..."))
		memcpy(r.path + 8 + 4 + UTIL_ID_RANDLEN, "_...", sizeof("_..."));
	LOG_INFO(r.rid, "%s %s %d %.1fms ip=%s user=%s", r.method_name,
	    r.path ? r.path : "-", r.status,
	    (double)(util_now_us() - r.started) / 1000.0, r.client_ip,
	    r.who.ok ? r.who.user_id : "-");
	req_free(&r);
}

static long
fcgi_read(void *arg, char *buf, size_t len)
{
	return FCGX_GetStr(buf, len > 65536 ? 65536 : (int)len, ((FCGX_Request *)arg)->in);
}

static int
fcgi_write(void *arg, const char *buf, size_t len)
{
	return FCGX_PutStr(buf, (int)len, ((FCGX_Request *)arg)->out);
}

int
serve_main(const char *name, enum resp_env env, const struct route *routes,
    size_t nroutes)
{
	struct app		 app;
	struct sigaction	 sa;
	FCGX_Request		 fr;
	struct serve_io		 io;
	char			 err[512];
	int			 status = 1;

	/*
	 * Give large blocks back to the system when freed.  glibc raises its
	 * mmap threshold to the size of the largest mmapped block freed (up
	 * to 32 MiB), so after the first login Argon2id's 19 MiB came from
	 * the heap and stayed there: auth.fcgi sat at 29 MiB.  A fixed
	 * threshold turns that off, at the price of the page faults of a fresh
	 * mapping at every login (BENCHMARKS.md, "HTTP").
	 */
	(void)mallopt(M_MMAP_THRESHOLD, SERVE_MMAP_THRESHOLD);
	memset(&app, 0, sizeof(app));
	app.name = name;
	app.env = env;
	app.routes = routes;
	app.nroutes = nroutes;
	if (cfg_load(&app.cfg, NULL, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "%s: %s\n", name, err);
		goto out;
	}
	log_init(name, app.cfg.log_level);
	if (auth_key_load(&app.key, &app.cfg, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "%s: %s\n", name, err);
		goto out;
	}
	if (db_open(&app.db, &app.cfg, false) != APP_OK) {
		fprintf(stderr, "%s: out of memory\n", name);
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, 0, 0) != 0) {
		fprintf(stderr, "%s: cannot initialise FastCGI\n", name);
		goto out;
	}
	LOG_INFO(NULL, "started");
	while (!stopping && FCGX_Accept_r(&fr) >= 0) {
		busy = 1;
		io.envp = fr.envp;
		io.read = fcgi_read;
		io.write = fcgi_write;
		io.arg = &fr;
		serve_request(&app, &io);
		FCGX_Finish_r(&fr);
#ifdef __SANITIZE_ADDRESS__
		/*
		 * Sanitizer builds: what one request leaked is reported now,
		 * since a worker is stopped with _exit() and never reaches the
		 * leak check at exit.
		 */
		__lsan_do_recoverable_leak_check();
#endif
		busy = 0;
	}
	status = 0;
out:
	db_close(app.db);
	explicit_bzero(&app.key, sizeof(app.key));
	cfg_free(&app.cfg);
	return status;
}
