/*
 * request.h: one HTTP request as the FastCGI programs see it.
 *
 * req_parse fills a struct req from the FastCGI parameters alone (no I/O),
 * so that tests and fuzzers can call it.  The loop in serve.c reads the
 * body, routes, authenticates and calls the handler, which reads typed
 * fields and fills the response (see resp.h).
 */
#ifndef RISE_REQUEST_H
#define RISE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "app.h"
#include "ratelimit.h"
#include "util.h"

enum req_method {
	REQ_GET,
	REQ_POST,
	REQ_PUT,
	REQ_PATCH,
	REQ_DELETE,
	REQ_HEAD,
	REQ_OPTIONS,
	REQ_METHOD__MAX		/* anything else */
};

#define REQ_MAXPARAMS	4	/* path parameters such as :id */
#define REQ_RID_MAX	65	/* request id: 64 characters and NUL */
#define REQ_IP_MAX	64

struct req_kv {
	char	*key;
	char	*val;
};

/* Who made the request, once authenticated. */
struct req_who {
	bool	 ok;
	char	 user_id[UTIL_ID_MAX];
	char	 org_id[UTIL_ID_MAX];
	char	 session_id[UTIL_ID_MAX];
	char	 role[16];		/* "admin" or "consultant", from the database */
};

struct app;
struct route;

struct req {
	struct app	*app;		/* process state: config, database, keys */
	int64_t		 started;	/* util_now_us() at arrival */

	/* From the FastCGI parameters; the strings point into them. */
	enum req_method	 method;
	const char	*method_name;
	char		*path;		/* path of REQUEST_URI, without the query */
	struct req_kv	*query;
	size_t		 nquery;
	const char	*content_type;	/* NULL if absent */
	long long	 content_length; /* -1 if absent */
	const char	*authorization;
	const char	*cookie;
	const char	*assessment_token;
	const char	*origin;
	const char	*cors_method;	/* Access-Control-Request-Method */
	const char	*user_agent;
	bool		 https;
	char		 client_ip[REQ_IP_MAX];
	char		 rid[REQ_RID_MAX];

	/* Set by the loop. */
	const struct route *route;
	char		*segs;		/* the path split by the router, owned */
	const char	*params[REQ_MAXPARAMS];	/* path parameters, in order */
	char		*body;		/* NUL-terminated; NULL if none */
	struct req_kv	*form;		/* a url-encoded form body (ROUTE_FORM) */
	size_t		 nform;
	size_t		 bodylen;
	json_object	*json;		/* the parsed body, if the route takes JSON */
	struct req_who	 who;
	struct rl_state	 rl;

	/* The response, filled by the handler (resp.h). */
	int		 status;
	bool		 error;		/* out is an error envelope */
	json_object	*out;		/* payload, owned by the request */
	char		*raw;		/* or a raw body (e.g. a PDF), owned */
	size_t		 rawlen;
	const char	*raw_type;
	char		 headers[1024];	/* extra header lines, CRLF-terminated */
	size_t		 headerslen;
};

/*
 * Fills r from the FastCGI parameters envp ("NAME=value" strings, NULL
 * terminated).  trusted decides whether X-Forwarded-For from the peer is
 * believed.  Returns APP_ERR_INVALID for a request that cannot be parsed
 * (bad query encoding) and APP_ERR_NOMEM.  Release with req_free.
 */
enum app_err	 req_parse(struct req *r, char **envp,
		    int (*trusted)(const void *arg, const char *addr), const void *arg);

/* Releases what the request owns; the struct may be reused after. */
void		 req_free(struct req *r);

/* The value of a parameter from envp, or NULL. */
const char	*req_env(char **envp, const char *name);

/*
 * Splits an application/x-www-form-urlencoded string into pairs,
 * decoding %XX and '+'.  Returns APP_ERR_INVALID on a bad escape or an
 * encoded NUL.  The caller frees *out with req_kv_free.
 */
enum app_err	 req_query_parse(const char *qs, struct req_kv **out, size_t *n);
void		 req_kv_free(struct req_kv *, size_t n);

/* JSON bodies nest no deeper than this (json-c's default is 32). */
#define REQ_JSON_DEPTH	16

/*
 * Parses the len bytes of body as one JSON
 * object, strictly: at most REQ_JSON_DEPTH levels, valid UTF-8 (no
 * overlong forms, surrogates or control characters but white space), no NUL
 * byte in the text, nothing but white space after the value, no NaN,
 * Infinity or 'single-quoted' strings, no NUL in a key and no key
 * twice in any object (json-c would keep the last, so that
 * {"role":"consultant","role":"admin"} could pass a check that read the
 * first).  Returns the object, which the caller releases with
 * json_object_put, or NULL for anything else.  No I/O: the fuzzers'
 * entry point.
 */
json_object	*req_json_parse(const char *body, size_t len);

/* The first value of a query parameter, or NULL. */
const char	*req_query(const struct req *r, const char *key);

/* The first value of a form field, or NULL. */
const char	*req_form(const struct req *r, const char *key);

/*
 * The value of cookie name in the Cookie header, copied into out (outsz
 * bytes); false if absent or too long.
 */
bool		 req_cookie(const struct req *r, const char *name, char *out,
		    size_t outsz);

/* True if s is a sane client request id: 1–64 of [A-Za-z0-9._-]. */
bool		 req_rid_valid(const char *s);

/* "GET" → REQ_GET; REQ_METHOD__MAX if unknown. */
enum req_method	 req_method_parse(const char *);
const char	*req_method_name(enum req_method);

#endif
