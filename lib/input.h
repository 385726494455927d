/*
 * input.h: typed getters over a JSON request body that collect every
 * validation error at once, keyed by field name ("settings.theme" for a
 * nested field).  A handler reads its fields, then, if !in_ok, answers
 * with in_fail: 400 VALIDATION_ERROR with all the details.
 */
#ifndef RISE_INPUT_H
#define RISE_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "request.h"

enum in_flag {
	IN_REQUIRED	= 1 << 0,	/* absent (or null) is an error */
	IN_NULLABLE	= 1 << 1,	/* JSON null is accepted (clears a value) */
	IN_EMPTY_OK	= 1 << 2,	/* "" is accepted */
};

struct in {
	json_object	*obj;		/* the object read (borrowed) */
	json_object	*errors;	/* field → message; owned by the root */
	struct in	*root;		/* self, or the object this one is nested in */
	char		 prefix[64];	/* "settings." for a nested object */
};

/* Starts reading obj (a JSON object, borrowed). */
void		 in_init(struct in *, json_object *obj);

/*
 * Starts reading the object at key into sub, sharing in's errors.
 * Returns false if the key is absent, null or not an object (an error
 * unless absent).
 */
bool		 in_sub(struct in *, const char *key, struct in *sub);

/* True if key is present (even as null). */
bool		 in_has(const struct in *, const char *key);

/*
 * A string field: NULL if absent, null (with IN_NULLABLE) or invalid.
 * Checks the type, valid UTF-8 without control characters, and length
 * in characters of 1 (0 with IN_EMPTY_OK) to maxlen.  The string
 * belongs to the body.
 */
const char	*in_str(struct in *, const char *key, unsigned flags, size_t maxlen);

/* A string that must be one of allowed (NULL-terminated). */
const char	*in_enum(struct in *, const char *key, unsigned flags,
		    const char *const *allowed);

/* A boolean: 1 or 0 if present and valid, -1 if absent or invalid. */
int		 in_bool(struct in *, const char *key, unsigned flags);

/* An integer within [min, max]: true and *out if present and valid. */
bool		 in_int(struct in *, const char *key, unsigned flags, long min,
		    long max, long *out);

/* An array (borrowed): NULL if absent or not an array. */
json_object	*in_array(struct in *, const char *key, unsigned flags, size_t maxlen);

/*
 * Records an error for every key of the object not in allowed
 * (NULL-terminated), with message (e.g. "Unknown field").
 */
void		 in_only(struct in *, const char *const *allowed, const char *message);

/* Records message for key (prefixed when nested); the first one wins. */
void		 in_error(struct in *, const char *key, const char *message);

bool		 in_ok(const struct in *);

/*
 * Answers 400 VALIDATION_ERROR with the collected details and returns
 * the status; the errors move to the response.
 */
int		 in_fail(struct req *, struct in *);

/* Releases the errors, if any are left; accepts a nested reader too. */
void		 in_free(struct in *);

#endif
