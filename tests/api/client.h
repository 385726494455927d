/*
 * client.h: HTTP + JSON helpers for the API integration tests.
 *
 * The tests talk to a real running server (scripts/test-api.sh starts it)
 * at $RISE_TEST_URL, e.g. http://127.0.0.1:18080.  One process, one libcurl
 * handle, keep-alive between requests.
 *
 * A response lives in a struct tres on the caller's stack.  Zero it once
 * (`struct tres r = {0};`), reuse it for as many requests as you like (each
 * request frees what the previous one left, after copying its arguments,
 * so these may point into the previous response) and call t_free() at the
 * end:
 *
 *	struct tres r = {0};
 *
 *	t_req(&r, "POST", "/v1/auth/login", NULL,
 *	    "{\"email\":%s,\"password\":%s}", t_q(u.email), t_q(u.password));
 *	if (T_STATUS(&r, 200))
 *		T_STR(&r, "user.role", "consultant");
 *	t_free(&r);
 *
 * Client IP: the server trusts X-Forwarded-For from 127.0.0.1, so every
 * request carries the "current IP" (see t_set_ip), unless the extra headers
 * given to t_reqh() name their own X-Forwarded-For.  Suites created with
 * t_suite() switch to a fresh IP before each test, so the per-IP rate limits
 * of one test never leak into another.
 *
 * Strings returned by t_q(), t_new_ip() and t_unique_email() live in a
 * ring of T_RING slots owned by this module: use them at once (in the next
 * request, or copy them), never free them.
 */
#ifndef RISE_TESTS_API_CLIENT_H
#define RISE_TESTS_API_CLIENT_H

#include <stddef.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>

#define T_RING		64		/* ring slots for returned strings */
#define T_TOKSZ		2048		/* room for one token */
#define T_NOINT		(-0x7fffffffffffffffLL - 1) /* "no such integer" */
#define T_PASSWORD	"Rise-Test-Passw0rd!"	/* meets the password rules */

struct thdr {
	char		*name;
	char		*value;
};

/*
 * One response.  Everything is owned by the struct and released by
 * t_free() or by the next request made with it.
 */
struct tres {
	long		 status;	/* HTTP status, 0 if no response */
	char		*body;		/* NUL-terminated ("" if none) */
	size_t		 bodysz;
	size_t		 bodycap;
	json_object	*json;		/* parsed body, NULL if not JSON */
	struct thdr	*hdrs;		/* headers of the final response */
	size_t		 hdrsz;
	char		 err[256];	/* transport error, "" if none */
	char		 what[128];	/* "METHOD /path", for messages */
};

/*
 * A registered user and the tokens of one of its sessions.
 */
struct tuser {
	char		 email[128];
	char		 password[64];
	char		 first[64];
	char		 last[64];
	char		 id[64];
	char		 access[T_TOKSZ];
	char		 refresh[T_TOKSZ];
};

/* Set up (curl_global_init, base URL) and tear down; main.c calls them. */
int		 t_init(void);
void		 t_cleanup(void);
const char	*t_base_url(void);

/*
 * Requests.  All return 0 when a response arrived (whatever its status),
 * -1 on a transport error: r->err says why, r->status is 0 unless the
 * server answered before the error (an early 413, say).
 * path starts with "/v1/".  bearer: access token or NULL for none.
 * fmt: printf-style JSON body, sent as application/json, or NULL for no
 * body.  Interpolate strings with t_q(), never bare "%s".
 * hdrs (t_reqh, t_req_raw): NULL-terminated list of "Name: value" lines,
 * e.g. (const char *[]){ "X-Request-ID: abc", NULL }; "Name;" sends an
 * empty header and "Name:" removes one curl would add.
 * t_req_raw sends body as is, with Content-Type ctype (NULL: none).
 */
int		 t_req(struct tres *r, const char *method, const char *path,
		    const char *bearer, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
int		 t_reqh(struct tres *r, const char *method, const char *path,
		    const char *bearer, const char *const *hdrs,
		    const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));
int		 t_req_raw(struct tres *r, const char *method, const char *path,
		    const char *bearer, const char *const *hdrs,
		    const char *ctype, const char *body, size_t bodysz);
void		 t_free(struct tres *r);	/* accepts NULL */

/*
 * Reading a response.  path is dotted into the JSON body: "user.email",
 * "items.0.id" (array index); "" is the root.  Lookups never fail loudly.
 */
int		 t_has(const struct tres *r, const char *path); /* even if null */
int		 t_isnull(const struct tres *r, const char *path);
json_object	*t_get(const struct tres *r, const char *path); /* NULL: absent or null */
const char	*t_str(const struct tres *r, const char *path); /* NULL unless a string */
long long	 t_int(const struct tres *r, const char *path); /* T_NOINT unless an int */
int		 t_bool(const struct tres *r, const char *path); /* 1, 0, -1 unless a bool */
const char	*t_code(const struct tres *r);	/* error.code or NULL */
const char	*t_detail(const struct tres *r, const char *field);
		/* error.details[field] as a string, field taken literally
		 * ("settings.theme" is one key); NULL if absent */
long		 t_array_len(const struct tres *r, const char *path);
		/* length of the array at path, -1 if not an array */
long		 t_array_find(const struct tres *r, const char *path,
		    const char *key, const char *value);
		/* index of the first element of the array at path whose key
		 * is the string value, -1 if none */
int		 t_body_is(const struct tres *r, const char *json);
		/* the body is JSON equal to json (spacing, key order aside) */
const char	*t_header(const struct tres *r, const char *name);
		/* first header of that name (any case), NULL if absent */
size_t		 t_header_count(const struct tres *r, const char *name);
long long	 t_header_int(const struct tres *r, const char *name);
		/* header as a decimal integer, T_NOINT if absent or not one */

/* Strings for bodies and identities (ring storage, see above). */
const char	*t_q(const char *s);	/* JSON string literal, "null" for NULL */
const char	*t_unique_email(void);	/* unique across runs and processes */
const char	*t_new_ip(void);	/* unique client IP, see client.c */
void		 t_set_ip(const char *ip); /* current X-Forwarded-For */
const char	*t_ip(void);

/*
 * Users.  Each returns 0, or records a CUnit failure (with the response,
 * at the caller's line) and returns -1.  t_register and t_login send from
 * a fresh IP of their own, leaving the current IP alone, so they never eat
 * a test's register or login limit.
 * t_register: a fresh consultant (unique email, T_PASSWORD, names).
 * t_login: a new session of u into out (out may be u: tokens replaced).
 */
int		 t_register_at(struct tuser *u, const char *file, int line);
int		 t_login_at(const struct tuser *u, struct tuser *out,
		    const char *file, int line);
/* Rotate u's session (POST /v1/auth/refresh): new tokens into u. */
int		 t_refresh_at(struct tuser *u, const char *file, int line);
/* The same, failures reported at the caller's line. */
#define t_register(u)	t_register_at((u), __FILE__, __LINE__)
#define t_login(u, out)	t_login_at((u), (out), __FILE__, __LINE__)
#define t_refresh(u)	t_refresh_at((u), __FILE__, __LINE__)

/*
 * Run the operator CLI: "$RISE_TEST_RISECTL <args>" through system().
 * Returns its exit status, -1 if it could not run.  Arguments go through
 * /bin/sh, so shell metacharacters are refused (-1).
 */
int		 t_risectl(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/*
 * JWT helpers for forging bad tokens.
 * t_jwt_part: decoded header (0) or payload (1); caller json_object_put()s.
 * t_jwt_edit: a copy of jwt whose header (part 0) or payload (1) has key
 * set to json_value (JSON text, e.g. "\"admin\""; NULL removes the key),
 * re-encoded as base64url, signature kept.  sig: replacement signature
 * ("" for none, as with alg "none"), NULL to keep.  Caller frees.
 */
json_object	*t_jwt_part(const char *jwt, int part);
char		*t_jwt_edit(const char *jwt, int part, const char *key,
		    const char *json_value, const char *sig);

/* Checks on values. */
int		 t_is_iso8601z(const char *s);	/* 2025-12-22T10:00:00(.123)Z */
int		 t_is_request_id(const char *s); /* 1-64 of [A-Za-z0-9._-] */

/*
 * CUnit glue.  t_suite: a suite whose tests each start with a fresh
 * current IP.  T_ADD registers a test under its function name.  Both
 * exit(2) if CUnit cannot register (out of memory, duplicate name).
 */
CU_pSuite	 t_suite(const char *name);
void		 t_add(CU_pSuite s, const char *name, CU_TestFunc fn);
#define T_ADD(s, fn)	t_add((s), #fn, (fn))

/*
 * Assertions: each records one CUnit assertion, says what was expected
 * and, on failure, quotes the request, status and body.  Each returns 1 if
 * it passed, so that a test can stop early: if (!T_STATUS(&r, 201)) goto out;
 * r may be NULL for checks that involve no response.
 */
int	 t_check(int ok, const struct tres *r, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int	 t_check_status(const struct tres *r, long status, const char *file,
	    int line);
int	 t_check_error(const struct tres *r, long status, const char *code,
	    const char *file, int line);
int	 t_check_detail(const struct tres *r, const char *field,
	    const char *file, int line);
int	 t_check_str(const struct tres *r, const char *path, const char *want,
	    const char *file, int line);
int	 t_check_int(const struct tres *r, const char *path, long long want,
	    const char *file, int line);
int	 t_check_common(const struct tres *r, const char *file, int line);
int	 t_check_token(const char *access, int works, const char *file,
	    int line);
int	 t_check_refresh_denied(const char *refresh, const char *file,
	    int line);
int	 t_check_login(const char *email, const char *password, int works,
	    const char *file, int line);

/* Any condition; the message is the condition's text. */
#define T_CHECK(r, cond) \
	t_check(!!(cond), (r), __FILE__, __LINE__, "%s", #cond)
/* Like T_CHECK with a printf-style message. */
#define T_CHECKF(r, cond, ...) \
	t_check(!!(cond), (r), __FILE__, __LINE__, __VA_ARGS__)
/* Status is exactly s. */
#define T_STATUS(r, s)	t_check_status((r), (s), __FILE__, __LINE__)
/* Status s with envelope {"error":{"code":code,"message":non-empty}}. */
#define T_ERROR(r, s, code) \
	t_check_error((r), (s), (code), __FILE__, __LINE__)
/* 400 VALIDATION_ERROR whose details name field (a non-empty message). */
#define T_DETAIL(r, field) \
	t_check_detail((r), (field), __FILE__, __LINE__)
/* JSON string at path equals want (want NULL: the value is JSON null). */
#define T_STR(r, path, want) \
	t_check_str((r), (path), (want), __FILE__, __LINE__)
/* JSON integer at path equals want. */
#define T_INT(r, path, want) \
	t_check_int((r), (path), (want), __FILE__, __LINE__)
/*
 * Headers every response carries: X-Request-ID (sane), X-RateLimit-Limit,
 * -Remaining, -Reset (in the future), X-Content-Type-Options: nosniff,
 * Content-Type application/json with a JSON body, or no body for a 204.
 */
#define T_COMMON(r)	t_check_common((r), __FILE__, __LINE__)
/*
 * Session checks.  T_TOKEN_OK / T_TOKEN_DENIED: GET /v1/users/me with the
 * access token is 200 / 401 UNAUTHORIZED.  T_REFRESH_DENIED: the refresh
 * token is refused (401 UNAUTHORIZED); there is no T_REFRESH_OK, since
 * trying a refresh token uses it up (see t_refresh).  T_LOGIN_OK /
 * T_LOGIN_DENIED: login (from a fresh IP) is 200 / 401 with the one
 * "Invalid email or password" body.
 */
#define T_TOKEN_OK(tok)	t_check_token((tok), 1, __FILE__, __LINE__)
#define T_TOKEN_DENIED(tok) t_check_token((tok), 0, __FILE__, __LINE__)
#define T_REFRESH_DENIED(tok) t_check_refresh_denied((tok), __FILE__, __LINE__)
#define T_LOGIN_OK(email, pw) \
	t_check_login((email), (pw), 1, __FILE__, __LINE__)
#define T_LOGIN_DENIED(email, pw) \
	t_check_login((email), (pw), 0, __FILE__, __LINE__)
/* The exact body of every failed login. */
#define T_LOGIN_FAILED_BODY \
	"{\"error\":{\"code\":\"UNAUTHORIZED\"," \
	"\"message\":\"Invalid email or password\"}}"

/*
 * Fixtures the suites share.  Each *_at function records its failures
 * (at the caller's file and line) and returns 0, or -1 after recording
 * one; the upper-case macros pass __FILE__ and __LINE__.
 */
#define T_SECRET_LEN	43	/* link secret: base64url of 256 bits */
#define T_ADMIN_PASSWORD "Rise-Admin-Passw0rd-7" /* no shell metacharacters */

/*
 * One assessment as created: its id and the client's link.  token stays
 * last: gcc's -Wformat-truncation takes a string in a member to run on
 * into the members after it, and test_responses.c splices tokens into a
 * buffer of token's size.
 */
struct tasm {
	char	 id[32];
	char	 link[512];	/* uniqueLink */
	char	 token[128];	/* "<id>_<secret>", the link's end */
};

/*
 * The hand-computed answer sets of test_responses.c (scored there
 * against the seeded bank and docs/scoring.md).  An answer is
 * "q_NNN:opt_NNN_x" (sent as selectedOption) or "q_NNN:[opt_a,opt_b]"
 * (sent as selectedOptions).
 *   A: all 62 questions answered; primary phase Organize, DISC C.
 *   B: the 60 required only; primary phase Systemic, DISC I.
 *   C: 61 answered (q_003 left out); primary phase Stabilize, DISC D.
 */
struct tprof {
	const char		*name;		/* "profile A" */
	const char *const	*answers;
	size_t			 n;
	const char		*phase;		/* phaseResults.primary */
	const char		*disc;		/* discProfile.primary */
};
extern const struct tprof t_prof_a, t_prof_b, t_prof_c;

void		 t_msleep(long ms);	/* sleeps through signals */
long long	 t_iso_epoch(const char *s);
		/* unix time of a t_is_iso8601z time, -1 if not one */
int		 t_is_id(const char *s, const char *prefix);
		/* ^<prefix>[0-9a-z]{20}$: an id, safe to put in SQL text */
/* ^asm_[0-9a-z]{20}$: an assessment id, safe to put in SQL text. */
int		 t_is_asm_id(const char *s);
int		 t_is_b64url(const char *s, size_t len);
		/* exactly len of [A-Za-z0-9_-] */

/*
 * Run cmd through /bin/sh; its standard output (NUL-terminated, malloc'ed,
 * the caller frees) into *out, its length into *outsz if not NULL.
 * Returns the exit status, -1 if it did not run or died.
 */
int		 t_run_cmd(const char *cmd, char **out, size_t *outsz);

/*
 * One SQL statement in the test database as the owning role, which sees
 * every tenant (psql on $RISE_DB_HOST, as scripts/test-api.sh sets it).
 * Its output (-qAtX: bare values, "|" between columns, one line a row,
 * the last newline removed) into out (may be NULL).  The statement goes
 * inside double quotes through /bin/sh, so it may not hold ", $, `, \ or
 * !: put only checked ids in it.
 */
int		 t_sql_at(char *out, size_t outsz, const char *file, int line,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define SQL(out, outsz, ...) \
	t_sql_at((out), (outsz), __FILE__, __LINE__, __VA_ARGS__)

/* Moves assessment id's expiry into the past, in the test database. */
int		 t_asm_expire_at(const char *id, const char *file, int line);
#define ASM_EXPIRE(id)	t_asm_expire_at((id), __FILE__, __LINE__)

/*
 * A fresh admin account (risectl user add, T_ADMIN_PASSWORD, names "A"
 * and "B"), logged in, with its id.
 */
int		 t_admin_new_at(struct tuser *a, const char *file, int line);
#define ADMIN_NEW(a)	t_admin_new_at((a), __FILE__, __LINE__)

/*
 * A new assessment of u: POST /v1/assessments with the printf-style JSON
 * body fmt (interpolate strings with t_q()), then a 201 with an id and a
 * uniqueLink of t_check_link; id, token and link into a.
 */
int		 t_asm_new_at(const struct tuser *u, struct tasm *a,
		    const char *file, int line, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
/*
 * uniqueLink of the response is "$RISE_TEST_URL/assess/<id>_<secret>"
 * with a secret of T_SECRET_LEN base64url characters; token and link into
 * a if not NULL.  Returns 1 if it is (one assertion), else 0.
 */
int		 t_check_link(const struct tres *r, const char *id,
		    struct tasm *a, const char *file, int line);

/*
 * The request body for the answers ans[from..to-1]; partial is "true",
 * "false" or NULL (isPartial left out).  Caller frees.
 */
char		*t_answers_json(const char *const *ans, size_t from, size_t to,
		    const char *partial);
/*
 * POST ans[from..to-1] to assessment id's responses with the bearer
 * token and, if token is not NULL, the client's link token
 * (X-Assessment-Token); either may be NULL.
 */
int		 t_post_answers(struct tres *r, const char *id,
		    const char *bearer, const char *token,
		    const char *const *ans, size_t from, size_t to,
		    const char *partial);
/*
 * The client answers p->answers[from..to-1] of a, as the last submission
 * (final: 200 and the assessment completed) or not (200 and in_progress).
 */
int		 t_asm_answer_at(const struct tasm *a, const struct tprof *p,
		    size_t from, size_t to, int final, const char *file,
		    int line);

/*
 * 1 in the sanitizer build (make SANITIZE=1), whose api-tests run against
 * a stack of sanitized programs, each request some 8 times slower: long
 * matrices sample their cells there (every row and column still covered).
 */
#if defined(__SANITIZE_ADDRESS__)
#define T_SANITIZED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_SANITIZED	1
#endif
#endif
#ifndef T_SANITIZED
#define T_SANITIZED	0
#endif

/*
 * Security fixtures (test_access.c, test_hostile.c, test_auth.c).
 * t_set_source: send the following requests from source address addr (a
 * loopback address other than 127.0.0.1, which the stack trusts), on
 * fresh connections that are never reused; NULL goes back to the default.
 * t_untrusted_addr: the n-th (0..127) loopback address of this run that
 * is not trusted (127.x.y.z, random x and y per run; ring string).
 */
void		 t_set_source(const char *addr);
const char	*t_untrusted_addr(int n);
/* The stack's JWT secret ($RISE_JWT_SECRET_FILE) into buf: its length, -1. */
long		 t_jwt_secret(unsigned char *buf, size_t bufsz);
/*
 * base64url(header).base64url(payload).signature, the signature an HMAC
 * with alg ("HS256", "HS384" or "HS512") and key, or empty for alg NULL.
 * header and payload are JSON texts, sent as they are.  Caller frees.
 */
char		*t_jwt_sign(const char *header, const char *payload,
		    const char *alg, const void *key, size_t keylen);

/* A web UI session: the cookie to send and its CSRF token for forms. */
struct tweb {
	char	 cookie[160];	/* "rise=<token>" */
	char	 csrf[128];
};
/* Signs u in through the login form (from a fresh IP) into w. */
int		 t_web_login_at(const struct tuser *u, struct tweb *w,
		    const char *file, int line);
#define WEB_LOGIN(u, w)	t_web_login_at((u), (w), __FILE__, __LINE__)
/*
 * A page request with w's cookie (w NULL: none).  POST sends form
 * (urlencoded "k=v&...", may be NULL) after w's csrf field.
 */
int		 t_web_req(struct tres *r, const char *method, const char *path,
		    const struct tweb *w, const char *form);
/* The value of the first hidden csrf field of the page in r: 0, or -1. */
int		 t_html_csrf(const struct tres *r, char *out, size_t outsz);
const char	*t_urlenc(const char *s);	/* percent-encoded, ring string */

/* Suites; main.c registers each.  Later families add theirs here. */
void	 suite_health(void);
void	 suite_auth(void);
void	 suite_users(void);
void	 suite_ratelimit(void);
void	 suite_assessments(void);
void	 suite_responses(void);
void	 suite_admin(void);
void	 suite_reports(void);
void	 suite_mail(void);
void	 suite_rls(void);
void	 suite_access(void);
void	 suite_hostile(void);
void	 suite_headers(void);
void	 suite_ops(void);

#endif /* !RISE_TESTS_API_CLIENT_H */
