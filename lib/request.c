/* request.c: parsing the FastCGI parameters of a request. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "request.h"
#include "valid.h"

static const char *const methods[REQ_METHOD__MAX] = {
	"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
};

enum req_method
req_method_parse(const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < REQ_METHOD__MAX; i++)
		if (strcmp(s, methods[i]) == 0)
			return (enum req_method)i;
	return REQ_METHOD__MAX;
}

const char *
req_method_name(enum req_method m)
{
	return (unsigned)m < REQ_METHOD__MAX ? methods[m] : "?";
}

const char *
req_env(char **envp, const char *name)
{
	size_t	n = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

bool
req_rid_valid(const char *s)
{
	size_t	n = 0;

	if (s == NULL)
		return false;
	for (; *s != '\0'; s++, n++)
		if (n >= 64 || !(isalnum((unsigned char)*s) || *s == '.' ||
		    *s == '_' || *s == '-'))
			return false;
	return n > 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes [s, e) into a new string; NULL on a bad escape or NUL. */
static char *
decode(const char *s, const char *e, bool *bad)
{
	char	*out, *o;
	int	 hi, lo;

	if ((out = malloc((size_t)(e - s) + 1)) == NULL)
		return NULL;
	for (o = out; s < e; s++) {
		if (*s == '+')
			*o++ = ' ';
		else if (*s == '%') {
			if (e - s < 3 || (hi = hexval(s[1])) < 0 ||
			    (lo = hexval(s[2])) < 0 || (hi == 0 && lo == 0)) {
				*bad = true;
				free(out);
				return NULL;
			}
			*o++ = (char)(hi << 4 | lo);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

void
req_kv_free(struct req_kv *kv, size_t n)
{
	size_t	i;

	for (i = 0; kv != NULL && i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	free(kv);
}

enum app_err
req_query_parse(const char *qs, struct req_kv **out, size_t *n)
{
	struct req_kv	*kv = NULL, *nkv;
	const char	*p, *amp, *eq;
	size_t		 cnt = 0;
	bool		 bad = false;

	*out = NULL;
	*n = 0;
	for (p = qs; p != NULL && *p != '\0'; p = *amp ? amp + 1 : amp) {
		if ((amp = strchr(p, '&')) == NULL)
			amp = p + strlen(p);
		if (amp == p)
			continue;
		if (cnt >= 64)		/* nobody needs more; bound the work */
			goto invalid;
		if ((nkv = realloc(kv, (cnt + 1) * sizeof(*kv))) == NULL)
			goto nomem;
		kv = nkv;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		kv[cnt].key = decode(p, eq, &bad);
		kv[cnt].val = kv[cnt].key == NULL ? NULL :
		    decode(eq < amp ? eq + 1 : amp, amp, &bad);
		if (kv[cnt].val == NULL) {
			free(kv[cnt].key);
			if (bad)
				goto invalid;
			goto nomem;
		}
		cnt++;
	}
	*out = kv;
	*n = cnt;
	return APP_OK;
invalid:
	req_kv_free(kv, cnt);
	return APP_ERR_INVALID;
nomem:
	req_kv_free(kv, cnt);
	return APP_ERR_NOMEM;
}

const char *
req_form(const struct req *r, const char *key)
{
	size_t	i;

	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, key) == 0)
			return r->form[i].val;
	return NULL;
}

bool
req_cookie(const struct req *r, const char *name, char *out, size_t outsz)
{
	const char	*p = r->cookie, *e, *v;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		e = p + strcspn(p, ";");
		if ((size_t)(e - p) > n && strncmp(p, name, n) == 0 && p[n] == '=') {
			v = p + n + 1;
			if ((size_t)(e - v) >= outsz)
				return false;
			memcpy(out, v, (size_t)(e - v));
			out[e - v] = '\0';
			return true;
		}
		p = e;
	}
	return false;
}

/*
 * Checks that every object of the parsed tree o has as many keys as the
 * text had between its braces (cnt, in the order the objects open; *pos
 * the next): json-c keeps one entry for a repeated key, so a repeated key
 * leaves an object shorter than its text.  Refuses NaN and Infinity too.  The tree's objects come in the
 * text's order, since json-c keeps keys in insertion order, and the first
 * object with a repeated key is found before its subtree is compared.
 * Recursion is bounded by the parser's depth limit.
 */
static bool
same_counts(json_object *o, const uint32_t *cnt, size_t n, size_t *pos)
{
	size_t	i, len;

	switch (json_object_get_type(o)) {
	case json_type_object:
		if (*pos >= n || (size_t)json_object_object_length(o) != cnt[*pos])
			return false;
		(*pos)++;
		json_object_object_foreach(o, k, v) {
			(void)k;
			if (!same_counts(v, cnt, n, pos))
				return false;
		}
		return true;
	case json_type_array:
		len = json_object_array_length(o);
		for (i = 0; i < len; i++)
			if (!same_counts(json_object_array_get_idx(o, i), cnt, n, pos))
				return false;
		return true;
	case json_type_double:		/* json-c takes NaN and Infinity */
		return isfinite(json_object_get_double(o));
	default:
		return true;
	}
}

/*
 * True if no object of s (len bytes of valid JSON that parsed as obj)
 * repeats a key, no key holds a NUL (json-c would cut "role\\u0000x"
 * to "role") and no string is in single quotes, which json-c takes even
 * when strict.  Two passes over the text: one counts the objects, one
 * counts each object's keys (its ':' outside strings); then the tree is
 * compared.  O(len) time and 4 bytes per object.
 */
static bool
no_repeated_keys(const char *s, size_t len, json_object *obj)
{
	uint32_t	*cnt;
	size_t		 stack[REQ_JSON_DEPTH], i, n = 0, k = 0, pos = 0;
	int		 depth = 0;
	bool		 instr = false, nul = false, ok;

	for (i = 0; i < len; i++) {
		if (instr) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				instr = false;
		} else if (s[i] == '"')
			instr = true;
		else if (s[i] == '\'')		/* json-c takes 'strings' */
			return false;
		else if (s[i] == '{')
			n++;
	}
	if (n == 0)
		return true;
	if ((cnt = calloc(n, sizeof(*cnt))) == NULL)
		return false;
	ok = true;
	instr = false;
	for (i = 0; i < len && ok; i++) {
		if (instr) {
			if (s[i] == '\\') {
				if (len - i > 5 && memcmp(s + i + 1, "u0000", 5) == 0)
					nul = true;
				i++;
			} else if (s[i] == '"')
				instr = false;
		} else if (s[i] == '"') {
			instr = true;
			nul = false;
		}
		else if (s[i] == '{') {
			if (depth == REQ_JSON_DEPTH || k == n)
				ok = false;
			else
				stack[depth++] = k++;
		} else if (s[i] == '}') {
			if (depth == 0)
				ok = false;
			else
				depth--;
		} else if (s[i] == ':') {
			/* The string before a ':' is a key: no NUL in it. */
			if (depth == 0 || nul)
				ok = false;
			else
				cnt[stack[depth - 1]]++;
		}
	}
	ok = ok && depth == 0 && k == n && same_counts(obj, cnt, n, &pos) &&
	    pos == n;
	free(cnt);
	return ok;
}

json_object *
req_json_parse(const char *body, size_t len)
{
	struct json_tokener	*tok;
	json_object		*obj;
	size_t			 end;

	/*
	 * json-c's own UTF-8 check lets overlong forms and surrogates pass;
	 * JSON's white space is exactly the control characters valid_text
	 * lets through, so this refuses no valid JSON but C1 controls.
	 */
	if (body == NULL || len > INT_MAX || memchr(body, '\0', len) != NULL ||
	    !valid_text(body, len))
		return NULL;
	if ((tok = json_tokener_new_ex(REQ_JSON_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, body, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) != json_tokener_success)
		obj = (json_object_put(obj), NULL);
	json_tokener_free(tok);
	if (obj == NULL)
		return NULL;
	for (; end < len; end++)		/* only white space may follow */
		if (!isspace((unsigned char)body[end]))
			return (json_object_put(obj), NULL);
	if (!json_object_is_type(obj, json_type_object) ||
	    !no_repeated_keys(body, end, obj))
		return (json_object_put(obj), NULL);
	return obj;
}

const char *
req_query(const struct req *r, const char *key)
{
	size_t	i;

	for (i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].key, key) == 0)
			return r->query[i].val;
	return NULL;
}

/*
 * The client's address: the peer, unless the peer is a trusted proxy, in
 * which case the rightmost X-Forwarded-For entry that is not itself a
 * trusted proxy.
 */
static void
client_ip(struct req *r, char **envp,
    int (*trusted)(const void *, const char *), const void *arg)
{
	const char	*peer = req_env(envp, "REMOTE_ADDR"), *xff, *s, *e, *seg;
	char		 hop[REQ_IP_MAX];
	size_t		 n;

	snprintf(r->client_ip, sizeof(r->client_ip), "%s", peer ? peer : "-");
	if (peer == NULL || trusted == NULL || !trusted(arg, peer) ||
	    (xff = req_env(envp, "HTTP_X_FORWARDED_FOR")) == NULL)
		return;
	e = xff + strlen(xff);
	while (e > xff) {
		for (seg = e; seg > xff && seg[-1] != ','; seg--)
			continue;
		for (s = seg; s < e && *s == ' '; s++)
			continue;
		n = (size_t)(e - s);
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (n == 0 || n >= sizeof(hop))
			return;
		memcpy(hop, s, n);
		hop[n] = '\0';
		for (size_t i = 0; i < n; i++)
			if (!(isxdigit((unsigned char)hop[i]) || hop[i] == '.' ||
			    hop[i] == ':'))
				return;		/* not an address: stop trusting */
		snprintf(r->client_ip, sizeof(r->client_ip), "%s", hop);
		if (!trusted(arg, hop))
			return;
		e = seg > xff ? seg - 1 : xff;
	}
}

/*
 * True if the request came over HTTPS: the server says so (HTTPS=on), or
 * the peer is a trusted proxy that ended TLS and says so in
 * X-Forwarded-Proto.  From any other peer that header means nothing.
 */
static bool
is_https(char **envp, int (*trusted)(const void *, const char *),
    const void *arg)
{
	const char	*on = req_env(envp, "HTTPS"), *peer, *proto;

	if (on != NULL && (strcmp(on, "on") == 0 || strcmp(on, "1") == 0))
		return true;
	peer = req_env(envp, "REMOTE_ADDR");
	proto = req_env(envp, "HTTP_X_FORWARDED_PROTO");
	return proto != NULL && strcasecmp(proto, "https") == 0 &&
	    peer != NULL && trusted != NULL && trusted(arg, peer);
}

enum app_err
req_parse(struct req *r, char **envp,
    int (*trusted)(const void *, const char *), const void *arg)
{
	const char	*uri, *q, *cl, *rid;
	char		*end;
	enum app_err	 rc;

	r->method_name = req_env(envp, "REQUEST_METHOD");
	r->method = req_method_parse(r->method_name);
	if (r->method_name == NULL)
		r->method_name = "-";
	if ((uri = req_env(envp, "REQUEST_URI")) == NULL || *uri != '/')
		uri = "/";
	q = strchr(uri, '?');
	if ((r->path = strndup(uri, q ? (size_t)(q - uri) : strlen(uri))) == NULL)
		return APP_ERR_NOMEM;
	r->content_type = req_env(envp, "CONTENT_TYPE");
	if (r->content_type != NULL && *r->content_type == '\0')
		r->content_type = NULL;
	r->content_length = -1;
	if ((cl = req_env(envp, "CONTENT_LENGTH")) != NULL && *cl != '\0') {
		if (*cl < '0' || *cl > '9' || strlen(cl) > 18)
			return APP_ERR_INVALID;
		r->content_length = strtoll(cl, &end, 10);
		if (*end != '\0')
			return APP_ERR_INVALID;
	}
	r->authorization = req_env(envp, "HTTP_AUTHORIZATION");
	r->cookie = req_env(envp, "HTTP_COOKIE");
	r->assessment_token = req_env(envp, "HTTP_X_ASSESSMENT_TOKEN");
	r->origin = req_env(envp, "HTTP_ORIGIN");
	r->cors_method = req_env(envp, "HTTP_ACCESS_CONTROL_REQUEST_METHOD");
	r->user_agent = req_env(envp, "HTTP_USER_AGENT");
	r->https = is_https(envp, trusted, arg);
	rid = req_env(envp, "HTTP_X_REQUEST_ID");
	if (req_rid_valid(rid))
		snprintf(r->rid, sizeof(r->rid), "%s", rid);
	client_ip(r, envp, trusted, arg);
	if (q != NULL && (rc = req_query_parse(q + 1, &r->query, &r->nquery)) != APP_OK)
		return rc;
	return APP_OK;
}

void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	free(r->path);
	free(r->segs);
	req_kv_free(r->query, r->nquery);
	req_kv_free(r->form, r->nform);
	free(r->body);
	if (r->json != NULL)
		json_object_put(r->json);
	if (r->out != NULL)
		json_object_put(r->out);
	free(r->raw);
	memset(r, 0, sizeof(*r));
}
