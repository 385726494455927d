/* resp.c: envelopes, error codes and headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "resp.h"
#include "serve.h"

static const struct {
	const char	*name;
	int		 status;
	const char	*message;
} codes[RESP_CODE__MAX] = {
	{ "INVALID_REQUEST", 400, "Malformed request body" },
	{ "VALIDATION_ERROR", 400, "Request validation failed" },
	{ "UNAUTHORIZED", 401, "Invalid or expired access token" },
	{ "TOKEN_EXPIRED", 401, "Access token expired" },
	{ "FORBIDDEN", 403, "Insufficient permissions" },
	{ "NOT_FOUND", 404, "Resource not found" },
	{ "METHOD_NOT_ALLOWED", 405, "Method not allowed" },
	{ "CONFLICT", 409, "Resource already exists" },
	{ "ASSESSMENT_NOT_COMPLETED", 409, "The assessment is not completed yet" },
	{ "PAYLOAD_TOO_LARGE", 413, "Request body too large" },
	{ "UNSUPPORTED_MEDIA_TYPE", 415, "Content-Type must be application/json" },
	{ "RATE_LIMIT_EXCEEDED", 429, "Too many requests. Please try again later." },
	{ "INTERNAL_ERROR", 500, "Internal server error" },
	{ "SERVICE_UNAVAILABLE", 503, "Service temporarily unavailable" },
};

int
resp_code_status(enum resp_code c)
{
	return codes[c].status;
}

const char *
resp_code_name(enum resp_code c)
{
	return codes[c].name;
}

int
resp_ok(struct req *r, int status, json_object *payload)
{
	if (r->out != NULL)
		json_object_put(r->out);
	r->out = payload;
	r->error = false;
	r->status = status;
	return status;
}

int
resp_error(struct req *r, enum resp_code c, const char *message,
    json_object *details)
{
	json_object	*env, *err;

	if (r->out != NULL)
		json_object_put(r->out);
	r->out = NULL;
	r->error = true;
	r->status = codes[c].status;
	if ((env = json_object_new_object()) == NULL ||
	    (err = json_object_new_object()) == NULL) {
		json_object_put(env);
		json_object_put(details);
		return r->status;
	}
	json_object_object_add(err, "code", json_object_new_string(codes[c].name));
	json_object_object_add(err, "message",
	    json_object_new_string(message ? message : codes[c].message));
	if (details != NULL)
		json_object_object_add(err, "details", details);
	json_object_object_add(env, "error", err);
	r->out = env;
	return r->status;
}

int
resp_db_error(struct req *r)
{
	switch (db_http_status(r->app->db)) {
	case 409:
		return resp_error(r, RESP_CONFLICT, NULL, NULL);
	case 403:
		return resp_error(r, RESP_FORBIDDEN, NULL, NULL);
	case 503:
		return resp_error(r, RESP_SERVICE_UNAVAILABLE, NULL, NULL);
	default:
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	}
}

static bool
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\r' || *s == '\n')
			return false;
	return true;
}

enum app_err
resp_header(struct req *r, const char *name, const char *value)
{
	int	n;

	if (!header_safe(name) || !header_safe(value))
		return APP_ERR_INVALID;
	n = snprintf(r->headers + r->headerslen, sizeof(r->headers) - r->headerslen,
	    "%s: %s\r\n", name, value);
	if (n < 0 || (size_t)n >= sizeof(r->headers) - r->headerslen) {
		r->headers[r->headerslen] = '\0';
		return APP_ERR_NOMEM;
	}
	r->headerslen += (size_t)n;
	return APP_OK;
}

/* True if the handler added a header called name (resp_header). */
static bool
has_header(const struct req *r, const char *name)
{
	size_t		 n = strlen(name);
	const char	*p = r->headers, *end = r->headers + r->headerslen;

	while (p < end) {
		if ((size_t)(end - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':')
			return true;
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p++;
	}
	return false;
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default:  return status >= 500 ? "Internal Server Error" : "Status";
	}
}

char *
resp_render(struct req *r, enum resp_env env, size_t *len)
{
	const char	*body = NULL, *type = "application/json";
	size_t		 blen = 0, hlen;
	char		 head[2048], *buf;
	int		 n;

	/* Financial RISE sends payloads bare; the web UI renders pages. */
	if (r->raw != NULL) {
		body = r->raw;
		blen = r->rawlen;
		type = r->raw_type;
	} else if (r->out != NULL && r->status != 204) {
		body = json_object_to_json_string_ext(r->out,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		blen = body ? strlen(body) : 0;
	}
	n = snprintf(head, sizeof(head),
	    "Status: %d %s\r\n"
	    "X-Request-ID: %s\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "Content-Security-Policy: %s\r\n"
	    "%s",
	    r->status, reason(r->status), r->rid,
	    /* Pages load only our own styles, scripts and images; no inline script. */
	    env == RESP_ENV_HTML ? "default-src 'none'; style-src 'self'; "
	    "script-src 'self'; img-src 'self' data:; connect-src 'self'; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'" :
	    "default-src 'none'; frame-ancestors 'none'",
	    /* Nothing is cached unless a handler says otherwise (a chart image). */
	    has_header(r, "Cache-Control") ? "" : "Cache-Control: no-store\r\n");
	if (r->rl.counted && n > 0 && (size_t)n < sizeof(head))
		n += snprintf(head + n, sizeof(head) - (size_t)n,
		    "X-RateLimit-Limit: %d\r\nX-RateLimit-Remaining: %d\r\n"
		    "X-RateLimit-Reset: %lld\r\n", r->rl.limit, r->rl.remaining,
		    (long long)r->rl.reset);
	if (body != NULL && n > 0 && (size_t)n < sizeof(head))
		n += snprintf(head + n, sizeof(head) - (size_t)n,
		    "Content-Type: %s\r\nContent-Length: %zu\r\n", type, blen);
	if (n < 0 || (size_t)n >= sizeof(head))
		return NULL;
	hlen = (size_t)n;
	if (r->method == REQ_HEAD)
		blen = 0;
	if ((buf = malloc(hlen + r->headerslen + 2 + blen)) == NULL)
		return NULL;
	memcpy(buf, head, hlen);
	memcpy(buf + hlen, r->headers, r->headerslen);
	memcpy(buf + hlen + r->headerslen, "\r\n", 2);
	if (blen > 0)
		memcpy(buf + hlen + r->headerslen + 2, body, blen);
	*len = hlen + r->headerslen + 2 + blen;
	return buf;
}
