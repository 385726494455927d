/*
 * client.c: HTTP + JSON helpers for the API integration tests.
 * See client.h for the contract.  Test code: on out-of-memory we report
 * the failure through the response (r->err) or abort(); there is nothing
 * useful to recover.
 */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define T_DEFAULT_URL	"http://127.0.0.1:18080"
#define T_SNIPPET	600	/* body bytes quoted in a failure message */

static CURL		*t_curl;
static char		 t_url[512];
static char		 t_curip[64];
static char		*t_ring[T_RING];
static size_t		 t_ringpos;
static unsigned int	 t_runid;	/* 16 random bits per run */
static unsigned int	 t_ipseq;
static unsigned int	 t_mailseq;
static char		 t_src[64];	/* source address, "" for the default */

/*
 * Keep a malloc'ed string in the ring, freeing the one it replaces.
 * Returns s; the ring owns it.
 */
static const char *
t_keep(char *s)
{

	if (s == NULL)
		abort();
	free(t_ring[t_ringpos]);
	t_ring[t_ringpos] = s;
	t_ringpos = (t_ringpos + 1) % T_RING;
	return s;
}

/*
 * Initialize libcurl (once per process) and read $RISE_TEST_URL.
 * Returns 0, or -1 with a message on stderr.
 */
int
t_init(void)
{
	const char	*env;
	size_t		 len;
	uint16_t	 rnd;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "curl_global_init failed\n");
		return -1;
	}
	if ((t_curl = curl_easy_init()) == NULL) {
		fprintf(stderr, "curl_easy_init failed\n");
		curl_global_cleanup();
		return -1;
	}
	if ((env = getenv("RISE_TEST_URL")) == NULL || *env == '\0') {
		fprintf(stderr, "RISE_TEST_URL not set, using %s\n",
		    T_DEFAULT_URL);
		env = T_DEFAULT_URL;
	}
	len = strlen(env);
	while (len > 0 && env[len - 1] == '/')
		len--;
	if (len >= sizeof(t_url)) {
		fprintf(stderr, "RISE_TEST_URL too long\n");
		t_cleanup();
		return -1;
	}
	memcpy(t_url, env, len);
	t_url[len] = '\0';

	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (uint16_t)(time(NULL) ^ getpid());
	t_runid = rnd;
	t_set_ip(t_new_ip());
	return 0;
}

/*
 * Release the curl handle, libcurl and the string ring.
 */
void
t_cleanup(void)
{
	size_t	 i;

	for (i = 0; i < T_RING; i++) {
		free(t_ring[i]);
		t_ring[i] = NULL;
	}
	if (t_curl != NULL)
		curl_easy_cleanup(t_curl);
	t_curl = NULL;
	curl_global_cleanup();
}

const char *
t_base_url(void)
{

	return t_url;
}

/*
 * A client IP no other test and, with high probability, no other run
 * has used.  The server's rate limits live in the database and survive
 * a run (register allows 3 an hour per IP), so the IPv4 documentation
 * ranges (508 addresses, and the same sequence every run) would collide
 * with the previous run.  We use 2001:db8::/32 instead, one /64 per IP
 * (a limiter may key IPv6 by /64): 2001:db8:<run>:<n>::1, where <run> is
 * random per run and <n> counts.  Returns a ring string.
 */
const char *
t_new_ip(void)
{
	char	*s;

	t_ipseq = (t_ipseq + 1) & 0xffff;
	if (asprintf(&s, "2001:db8:%x:%x::1", t_runid, t_ipseq) == -1)
		s = NULL;
	return t_keep(s);
}

void
t_set_ip(const char *ip)
{

	snprintf(t_curip, sizeof(t_curip), "%s", ip);
}

const char *
t_ip(void)
{

	return t_curip;
}

/*
 * An address unique per run (time), process (pid) and call (counter).
 * Lower case, so that case-insensitive tests can upper-case it.
 */
const char *
t_unique_email(void)
{
	char	*s;

	if (asprintf(&s, "rise.%lld.%ld.%u@example.com",
	    (long long)time(NULL), (long)getpid(), ++t_mailseq) == -1)
		s = NULL;
	return t_keep(s);
}

/*
 * s as a JSON string literal with quotes and escapes; "null" for NULL.
 */
const char *
t_q(const char *s)
{
	json_object	*o;
	char		*q;

	if (s == NULL)
		return t_keep(strdup("null"));
	if ((o = json_object_new_string(s)) == NULL)
		abort();
	q = strdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return t_keep(q);
}

/* --- responses ------------------------------------------------------- */

static void
t_hdrs_free(struct tres *r)
{
	size_t	 i;

	for (i = 0; i < r->hdrsz; i++) {
		free(r->hdrs[i].name);
		free(r->hdrs[i].value);
	}
	free(r->hdrs);
	r->hdrs = NULL;
	r->hdrsz = 0;
}

void
t_free(struct tres *r)
{

	if (r == NULL)
		return;
	t_hdrs_free(r);
	free(r->body);
	if (r->json != NULL)
		json_object_put(r->json);
	memset(r, 0, sizeof(*r));
}

static size_t
t_on_body(char *buf, size_t sz, size_t n, void *arg)
{
	struct tres	*r = arg;
	size_t		 len = sz * n, cap;
	char		*p;

	if (r->bodysz + len + 1 > r->bodycap) {
		cap = r->bodycap ? r->bodycap : 4096;
		while (cap < r->bodysz + len + 1)
			cap *= 2;
		if ((p = realloc(r->body, cap)) == NULL)
			return 0;
		r->body = p;
		r->bodycap = cap;
	}
	memcpy(r->body + r->bodysz, buf, len);
	r->bodysz += len;
	r->body[r->bodysz] = '\0';
	return len;
}

/*
 * One header line.  A status line starts a new response (after a 100
 * Continue, say): forget the headers seen so far.
 */
static size_t
t_on_header(char *buf, size_t sz, size_t n, void *arg)
{
	struct tres	*r = arg;
	size_t		 len = sz * n, nlen, vlen;
	const char	*colon, *v;
	struct thdr	*h;

	if (len >= 5 && strncmp(buf, "HTTP/", 5) == 0) {
		t_hdrs_free(r);
		return len;
	}
	if ((colon = memchr(buf, ':', len)) == NULL)
		return len;
	nlen = (size_t)(colon - buf);
	v = colon + 1;
	vlen = len - nlen - 1;
	while (vlen > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen > 0 && isspace((unsigned char)v[vlen - 1]))
		vlen--;
	if ((h = reallocarray(r->hdrs, r->hdrsz + 1, sizeof(*h))) == NULL)
		return 0;
	r->hdrs = h;
	h = &r->hdrs[r->hdrsz];
	h->name = strndup(buf, nlen);
	h->value = strndup(v, vlen);
	if (h->name == NULL || h->value == NULL) {
		free(h->name);
		free(h->value);
		return 0;
	}
	r->hdrsz++;
	return len;
}

/*
 * Parse the body strictly: one JSON value, nothing but white space after.
 * Returns the value (caller puts) or NULL.
 */
static json_object *
t_parse(const char *body, size_t sz)
{
	struct json_tokener	*tok;
	json_object		*o;
	size_t			 end;

	if (sz == 0 || (tok = json_tokener_new()) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, body, (int)sz);
	if (o != NULL &&
	    json_tokener_get_error(tok) == json_tokener_success) {
		for (end = json_tokener_get_parse_end(tok); end < sz; end++)
			if (!isspace((unsigned char)body[end]))
				break;
		if (end != sz) {
			json_object_put(o);
			o = NULL;
		}
	} else if (o != NULL) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static int
t_is_header(const char *line, const char *name)
{
	size_t	 len = strlen(name);

	return strncasecmp(line, name, len) == 0 &&
	    (line[len] == ':' || line[len] == ';');
}

/*
 * With RISE_TEST_RECORD naming a file, appends the exchange r (made to
 * path, query included) as one JSON line: method, path, query, status,
 * contentType, headers (lower-case names, the first of each), bodyBytes
 * and body when it is JSON.  tests/openapi/check.py validates them
 * against htdocs/openapi.yaml.  One write(2) with O_APPEND a line, so
 * several processes could share the file.
 */
static void
t_record(const struct tres *r, const char *path)
{
	const char	*file = getenv("RISE_TEST_RECORD"), *q, *ct;
	json_object	*o, *h;
	char		*line, *name;
	size_t		 i, k;
	int		 fd, n;

	if (file == NULL || *file == '\0' || r->status == 0)
		return;
	q = strchr(path, '?');
	ct = t_header(r, "Content-Type");
	if ((o = json_object_new_object()) == NULL ||
	    (h = json_object_new_object()) == NULL)
		abort();
	json_object_object_add(o, "method", json_object_new_string_len(r->what,
	    (int)strcspn(r->what, " ")));
	json_object_object_add(o, "path", json_object_new_string_len(path,
	    q != NULL ? (int)(q - path) : (int)strlen(path)));
	json_object_object_add(o, "query", q != NULL ?
	    json_object_new_string(q + 1) : NULL);
	json_object_object_add(o, "status", json_object_new_int64(r->status));
	json_object_object_add(o, "contentType", ct != NULL ?
	    json_object_new_string(ct) : NULL);
	for (i = 0; i < r->hdrsz; i++) {
		if ((name = strdup(r->hdrs[i].name)) == NULL)
			abort();
		for (k = 0; name[k] != '\0'; k++)
			name[k] = (char)tolower((unsigned char)name[k]);
		if (!json_object_object_get_ex(h, name, NULL))
			json_object_object_add(h, name,
			    json_object_new_string(r->hdrs[i].value));
		free(name);
	}
	json_object_object_add(o, "headers", h);
	json_object_object_add(o, "bodyBytes", json_object_new_int64(
	    (int64_t)r->bodysz));
	if (r->json != NULL)
		json_object_object_add(o, "body", json_object_get(r->json));
	n = asprintf(&line, "%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	if (n == -1)
		abort();
	if ((fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) == -1 || write(fd, line, (size_t)n) != n)
		t_check(0, r, __FILE__, __LINE__, "recording to %s: %s", file,
		    strerror(errno));
	if (fd != -1)
		close(fd);
	free(line);
}

/*
 * The one place that talks to curl.  Every argument is copied (curl
 * copies string options; we copy the body) before r is freed, so they
 * may point into r's previous response: t_req(&r, ..., t_str(&r, "x")).
 */
static int
t_do(struct tres *r, const char *method, const char *path,
    const char *bearer, const char *const *hdrs, const char *ctype,
    const char *body, size_t bodysz)
{
	struct curl_slist	*list = NULL, *l;
	char			*url = NULL, *line = NULL, what[sizeof(r->what)];
	const char *const	*h;
	int			 own_xff = 0, rc = -1;
	CURLcode		 cc;

	snprintf(what, sizeof(what), "%s %s", method, path);
	curl_easy_reset(t_curl);
	if (asprintf(&url, "%s%s", t_url, path) == -1) {
		url = NULL;
		goto oom;
	}

	/* Headers: ours first, the caller's after, so they can override. */
#define ADD(s) do { \
	if ((l = curl_slist_append(list, (s))) == NULL) goto oom; \
	list = l; \
} while (0)
	ADD("Accept: application/json");
	ADD("Expect:");		/* no 100-continue round trip */
	if (body == NULL || ctype == NULL)
		ADD("Content-Type:");	/* not curl's form type */
	else {
		if (asprintf(&line, "Content-Type: %s", ctype) == -1)
			goto oom;
		ADD(line);
		free(line);
		line = NULL;
	}
	if (bearer != NULL) {
		if (asprintf(&line, "Authorization: Bearer %s", bearer) == -1)
			goto oom;
		ADD(line);
		free(line);
		line = NULL;
	}
	for (h = hdrs; h != NULL && *h != NULL; h++) {
		if (t_is_header(*h, "X-Forwarded-For"))
			own_xff = 1;
		ADD(*h);
	}
	if (!own_xff && t_curip[0] != '\0') {
		if (asprintf(&line, "X-Forwarded-For: %s", t_curip) == -1)
			goto oom;
		ADD(line);
		free(line);
		line = NULL;
	}
#undef ADD

	curl_easy_setopt(t_curl, CURLOPT_URL, url);
	curl_easy_setopt(t_curl, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(t_curl, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(t_curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)bodysz);
		if (curl_easy_setopt(t_curl, CURLOPT_COPYPOSTFIELDS, body) !=
		    CURLE_OK)
			goto oom;
	} else if (strcmp(method, "POST") == 0 ||
	    strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0) {
		/* Content-Length: 0, which lighttpd wants on these. */
		curl_easy_setopt(t_curl, CURLOPT_POSTFIELDSIZE, 0L);
		curl_easy_setopt(t_curl, CURLOPT_COPYPOSTFIELDS, "");
	}
	curl_easy_setopt(t_curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(t_curl, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(t_curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(t_curl, CURLOPT_NOSIGNAL, 1L);
	if (t_src[0] != '\0') {
		/* An untrusted peer: its connections are never reused. */
		curl_easy_setopt(t_curl, CURLOPT_INTERFACE, t_src);
		curl_easy_setopt(t_curl, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(t_curl, CURLOPT_FORBID_REUSE, 1L);
	}

	/* The arguments are copied: now r can go. */
	t_free(r);
	snprintf(r->what, sizeof(r->what), "%s", what);
	if ((r->body = strdup("")) == NULL)
		abort();
	r->bodycap = 1;
	curl_easy_setopt(t_curl, CURLOPT_WRITEFUNCTION, t_on_body);
	curl_easy_setopt(t_curl, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(t_curl, CURLOPT_HEADERFUNCTION, t_on_header);
	curl_easy_setopt(t_curl, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(t_curl, CURLOPT_ERRORBUFFER, r->err);

	cc = curl_easy_perform(t_curl);
	/*
	 * A server may answer early (413) and close while we still send;
	 * keep whatever status arrived, with the transport error beside it.
	 */
	curl_easy_getinfo(t_curl, CURLINFO_RESPONSE_CODE, &r->status);
	if (cc != CURLE_OK) {
		if (r->err[0] == '\0')
			snprintf(r->err, sizeof(r->err), "%s",
			    curl_easy_strerror(cc));
	} else
		rc = 0;
	r->json = t_parse(r->body, r->bodysz);
	t_record(r, url + strlen(t_url));
	goto out;
oom:
	t_free(r);
	snprintf(r->what, sizeof(r->what), "%s", what);
	snprintf(r->err, sizeof(r->err), "out of memory");
out:
	/* Nothing in the handle may point at freed memory. */
	curl_easy_setopt(t_curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(t_curl, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(list);
	free(line);
	free(url);
	return rc;
}

int
t_req_raw(struct tres *r, const char *method, const char *path,
    const char *bearer, const char *const *hdrs, const char *ctype,
    const char *body, size_t bodysz)
{

	return t_do(r, method, path, bearer, hdrs, ctype, body, bodysz);
}

static int
t_vreq(struct tres *r, const char *method, const char *path,
    const char *bearer, const char *const *hdrs, const char *fmt,
    va_list ap)
{
	char	*body = NULL;
	int	 rc, len = 0;

	if (fmt != NULL && (len = vasprintf(&body, fmt, ap)) == -1)
		abort();
	rc = t_do(r, method, path, bearer, hdrs, "application/json",
	    body, (size_t)len);
	free(body);
	return rc;
}

int
t_req(struct tres *r, const char *method, const char *path,
    const char *bearer, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = t_vreq(r, method, path, bearer, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int
t_reqh(struct tres *r, const char *method, const char *path,
    const char *bearer, const char *const *hdrs, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = t_vreq(r, method, path, bearer, hdrs, fmt, ap);
	va_end(ap);
	return rc;
}

/* --- reading --------------------------------------------------------- */

/*
 * Walk a dotted path.  Returns 1 and sets *out (NULL for JSON null) if
 * the path exists, else 0.
 */
static int
t_lookup(json_object *root, const char *path, json_object **out)
{
	json_object	*cur = root;
	const char	*p = path, *dot;
	char		 key[256], *end;
	size_t		 len;
	unsigned long	 idx;

	if (root == NULL)
		return 0;
	while (p != NULL && *p != '\0') {
		dot = strchr(p, '.');
		len = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(key))
			return 0;
		memcpy(key, p, len);
		key[len] = '\0';
		if (json_object_is_type(cur, json_type_object)) {
			if (!json_object_object_get_ex(cur, key, &cur))
				return 0;
		} else if (json_object_is_type(cur, json_type_array)) {
			if (!isdigit((unsigned char)key[0]))
				return 0;
			idx = strtoul(key, &end, 10);
			if (*end != '\0' ||
			    idx >= json_object_array_length(cur))
				return 0;
			cur = json_object_array_get_idx(cur, idx);
		} else
			return 0;
		p = dot != NULL ? dot + 1 : NULL;
	}
	*out = cur;
	return 1;
}

int
t_has(const struct tres *r, const char *path)
{
	json_object	*o;

	return r != NULL && t_lookup(r->json, path, &o);
}

int
t_isnull(const struct tres *r, const char *path)
{
	json_object	*o;

	return r != NULL && t_lookup(r->json, path, &o) && o == NULL;
}

json_object *
t_get(const struct tres *r, const char *path)
{
	json_object	*o;

	return r != NULL && t_lookup(r->json, path, &o) ? o : NULL;
}

const char *
t_str(const struct tres *r, const char *path)
{
	json_object	*o = t_get(r, path);

	return json_object_is_type(o, json_type_string) ?
	    json_object_get_string(o) : NULL;
}

long long
t_int(const struct tres *r, const char *path)
{
	json_object	*o = t_get(r, path);

	return json_object_is_type(o, json_type_int) ?
	    (long long)json_object_get_int64(o) : T_NOINT;
}

int
t_bool(const struct tres *r, const char *path)
{
	json_object	*o = t_get(r, path);

	return json_object_is_type(o, json_type_boolean) ?
	    json_object_get_boolean(o) != 0 : -1;
}

const char *
t_code(const struct tres *r)
{

	return t_str(r, "error.code");
}

const char *
t_detail(const struct tres *r, const char *field)
{
	json_object	*d = t_get(r, "error.details"), *o;

	if (!json_object_is_type(d, json_type_object) ||
	    !json_object_object_get_ex(d, field, &o) ||
	    !json_object_is_type(o, json_type_string))
		return NULL;
	return json_object_get_string(o);
}

long
t_array_len(const struct tres *r, const char *path)
{
	json_object	*a = t_get(r, path);

	if (a == NULL || !json_object_is_type(a, json_type_array))
		return -1;
	return (long)json_object_array_length(a);
}

long
t_array_find(const struct tres *r, const char *path, const char *key,
    const char *value)
{
	json_object	*a = t_get(r, path), *it, *v;
	size_t		 i, n;

	if (a == NULL || !json_object_is_type(a, json_type_array))
		return -1;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(a, i);
		if (json_object_object_get_ex(it, key, &v) &&
		    json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), value) == 0)
			return (long)i;
	}
	return -1;
}

int
t_body_is(const struct tres *r, const char *json)
{
	json_object	*o;
	int		 eq;

	if (r == NULL || r->json == NULL ||
	    (o = t_parse(json, strlen(json))) == NULL)
		return 0;
	eq = json_object_equal(r->json, o);
	json_object_put(o);
	return eq;
}

const char *
t_header(const struct tres *r, const char *name)
{
	size_t	 i;

	for (i = 0; r != NULL && i < r->hdrsz; i++)
		if (strcasecmp(r->hdrs[i].name, name) == 0)
			return r->hdrs[i].value;
	return NULL;
}

size_t
t_header_count(const struct tres *r, const char *name)
{
	size_t	 i, n = 0;

	for (i = 0; r != NULL && i < r->hdrsz; i++)
		if (strcasecmp(r->hdrs[i].name, name) == 0)
			n++;
	return n;
}

long long
t_header_int(const struct tres *r, const char *name)
{
	const char	*v = t_header(r, name);
	char		*end;
	long long	 n;

	if (v == NULL || !isdigit((unsigned char)*v))
		return T_NOINT;
	n = strtoll(v, &end, 10);
	return *end == '\0' ? n : T_NOINT;
}

/* --- users ----------------------------------------------------------- */

static int
t_copy_token(char *dst, const struct tres *r, const char *path)
{
	const char	*s = t_str(r, path);

	if (s == NULL || *s == '\0' || strlen(s) >= T_TOKSZ)
		return -1;
	strcpy(dst, s);
	return 0;
}

int
t_register_at(struct tuser *u, const char *file, int line)
{
	struct tres	 r = {0};
	char		 xff[96];
	const char	*hdrs[] = { xff, NULL }, *id;
	int		 rc = -1;

	memset(u, 0, sizeof(*u));
	snprintf(u->email, sizeof(u->email), "%s", t_unique_email());
	snprintf(u->password, sizeof(u->password), "%s", T_PASSWORD);
	snprintf(u->first, sizeof(u->first), "Ada");
	snprintf(u->last, sizeof(u->last), "Tester %u", t_mailseq);
	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", t_new_ip());

	t_reqh(&r, "POST", "/v1/auth/register", NULL, hdrs,
	    "{\"email\":%s,\"password\":%s,\"firstName\":%s,"
	    "\"lastName\":%s}", t_q(u->email), t_q(u->password),
	    t_q(u->first), t_q(u->last));
	if (!t_check(r.status == 201, &r, file, line,
	    "t_register: registration of %s gives 201", u->email))
		goto out;
	id = t_str(&r, "user.id");
	if (!t_check(id != NULL && strlen(id) < sizeof(u->id) &&
	    t_copy_token(u->access, &r, "accessToken") == 0 &&
	    t_copy_token(u->refresh, &r, "refreshToken") == 0, &r,
	    file, line,
	    "t_register: response has user.id, accessToken, refreshToken"))
		goto out;
	strcpy(u->id, id);
	rc = 0;
out:
	t_free(&r);
	return rc;
}

int
t_login_at(const struct tuser *u, struct tuser *out, const char *file,
    int line)
{
	struct tres	 r = {0};
	char		 xff[96];
	const char	*hdrs[] = { xff, NULL };
	int		 rc = -1;

	if (out != u)
		*out = *u;
	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", t_new_ip());
	t_reqh(&r, "POST", "/v1/auth/login", NULL, hdrs,
	    "{\"email\":%s,\"password\":%s}", t_q(u->email),
	    t_q(u->password));
	if (!t_check(r.status == 200 &&
	    t_copy_token(out->access, &r, "accessToken") == 0 &&
	    t_copy_token(out->refresh, &r, "refreshToken") == 0, &r,
	    file, line, "t_login: login of %s gives 200 and tokens",
	    u->email))
		goto out;
	rc = 0;
out:
	t_free(&r);
	return rc;
}

int
t_refresh_at(struct tuser *u, const char *file, int line)
{
	struct tres	 r = {0};
	int		 rc = -1;

	t_req(&r, "POST", "/v1/auth/refresh", NULL, "{\"refreshToken\":%s}",
	    t_q(u->refresh));
	if (t_check(r.status == 200 &&
	    t_copy_token(u->access, &r, "accessToken") == 0 &&
	    t_copy_token(u->refresh, &r, "refreshToken") == 0, &r,
	    file, line, "t_refresh: refresh gives 200 and tokens"))
		rc = 0;
	t_free(&r);
	return rc;
}

/* --- operator CLI ---------------------------------------------------- */

int
t_risectl(const char *fmt, ...)
{
	const char	*prog = getenv("RISE_TEST_RISECTL");
	char		*args = NULL, *cmd = NULL;
	va_list		 ap;
	int		 st, rc = -1;

	if (prog == NULL || *prog == '\0') {
		fprintf(stderr, "t_risectl: RISE_TEST_RISECTL not set\n");
		return -1;
	}
	va_start(ap, fmt);
	st = vasprintf(&args, fmt, ap);
	va_end(ap);
	if (st == -1)
		return -1;
	if (strpbrk(args, "'\"`$;&|<>()\\\n*?[]{}~#!") != NULL) {
		fprintf(stderr, "t_risectl: refusing \"%s\"\n", args);
		goto out;
	}
	/* Its stdout to our stderr, to keep the CUnit report readable. */
	if (asprintf(&cmd, "%s %s 1>&2", prog, args) == -1) {
		cmd = NULL;
		goto out;
	}
	fflush(stdout);
	fflush(stderr);
	st = system(cmd);
	if (st != -1 && WIFEXITED(st))
		rc = WEXITSTATUS(st);
	if (rc != 0)
		fprintf(stderr, "t_risectl: \"%s\" exited %d\n", cmd, rc);
out:
	free(cmd);
	free(args);
	return rc;
}

/* --- JWT ------------------------------------------------------------- */

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * base64url without padding.  Returns a NUL-terminated string the
 * caller frees.
 */
static char *
t_b64_encode(const unsigned char *in, size_t len)
{
	char		*out, *p;
	size_t		 i;
	uint32_t	 v;

	if ((out = p = malloc(len / 3 * 4 + 5)) == NULL)
		abort();
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		*p++ = b64url[v >> 18 & 63];
		*p++ = b64url[v >> 12 & 63];
		*p++ = b64url[v >> 6 & 63];
		*p++ = b64url[v & 63];
	}
	if (len - i == 1) {
		v = (uint32_t)in[i] << 16;
		*p++ = b64url[v >> 18 & 63];
		*p++ = b64url[v >> 12 & 63];
	} else if (len - i == 2) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		*p++ = b64url[v >> 18 & 63];
		*p++ = b64url[v >> 12 & 63];
		*p++ = b64url[v >> 6 & 63];
	}
	*p = '\0';
	return out;
}

/*
 * Decode base64url (or base64) of length len, padding optional.
 * Returns a NUL-terminated buffer the caller frees, NULL if invalid.
 */
static char *
t_b64_decode(const char *in, size_t len)
{
	char		*out, *p;
	const char	*c;
	uint32_t	 v = 0;
	size_t		 i, bits = 0;
	int		 d;

	if ((out = p = malloc(len * 3 / 4 + 4)) == NULL)
		abort();
	for (i = 0; i < len && in[i] != '='; i++) {
		if (in[i] == '+')
			d = 62;
		else if (in[i] == '/')
			d = 63;
		else if ((c = strchr(b64url, in[i])) != NULL && *c != '\0')
			d = (int)(c - b64url);
		else {
			free(out);
			return NULL;
		}
		v = v << 6 | (uint32_t)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*p++ = (char)(v >> bits & 0xff);
		}
	}
	*p = '\0';
	return out;
}

/*
 * Find the three parts of a JWT.  Returns 0 and sets the offsets of the
 * two dots, -1 if it is not header.payload.signature.
 */
static int
t_jwt_split(const char *jwt, size_t *d1, size_t *d2)
{
	const char	*a, *b;

	if (jwt == NULL || (a = strchr(jwt, '.')) == NULL ||
	    (b = strchr(a + 1, '.')) == NULL || strchr(b + 1, '.') != NULL)
		return -1;
	*d1 = (size_t)(a - jwt);
	*d2 = (size_t)(b - jwt);
	return 0;
}

json_object *
t_jwt_part(const char *jwt, int part)
{
	size_t		 d1, d2;
	char		*raw;
	json_object	*o;

	if (t_jwt_split(jwt, &d1, &d2) == -1)
		return NULL;
	raw = part == 0 ? t_b64_decode(jwt, d1) :
	    t_b64_decode(jwt + d1 + 1, d2 - d1 - 1);
	if (raw == NULL)
		return NULL;
	o = json_tokener_parse(raw);
	free(raw);
	if (o != NULL && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

char *
t_jwt_edit(const char *jwt, int part, const char *key,
    const char *json_value, const char *sig)
{
	size_t		 d1, d2;
	json_object	*o = NULL, *v;
	char		*enc = NULL, *out = NULL;
	const char	*s;
	int		 rc;

	if (t_jwt_split(jwt, &d1, &d2) == -1)
		return NULL;
	if (key != NULL) {
		if ((o = t_jwt_part(jwt, part)) == NULL)
			return NULL;
		if (json_value == NULL)
			json_object_object_del(o, key);
		else {
			v = json_tokener_parse(json_value);
			json_object_object_add(o, key, v);
		}
		s = json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		enc = t_b64_encode((const unsigned char *)s, strlen(s));
	}
	if (sig == NULL)
		sig = jwt + d2 + 1;
	if (enc == NULL)	/* only the signature changes */
		rc = asprintf(&out, "%.*s.%s", (int)d2, jwt, sig);
	else if (part == 0)
		rc = asprintf(&out, "%s.%.*s.%s", enc, (int)(d2 - d1 - 1),
		    jwt + d1 + 1, sig);
	else
		rc = asprintf(&out, "%.*s.%s.%s", (int)d1, jwt, enc, sig);
	if (rc == -1)
		out = NULL;
	free(enc);
	if (o != NULL)
		json_object_put(o);
	return out;
}

/* --- value checks ---------------------------------------------------- */

static int
t_digits(const char *s, size_t n, int lo, int hi)
{
	size_t	 i;
	int	 v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

int
t_is_iso8601z(const char *s)
{
	size_t	 n;

	if (s == NULL || strlen(s) < 20 ||
	    !t_digits(s, 4, 1970, 9999) || s[4] != '-' ||
	    !t_digits(s + 5, 2, 1, 12) || s[7] != '-' ||
	    !t_digits(s + 8, 2, 1, 31) || s[10] != 'T' ||
	    !t_digits(s + 11, 2, 0, 23) || s[13] != ':' ||
	    !t_digits(s + 14, 2, 0, 59) || s[16] != ':' ||
	    !t_digits(s + 17, 2, 0, 60))
		return 0;
	s += 19;
	if (*s == '.') {
		for (n = 0, s++; isdigit((unsigned char)*s); s++)
			n++;
		if (n == 0 || n > 9)
			return 0;
	}
	return strcmp(s, "Z") == 0;
}

int
t_is_request_id(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '.' &&
		    s[n] != '_' && s[n] != '-')
			return 0;
	return n >= 1 && n <= 64;
}

/* --- CUnit glue ------------------------------------------------------ */

static void
t_setup_test(void)
{

	t_set_ip(t_new_ip());
}

CU_pSuite
t_suite(const char *name)
{
	CU_pSuite	 s;

	s = CU_add_suite_with_setup_and_teardown(name, NULL, NULL,
	    t_setup_test, NULL);
	if (s == NULL) {
		fprintf(stderr, "suite %s: %s\n", name, CU_get_error_msg());
		exit(2);
	}
	return s;
}

void
t_add(CU_pSuite s, const char *name, CU_TestFunc fn)
{

	if (CU_add_test(s, name, fn) == NULL) {
		fprintf(stderr, "test %s: %s\n", name, CU_get_error_msg());
		exit(2);
	}
}

/*
 * Record one assertion.  On failure the message gets the request, the
 * status and the start of the body (control characters shown as '.'),
 * or the transport error.  CUnit copies the message.
 */
int
t_check(int ok, const struct tres *r, const char *file, int line,
    const char *fmt, ...)
{
	char	 msg[2048];
	va_list	 ap;
	size_t	 len, i, n;
	int	 w;

	if (ok) {
		CU_assertImplementation(CU_TRUE, (unsigned int)line, "",
		    file, "", CU_FALSE);
		return 1;
	}
	va_start(ap, fmt);
	w = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	len = w < 0 ? 0 : (size_t)w >= sizeof(msg) ? sizeof(msg) - 1 :
	    (size_t)w;
	if (r != NULL && r->err[0] != '\0' && r->status == 0)
		w = snprintf(msg + len, sizeof(msg) - len,
		    "\n      [%s: no response: %s]", r->what, r->err);
	else if (r != NULL) {
		n = r->bodysz < T_SNIPPET ? r->bodysz : T_SNIPPET;
		w = snprintf(msg + len, sizeof(msg) - len,
		    "\n      [%s -> %ld%s%s, body: %.*s%s]", r->what,
		    r->status, r->err[0] != '\0' ? ", " : "", r->err,
		    (int)n, r->body != NULL ? r->body : "",
		    n < r->bodysz ? "..." : "");
	} else
		w = 0;
	if (w > 0 && len + (size_t)w >= sizeof(msg))
		len = sizeof(msg) - 1;
	else if (w > 0)
		len += (size_t)w;
	/* Body bytes: keep the report on one line per failure. */
	for (i = 0; i < len; i++)
		if (iscntrl((unsigned char)msg[i]) && msg[i] != '\n')
			msg[i] = '.';
	CU_assertImplementation(CU_FALSE, (unsigned int)line, msg, file, "",
	    CU_FALSE);
	return 0;
}

int
t_check_status(const struct tres *r, long status, const char *file,
    int line)
{

	return t_check(r->status == status, r, file, line,
	    "status %ld, want %ld", r->status, status);
}

int
t_check_error(const struct tres *r, long status, const char *code,
    const char *file, int line)
{
	const char	*c = t_code(r), *m = t_str(r, "error.message");
	json_object	*d = t_get(r, "error.details");

	return t_check(r->status == status && c != NULL &&
	    strcmp(c, code) == 0 && m != NULL && *m != '\0' &&
	    (d == NULL || json_object_is_type(d, json_type_object)) &&
	    !t_isnull(r, "error.details"), r, file, line,
	    "want %ld {\"error\":{\"code\":\"%s\",\"message\":non-empty,"
	    "\"details\"?:object}}", status, code);
}

int
t_check_detail(const struct tres *r, const char *field, const char *file,
    int line)
{
	const char	*c = t_code(r), *d = t_detail(r, field);

	return t_check(r->status == 400 && c != NULL &&
	    strcmp(c, "VALIDATION_ERROR") == 0 && d != NULL && *d != '\0',
	    r, file, line, "want 400 VALIDATION_ERROR with "
	    "error.details[\"%s\"] a non-empty message", field);
}

int
t_check_str(const struct tres *r, const char *path, const char *want,
    const char *file, int line)
{
	const char	*s = t_str(r, path);

	if (want == NULL)
		return t_check(t_isnull(r, path), r, file, line,
		    "%s is null", path);
	return t_check(s != NULL && strcmp(s, want) == 0, r, file, line,
	    "%s is \"%s\", want \"%s\"", path, s != NULL ? s : "(absent)",
	    want);
}

int
t_check_int(const struct tres *r, const char *path, long long want,
    const char *file, int line)
{
	long long	 v = t_int(r, path);

	return t_check(v == want, r, file, line, "%s is %lld, want %lld",
	    path, v, want);
}

int
t_check_token(const char *access, int works, const char *file, int line)
{
	struct tres	 r = {0};
	int		 ok;

	t_req(&r, "GET", "/v1/users/me", access, NULL);
	if (works)
		ok = t_check(r.status == 200, &r, file, line,
		    "the access token works (GET /v1/users/me 200)");
	else
		ok = t_check_error(&r, 401, "UNAUTHORIZED", file, line);
	t_free(&r);
	return ok;
}

int
t_check_refresh_denied(const char *refresh, const char *file, int line)
{
	struct tres	 r = {0};
	int		 ok;

	t_req(&r, "POST", "/v1/auth/refresh", NULL, "{\"refreshToken\":%s}",
	    t_q(refresh));
	ok = t_check_error(&r, 401, "UNAUTHORIZED", file, line);
	t_free(&r);
	return ok;
}

int
t_check_login(const char *email, const char *password, int works,
    const char *file, int line)
{
	struct tres	 r = {0};
	char		 xff[96];
	const char	*hdrs[] = { xff, NULL };
	int		 ok;

	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", t_new_ip());
	t_reqh(&r, "POST", "/v1/auth/login", NULL, hdrs,
	    "{\"email\":%s,\"password\":%s}", t_q(email), t_q(password));
	if (works)
		ok = t_check(r.status == 200 && t_str(&r, "accessToken"),
		    &r, file, line, "login of %s works", email);
	else
		ok = t_check(r.status == 401 &&
		    t_body_is(&r, T_LOGIN_FAILED_BODY), &r, file, line,
		    "login of %s is 401 %s", email, T_LOGIN_FAILED_BODY);
	t_free(&r);
	return ok;
}

/* A header for a message: its value or "(absent)". */
#define T_HDR(r, name) \
	(t_header((r), (name)) != NULL ? t_header((r), (name)) : "(absent)")

int
t_check_common(const struct tres *r, const char *file, int line)
{
	const char	*id = t_header(r, "X-Request-ID");
	const char	*nos = t_header(r, "X-Content-Type-Options");
	const char	*ct = t_header(r, "Content-Type");
	long long	 lim = t_header_int(r, "X-RateLimit-Limit");
	long long	 rem = t_header_int(r, "X-RateLimit-Remaining");
	long long	 rst = t_header_int(r, "X-RateLimit-Reset");
	long long	 now = (long long)time(NULL);
	int		 ok = 1;

	ok &= t_check(t_header_count(r, "X-Request-ID") == 1 &&
	    t_is_request_id(id), r, file, line,
	    "one X-Request-ID of 1-64 [A-Za-z0-9._-], got \"%s\"",
	    id != NULL ? id : "(absent)");
	ok &= t_check(lim > 0 && rem >= 0 && rem <= lim, r, file, line,
	    "X-RateLimit-Limit > 0 and 0 <= X-RateLimit-Remaining <= limit, "
	    "got %s, %s", T_HDR(r, "X-RateLimit-Limit"),
	    T_HDR(r, "X-RateLimit-Remaining"));
	ok &= t_check(rst >= now && rst <= now + 3600 + 60, r, file, line,
	    "X-RateLimit-Reset a unix time in the coming hour, got %s "
	    "(now %lld)", T_HDR(r, "X-RateLimit-Reset"), now);
	ok &= t_check(t_header_count(r, "X-Content-Type-Options") == 1 &&
	    nos != NULL && strcasecmp(nos, "nosniff") == 0, r, file, line,
	    "one X-Content-Type-Options: nosniff");
	if (r->status == 204)
		ok &= t_check(r->bodysz == 0, r, file, line,
		    "204 has no body");
	else
		ok &= t_check(ct != NULL &&
		    strncasecmp(ct, "application/json", 16) == 0 &&
		    (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ') &&
		    r->json != NULL, r, file, line,
		    "Content-Type application/json and a JSON body, got %s",
		    ct != NULL ? ct : "(no Content-Type)");
	return ok;
}


/* --- shared fixtures ------------------------------------------------- */

#define T_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

void
t_msleep(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

long long
t_iso_epoch(const char *s)
{
	struct tm	 tm;

	if (!t_is_iso8601z(s))
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* ^<prefix>[0-9a-z]{20}$ */
int
t_is_id(const char *s, const char *prefix)
{
	size_t	 i, plen = strlen(prefix);

	if (s == NULL || strncmp(s, prefix, plen) != 0 ||
	    strlen(s) != plen + 20)
		return 0;
	for (i = plen; i < plen + 20; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    !(s[i] >= 'a' && s[i] <= 'z'))
			return 0;
	return 1;
}

int
t_is_asm_id(const char *s)
{

	return t_is_id(s, "asm_");
}

int
t_is_b64url(const char *s, size_t len)
{
	size_t	 i;

	if (s == NULL || strlen(s) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	return 1;
}

int
t_run_cmd(const char *cmd, char **out, size_t *outsz)
{
	FILE	*p;
	char	*buf = NULL, *nb;
	size_t	 len = 0, cap = 0, n;
	int	 st;

	*out = NULL;
	fflush(stdout);
	fflush(stderr);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((nb = realloc(buf, cap + 1)) == NULL)
				abort();
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, p)) == 0)
			break;
		len += n;
	}
	if (buf == NULL && (buf = malloc(1)) == NULL)
		abort();
	buf[len] = '\0';
	*out = buf;
	if (outsz != NULL)
		*outsz = len;
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int
t_sql_at(char *out, size_t outsz, const char *file, int line,
    const char *fmt, ...)
{
	char	 q[1024], cmd[1536], *res = NULL;
	va_list	 ap;
	size_t	 n = 0;
	int	 st;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	if (out != NULL && outsz > 0)
		out[0] = '\0';
	if (!t_check(getenv("RISE_DB_HOST") != NULL &&
	    strpbrk(q, "\"$`\\!") == NULL, NULL, file, line,
	    "sql: RISE_DB_HOST set and a shell-safe statement: %s", q))
		return -1;
	snprintf(cmd, sizeof(cmd),
	    "psql -h \"$RISE_DB_HOST\" -p \"${RISE_DB_PORT:-5432}\" "
	    "-U \"${RISE_DB_ADMIN_USER:-rise_admin}\" "
	    "-d \"${RISE_DB_NAME:-rise}\" -qAtX -v ON_ERROR_STOP=1 -c \"%s\"",
	    q);
	st = t_run_cmd(cmd, &res, &n);
	if (!t_check(st == 0 && res != NULL, NULL, file, line,
	    "sql: psql ran (exit %d): %s", st, q)) {
		free(res);
		return -1;
	}
	while (n > 0 && (res[n - 1] == '\n' || res[n - 1] == '\r'))
		res[--n] = '\0';
	if (out != NULL && outsz > 0)
		snprintf(out, outsz, "%s", res);
	free(res);
	return 0;
}

int
t_asm_expire_at(const char *id, const char *file, int line)
{
	char	 out[64];

	if (!t_check(t_is_asm_id(id), NULL, file, line,
	    "asm_expire: a safe id (%s)", id) ||
	    t_sql_at(out, sizeof(out), file, line, "UPDATE assessments SET "
	    "expires_at = now() - interval '1 minute' WHERE id = '%s' "
	    "RETURNING id", id) == -1)
		return -1;
	return t_check(strcmp(out, id) == 0, NULL, file, line,
	    "asm_expire: psql updated %s (got \"%s\")", id, out) ? 0 : -1;
}

int
t_admin_new_at(struct tuser *a, const char *file, int line)
{
	struct tres	 r = {0};
	const char	*id;
	int		 rc = -1;

	memset(a, 0, sizeof(*a));
	snprintf(a->email, sizeof(a->email), "%s", t_unique_email());
	snprintf(a->password, sizeof(a->password), "%s", T_ADMIN_PASSWORD);
	snprintf(a->first, sizeof(a->first), "A");
	snprintf(a->last, sizeof(a->last), "B");
	if (!t_check(t_risectl("user add --email %s --password %s --role "
	    "admin --first A --last B", a->email, a->password) == 0, NULL,
	    file, line, "risectl creates admin %s", a->email))
		return -1;
	if (t_login_at(a, a, file, line) == -1)
		return -1;
	t_req(&r, "GET", "/v1/users/me", a->access, NULL);
	id = t_str(&r, "id");
	if (t_check(r.status == 200 && t_is_id(id, "usr_"), &r, file, line,
	    "GET /v1/users/me of %s gives its id", a->email)) {
		snprintf(a->id, sizeof(a->id), "%s", id);
		rc = 0;
	}
	t_free(&r);
	return rc;
}

int
t_check_link(const struct tres *r, const char *id, struct tasm *a,
    const char *file, int line)
{
	const char	*link = t_str(r, "uniqueLink");
	char		 prefix[600];
	size_t		 plen, idlen = strlen(id);

	snprintf(prefix, sizeof(prefix), "%s/assess/", t_base_url());
	plen = strlen(prefix);
	if (!t_check(link != NULL && strncmp(link, prefix, plen) == 0 &&
	    strncmp(link + plen, id, idlen) == 0 &&
	    link[plen + idlen] == '_' &&
	    t_is_b64url(link + plen + idlen + 1, T_SECRET_LEN), r, file, line,
	    "uniqueLink is %s<id>_<43 base64url characters>", prefix))
		return 0;
	if (a != NULL) {
		snprintf(a->token, sizeof(a->token), "%s", link + plen);
		snprintf(a->link, sizeof(a->link), "%s", link);
	}
	return 1;
}

int
t_asm_new_at(const struct tuser *u, struct tasm *a, const char *file,
    int line, const char *fmt, ...)
{
	struct tres	 r = {0};
	const char	*id;
	char		*body;
	va_list		 ap;
	int		 rc = -1;

	memset(a, 0, sizeof(*a));
	va_start(ap, fmt);
	if (vasprintf(&body, fmt, ap) == -1)
		abort();
	va_end(ap);
	t_req(&r, "POST", "/v1/assessments", u->access, "%s", body);
	if (!t_check(r.status == 201, &r, file, line,
	    "creating assessment %s gives 201", body))
		goto out;
	id = t_str(&r, "id");
	if (!t_check(t_is_asm_id(id), &r, file, line,
	    "id matches ^asm_[0-9a-z]{20}$"))
		goto out;
	snprintf(a->id, sizeof(a->id), "%s", id);
	if (!t_check_link(&r, a->id, a, file, line))
		goto out;
	rc = 0;
out:
	free(body);
	t_free(&r);
	return rc;
}

/* Answer sets A, B and C: see client.h, computed in test_responses.c. */
static const char *const t_answers_a[] = {
	"q_001:opt_001_d", "q_002:opt_002_c", "q_003:opt_003_b",
	"q_004:opt_004_b", "q_005:opt_005_a",
	"q_006:opt_006_d", "q_007:opt_007_d", "q_008:opt_008_d",
	"q_009:opt_009_c", "q_010:opt_010_d", "q_011:opt_011_c",
	"q_012:opt_012_d", "q_013:[opt_013_a,opt_013_b,opt_013_e]",
	"q_014:opt_014_c",
	"q_015:opt_015_a", "q_016:opt_016_d", "q_017:opt_017_b",
	"q_018:opt_018_c",
	"q_019:opt_019_b", "q_020:[opt_020_a]", "q_021:opt_021_b",
	"q_022:opt_022_b", "q_023:opt_023_b", "q_024:opt_024_c",
	"q_025:opt_025_b", "q_026:[opt_026_a,opt_026_b]", "q_027:opt_027_c",
	"q_028:opt_028_c", "q_029:opt_029_c", "q_030:opt_030_c",
	"q_031:[opt_031_a,opt_031_b,opt_031_f]", "q_032:opt_032_c",
	"q_033:opt_033_b", "q_034:opt_034_c", "q_035:opt_035_b",
	"q_036:opt_036_d",
	"q_037:opt_037_c", "q_038:opt_038_c",
	"q_039:[opt_039_a,opt_039_b,opt_039_c]", "q_040:opt_040_c",
	"q_041:opt_041_c", "q_042:opt_042_b", "q_043:opt_043_b",
	"q_044:[opt_044_g]", "q_045:opt_045_b",
	"q_046:opt_046_b", "q_047:opt_047_b", "q_048:opt_048_b",
	"q_049:opt_049_b",
	"q_050:opt_050_b", "q_051:opt_051_b", "q_052:opt_052_b",
	"q_053:opt_053_a",
	"q_054:opt_054_c", "q_055:opt_055_c", "q_056:opt_056_b",
	"q_057:opt_057_c",
	"q_058:opt_058_c", "q_059:[opt_059_a,opt_059_b]", "q_060:opt_060_c",
	"q_061:opt_061_c", "q_062:opt_062_c",
};

static const char *const t_answers_b[] = {
	"q_001:opt_001_b", "q_002:opt_002_d", "q_004:opt_004_c",
	"q_006:opt_006_c", "q_007:opt_007_d", "q_008:opt_008_c",
	"q_009:opt_009_c", "q_010:opt_010_c", "q_011:opt_011_e",
	"q_012:opt_012_c",
	"q_013:[opt_013_a,opt_013_b,opt_013_c,opt_013_d,opt_013_e,opt_013_f]",
	"q_014:opt_014_b",
	"q_015:opt_015_d", "q_016:opt_016_b", "q_017:opt_017_a",
	"q_018:opt_018_d",
	"q_019:opt_019_c",
	"q_020:[opt_020_a,opt_020_b,opt_020_c,opt_020_d,opt_020_e,opt_020_f]",
	"q_021:opt_021_c", "q_022:opt_022_c", "q_023:opt_023_c",
	"q_024:opt_024_c", "q_025:opt_025_c",
	"q_026:[opt_026_a,opt_026_b,opt_026_c,opt_026_d,opt_026_e]",
	"q_027:opt_027_b",
	"q_028:opt_028_d", "q_029:opt_029_d", "q_030:opt_030_d",
	"q_031:[opt_031_a,opt_031_b,opt_031_c,opt_031_d,opt_031_e,opt_031_f]",
	"q_032:opt_032_e",
	"q_033:opt_033_c", "q_034:opt_034_b", "q_035:opt_035_c",
	"q_036:opt_036_a",
	"q_037:opt_037_d", "q_038:opt_038_d",
	"q_039:[opt_039_a,opt_039_b,opt_039_c,opt_039_d,opt_039_e,opt_039_f]",
	"q_040:opt_040_e",
	"q_041:opt_041_e", "q_042:opt_042_d", "q_043:opt_043_c",
	"q_044:[opt_044_a,opt_044_b,opt_044_c,opt_044_d]", "q_045:opt_045_d",
	"q_046:opt_046_c", "q_047:opt_047_d", "q_048:opt_048_d",
	"q_049:opt_049_d",
	"q_050:opt_050_b", "q_051:opt_051_d", "q_052:opt_052_a",
	"q_053:opt_053_d",
	"q_054:opt_054_b", "q_055:opt_055_a", "q_056:opt_056_a",
	"q_057:opt_057_b",
	"q_058:opt_058_b", "q_059:[opt_059_g]", "q_060:opt_060_b",
	"q_061:opt_061_b", "q_062:opt_062_c",
};

static const char *const t_answers_c[] = {
	"q_001:opt_001_a", "q_002:opt_002_a", "q_004:opt_004_a",
	"q_005:opt_005_d",
	"q_006:opt_006_a", "q_007:opt_007_a", "q_008:opt_008_a",
	"q_009:opt_009_a", "q_010:opt_010_a", "q_011:opt_011_a",
	"q_012:opt_012_a", "q_013:[opt_013_g]", "q_014:opt_014_a",
	"q_015:opt_015_b", "q_016:opt_016_c", "q_017:opt_017_c",
	"q_018:opt_018_a",
	"q_019:opt_019_a", "q_020:[opt_020_g]", "q_021:opt_021_a",
	"q_022:opt_022_a", "q_023:opt_023_a", "q_024:opt_024_a",
	"q_025:opt_025_a", "q_026:[opt_026_f]", "q_027:opt_027_a",
	"q_028:opt_028_a", "q_029:opt_029_a", "q_030:opt_030_a",
	"q_031:[opt_031_g]", "q_032:opt_032_a",
	"q_033:opt_033_c", "q_034:opt_034_a", "q_035:opt_035_d",
	"q_036:opt_036_b",
	"q_037:opt_037_a", "q_038:opt_038_a", "q_039:[opt_039_g]",
	"q_040:opt_040_a",
	"q_041:opt_041_a", "q_042:opt_042_a", "q_043:opt_043_a",
	"q_044:[opt_044_g]", "q_045:opt_045_a",
	"q_046:opt_046_a", "q_047:opt_047_a", "q_048:opt_048_a",
	"q_049:opt_049_a",
	"q_050:opt_050_b", "q_051:opt_051_d", "q_052:opt_052_d",
	"q_053:opt_053_d",
	"q_054:opt_054_a", "q_055:opt_055_a", "q_056:opt_056_a",
	"q_057:opt_057_a",
	"q_058:opt_058_a", "q_059:[opt_059_g]", "q_060:opt_060_a",
	"q_061:opt_061_a", "q_062:opt_062_a",
};

const struct tprof t_prof_a = {
	"profile A", t_answers_a, T_NELEM(t_answers_a), "Organize", "C",
};
const struct tprof t_prof_b = {
	"profile B", t_answers_b, T_NELEM(t_answers_b), "Systemic", "I",
};
const struct tprof t_prof_c = {
	"profile C", t_answers_c, T_NELEM(t_answers_c), "Stabilize", "D",
};

char *
t_answers_json(const char *const *ans, size_t from, size_t to,
    const char *partial)
{
	json_object	*root, *arr, *o, *opts;
	const char	*s, *colon, *p;
	char		*out;
	size_t		 i, n;

	if ((root = json_object_new_object()) == NULL ||
	    (arr = json_object_new_array()) == NULL)
		abort();
	for (i = from; i < to; i++) {
		s = ans[i];
		if ((colon = strchr(s, ':')) == NULL ||
		    (o = json_object_new_object()) == NULL)
			abort();
		json_object_object_add(o, "questionId",
		    json_object_new_string_len(s, (int)(colon - s)));
		if (colon[1] == '[') {
			opts = json_object_new_array();
			for (p = colon + 2; *p != '\0' && *p != ']'; ) {
				n = strcspn(p, ",]");
				json_object_array_add(opts,
				    json_object_new_string_len(p, (int)n));
				p += n;
				if (*p == ',')
					p++;
			}
			json_object_object_add(o, "selectedOptions", opts);
		} else
			json_object_object_add(o, "selectedOption",
			    json_object_new_string(colon + 1));
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "responses", arr);
	if (partial != NULL)
		json_object_object_add(root, "isPartial",
		    json_object_new_boolean(strcmp(partial, "true") == 0));
	out = strdup(json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	if (out == NULL)
		abort();
	json_object_put(root);
	return out;
}

int
t_post_answers(struct tres *r, const char *id, const char *bearer,
    const char *token, const char *const *ans, size_t from, size_t to,
    const char *partial)
{
	char		 path[80], hdr[256], *body;
	const char	*hdrs[] = { hdr, NULL };
	int		 rc;

	snprintf(path, sizeof(path), "/v1/assessments/%s/responses", id);
	if (token != NULL)
		snprintf(hdr, sizeof(hdr), "X-Assessment-Token: %s", token);
	body = t_answers_json(ans, from, to, partial);
	rc = t_reqh(r, "POST", path, bearer, token != NULL ? hdrs : NULL,
	    "%s", body);
	free(body);
	return rc;
}

int
t_asm_answer_at(const struct tasm *a, const struct tprof *p, size_t from,
    size_t to, int final, const char *file, int line)
{
	struct tres	 r = {0};
	int		 rc = -1;

	t_post_answers(&r, a->id, NULL, a->token, p->answers, from, to,
	    final ? "false" : "true");
	if (t_check_status(&r, 200, file, line) &&
	    t_check_str(&r, "status", final ? "completed" : "in_progress",
	    file, line))
		rc = 0;
	t_free(&r);
	return rc;
}

/* --- security fixtures: untrusted peers, signed JWTs, web sessions --- */

void
t_set_source(const char *addr)
{

	snprintf(t_src, sizeof(t_src), "%s", addr != NULL ? addr : "");
}

const char *
t_untrusted_addr(int n)
{
	char	*s;

	if (asprintf(&s, "127.%u.%u.%d", 100 + (t_runid & 0x7f),
	    (t_runid >> 7) & 0xff, 2 + (n & 0x7f)) == -1)
		s = NULL;
	return t_keep(s);
}

long
t_jwt_secret(unsigned char *buf, size_t bufsz)
{
	const char	*path = getenv("RISE_JWT_SECRET_FILE");
	FILE		*f;
	size_t		 n;

	if (path == NULL || (f = fopen(path, "rb")) == NULL)
		return -1;
	n = fread(buf, 1, bufsz, f);
	fclose(f);
	return n > 0 ? (long)n : -1;
}

char *
t_jwt_sign(const char *header, const char *payload, const char *alg,
    const void *key, size_t keylen)
{
	const EVP_MD	*md = NULL;
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	char		*h, *p, *sig, *in, *out;

	if (alg != NULL && strcmp(alg, "HS256") == 0)
		md = EVP_sha256();
	else if (alg != NULL && strcmp(alg, "HS384") == 0)
		md = EVP_sha384();
	else if (alg != NULL && strcmp(alg, "HS512") == 0)
		md = EVP_sha512();
	else if (alg != NULL)
		return NULL;
	h = t_b64_encode((const unsigned char *)header, strlen(header));
	p = t_b64_encode((const unsigned char *)payload, strlen(payload));
	if (asprintf(&in, "%s.%s", h, p) == -1)
		abort();
	free(h);
	free(p);
	if (md != NULL && HMAC(md, key, (int)keylen, (unsigned char *)in,
	    strlen(in), mac, &maclen) == NULL)
		abort();
	sig = t_b64_encode(mac, maclen);
	if (asprintf(&out, "%s.%s", in, sig) == -1)
		abort();
	free(sig);
	free(in);
	return out;
}

/* The value of the first "name=value" among the Set-Cookie headers of r. */
static int
t_set_cookie(const struct tres *r, const char *name, char *out,
    size_t outsz)
{
	size_t	 i, n = strlen(name), len;

	for (i = 0; i < r->hdrsz; i++) {
		if (strcasecmp(r->hdrs[i].name, "Set-Cookie") != 0 ||
		    strncmp(r->hdrs[i].value, name, n) != 0 ||
		    r->hdrs[i].value[n] != '=')
			continue;
		len = strcspn(r->hdrs[i].value + n + 1, ";");
		if (len >= outsz)
			return -1;
		memcpy(out, r->hdrs[i].value + n + 1, len);
		out[len] = '\0';
		return 0;
	}
	return -1;
}

int
t_html_csrf(const struct tres *r, char *out, size_t outsz)
{
	static const char	 key[] = "name=\"csrf\" value=\"";
	const char		*p;
	size_t			 len;

	if (r->body == NULL || (p = strstr(r->body, key)) == NULL)
		return -1;
	p += sizeof(key) - 1;
	len = strcspn(p, "\"");
	if (len == 0 || len >= outsz || p[len] != '"')
		return -1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

const char *
t_urlenc(const char *s)
{
	char	*e;

	if ((e = curl_easy_escape(t_curl, s, 0)) == NULL)
		abort();
	s = t_keep(strdup(e));
	curl_free(e);
	return s;
}

int
t_web_req(struct tres *r, const char *method, const char *path,
    const struct tweb *w, const char *form)
{
	char		 cookie[256], *body = NULL;
	const char	*hdrs[] = { cookie, NULL };
	int		 rc;

	snprintf(cookie, sizeof(cookie), "Cookie: %s", w != NULL ?
	    w->cookie : "");
	if (strcmp(method, "POST") != 0)
		return t_req_raw(r, method, path, NULL, w != NULL ? hdrs : NULL,
		    NULL, NULL, 0);
	if (asprintf(&body, "csrf=%s%s%s", w != NULL ? t_urlenc(w->csrf) : "",
	    form != NULL && *form != '\0' ? "&" : "", form != NULL ? form :
	    "") == -1)
		abort();
	rc = t_req_raw(r, method, path, NULL, w != NULL ? hdrs : NULL,
	    "application/x-www-form-urlencoded", body, strlen(body));
	free(body);
	return rc;
}

int
t_web_login_at(const struct tuser *u, struct tweb *w, const char *file,
    int line)
{
	struct tres	 r = {0};
	char		 csrf[128], tok[128], *body = NULL, ip[96];
	char		 cookie[256];
	const char	*hdrs[] = { cookie, ip, NULL };
	int		 rc = -1;

	memset(w, 0, sizeof(*w));
	snprintf(ip, sizeof(ip), "X-Forwarded-For: %s", t_new_ip());
	t_req_raw(&r, "GET", "/login", NULL, hdrs + 1, NULL, NULL, 0);
	if (!t_check(r.status == 200 && t_set_cookie(&r, "rise_csrf", tok,
	    sizeof(tok)) == 0 && t_html_csrf(&r, csrf, sizeof(csrf)) == 0, &r,
	    file, line, "web login: GET /login gives a csrf cookie and field"))
		goto out;
	snprintf(cookie, sizeof(cookie), "Cookie: rise_csrf=%s", tok);
	if (asprintf(&body, "csrf=%s&email=%s&password=%s", t_urlenc(csrf),
	    t_urlenc(u->email), t_urlenc(u->password)) == -1)
		abort();
	t_req_raw(&r, "POST", "/login", NULL, hdrs,
	    "application/x-www-form-urlencoded", body, strlen(body));
	if (!t_check(r.status == 303 && t_set_cookie(&r, "rise", tok,
	    sizeof(tok)) == 0, &r, file, line, "web login of %s: 303 and a "
	    "rise cookie", u->email))
		goto out;
	snprintf(w->cookie, sizeof(w->cookie), "rise=%s", tok);
	t_web_req(&r, "GET", "/profile", w, NULL);
	if (!t_check(r.status == 200 && t_html_csrf(&r, w->csrf,
	    sizeof(w->csrf)) == 0, &r, file, line, "web login: GET /profile "
	    "of %s gives the session's csrf token", u->email))
		goto out;
	rc = 0;
out:
	free(body);
	t_free(&r);
	return rc;
}
