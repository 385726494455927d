/*
 * resp.h: status codes, error codes and the JSON envelopes.
 *
 * A handler builds only the payload and returns a status; this module
 * wraps it in the envelope of the document the program serves, adds the
 * headers every response carries, and renders the bytes the loop writes.
 */
#ifndef RISE_RESP_H
#define RISE_RESP_H

#include <json-c/json.h>

#include "app.h"
#include "request.h"

/* The error codes of Financial RISE's table, plus the loop's own. */
enum resp_code {
	RESP_INVALID_REQUEST,		/* 400 malformed body */
	RESP_VALIDATION_ERROR,		/* 400 with details per field */
	RESP_UNAUTHORIZED,		/* 401 */
	RESP_TOKEN_EXPIRED,		/* 401 */
	RESP_FORBIDDEN,			/* 403 */
	RESP_NOT_FOUND,			/* 404 */
	RESP_METHOD_NOT_ALLOWED,	/* 405 */
	RESP_CONFLICT,			/* 409 */
	RESP_ASSESSMENT_NOT_COMPLETED,	/* 409: a report needs a completed assessment */
	RESP_PAYLOAD_TOO_LARGE,		/* 413 */
	RESP_UNSUPPORTED_MEDIA_TYPE,	/* 415 */
	RESP_RATE_LIMIT_EXCEEDED,	/* 429 */
	RESP_INTERNAL_ERROR,		/* 500 */
	RESP_SERVICE_UNAVAILABLE,	/* 503 */
	RESP_CODE__MAX
};

/* The envelope of the document a program serves (../shared/seeds). */
enum resp_env {
	RESP_ENV_FRISE,		/* bare objects; {"error":{code,message,details}} */
	RESP_ENV_HTML,		/* the web UI: pages; errors as pages (web.c) */
	RESP_ENV__MAX
};

/* The HTTP status of an error code. */
int		 resp_code_status(enum resp_code);

/* The code's name as sent, e.g. "VALIDATION_ERROR". */
const char	*resp_code_name(enum resp_code);

/*
 * Sets the response to payload (owned by the request from now on; NULL
 * for no body) and returns status, so handlers can `return resp_ok(...)`.
 */
int		 resp_ok(struct req *, int status, json_object *payload);

/*
 * Sets the response to the error envelope and returns the code's status.
 * message NULL uses the code's default; details (may be NULL) is taken.
 */
int		 resp_error(struct req *, enum resp_code, const char *message,
		    json_object *details);

/* The response for the request's last database failure (409, 503, 500). */
int		 resp_db_error(struct req *);

/*
 * Adds a header line.  Refuses (APP_ERR_INVALID) a name or value holding
 * CR, LF or NUL, so no input can split a response.
 */
enum app_err	 resp_header(struct req *, const char *name, const char *value);

/*
 * Renders the whole FastCGI response for r: the Status line, headers and
 * body.  Returns a buffer the caller frees, its length in *len, or NULL
 * when out of memory.
 */
char		*resp_render(struct req *r, enum resp_env, size_t *len);

#endif
