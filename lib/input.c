/* input.c: typed JSON field getters collecting validation errors. */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "resp.h"
#include "valid.h"

void
in_init(struct in *in, json_object *obj)
{
	memset(in, 0, sizeof(*in));
	in->obj = obj;
	in->root = in;
}

/*
 * At most this many fields are named in one answer: more than a client
 * can get wrong by mistake (62 answers of a few fields each), and a body
 * of 100,000 unknown keys gets a 400 of some kilobytes, not a longer echo
 * of itself.
 */
#define IN_ERRORS_MAX	256

void
in_error(struct in *in, const char *key, const char *message)
{
	struct in	*root = in->root;
	char		 name[128];

	snprintf(name, sizeof(name), "%s%s", in->prefix, key);
	if (root->errors == NULL && (root->errors = json_object_new_object()) == NULL)
		return;
	if (json_object_object_length(root->errors) >= IN_ERRORS_MAX ||
	    json_object_object_get_ex(root->errors, name, NULL))
		return;
	json_object_object_add(root->errors, name, json_object_new_string(message));
}

bool
in_ok(const struct in *in)
{
	return in->root->errors == NULL;
}

bool
in_has(const struct in *in, const char *key)
{
	return in->obj != NULL && json_object_object_get_ex(in->obj, key, NULL);
}

/*
 * The value at key: false if absent (an error if required), or null
 * (accepted with IN_NULLABLE, else an error).  *v is NULL for null.
 */
static bool
get(struct in *in, const char *key, unsigned flags, json_object **v)
{
	*v = NULL;
	if (in->obj == NULL || !json_object_object_get_ex(in->obj, key, v)) {
		if (flags & IN_REQUIRED)
			in_error(in, key, "Field is required");
		return false;
	}
	if (*v == NULL) {
		if (flags & IN_REQUIRED)
			in_error(in, key, "Field is required");
		else if (!(flags & IN_NULLABLE))
			in_error(in, key, "Field must not be null");
		return false;
	}
	return true;
}

const char *
in_str(struct in *in, const char *key, unsigned flags, size_t maxlen)
{
	json_object	*v;
	const char	*s;
	size_t		 len, chars = 0;
	char		 msg[64];

	if (!get(in, key, flags, &v))
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		in_error(in, key, "Field must be a string");
		return NULL;
	}
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (strlen(s) != len || !valid_text(s, len)) {
		in_error(in, key, "Field contains invalid characters");
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	if (chars == 0 && !(flags & IN_EMPTY_OK)) {
		in_error(in, key, (flags & IN_REQUIRED) ? "Field is required" :
		    "Field must not be empty");
		return NULL;
	}
	if (chars > maxlen) {
		snprintf(msg, sizeof(msg), "Field must be at most %zu characters", maxlen);
		in_error(in, key, msg);
		return NULL;
	}
	return s;
}

const char *
in_enum(struct in *in, const char *key, unsigned flags,
    const char *const *allowed)
{
	const char	*s;
	char		 msg[256];
	size_t		 n, i;

	if ((s = in_str(in, key, flags, 64)) == NULL)
		return NULL;
	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(s, allowed[i]) == 0)
			return allowed[i];
	/* "Must be one of: light, dark, system" */
	strcpy(msg, "Must be one of: ");
	for (i = 0, n = strlen(msg); allowed[i] != NULL; i++) {
		if (n + strlen(allowed[i]) + 3 > sizeof(msg))
			break;
		if (i > 0) {
			memcpy(msg + n, ", ", 2);
			n += 2;
		}
		memcpy(msg + n, allowed[i], strlen(allowed[i]) + 1);
		n += strlen(allowed[i]);
	}
	in_error(in, key, msg);
	return NULL;
}

int
in_bool(struct in *in, const char *key, unsigned flags)
{
	json_object	*v;

	if (!get(in, key, flags, &v))
		return -1;
	if (!json_object_is_type(v, json_type_boolean)) {
		in_error(in, key, "Field must be true or false");
		return -1;
	}
	return json_object_get_boolean(v) ? 1 : 0;
}

bool
in_int(struct in *in, const char *key, unsigned flags, long min, long max,
    long *out)
{
	json_object	*v;
	int64_t		 i;
	char		 msg[96];

	if (!get(in, key, flags, &v))
		return false;
	if (!json_object_is_type(v, json_type_int)) {
		in_error(in, key, "Field must be an integer");
		return false;
	}
	i = json_object_get_int64(v);
	if (i < min || i > max) {
		snprintf(msg, sizeof(msg), "Field must be from %ld to %ld", min, max);
		in_error(in, key, msg);
		return false;
	}
	*out = (long)i;
	return true;
}

json_object *
in_array(struct in *in, const char *key, unsigned flags, size_t maxlen)
{
	json_object	*v;
	char		 msg[64];

	if (!get(in, key, flags, &v))
		return NULL;
	if (!json_object_is_type(v, json_type_array)) {
		in_error(in, key, "Field must be an array");
		return NULL;
	}
	if (json_object_array_length(v) > maxlen) {
		snprintf(msg, sizeof(msg), "Field must hold at most %zu items", maxlen);
		in_error(in, key, msg);
		return NULL;
	}
	return v;
}

bool
in_sub(struct in *in, const char *key, struct in *sub)
{
	json_object	*v;

	memset(sub, 0, sizeof(*sub));
	sub->root = in->root;
	if ((size_t)snprintf(sub->prefix, sizeof(sub->prefix), "%s%s.", in->prefix,
	    key) >= sizeof(sub->prefix))
		return false;		/* nested deeper than any document goes */
	if (!get(in, key, 0, &v))
		return false;
	if (!json_object_is_type(v, json_type_object)) {
		in_error(in, key, "Field must be an object");
		return false;
	}
	sub->obj = v;
	return true;
}

void
in_only(struct in *in, const char *const *allowed, const char *message)
{
	size_t	i;

	if (in->obj == NULL)
		return;
	json_object_object_foreach(in->obj, key, val) {
		(void)val;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			in_error(in, key, message);
	}
}

int
in_fail(struct req *r, struct in *in)
{
	json_object	*details = in->root->errors;

	in->root->errors = NULL;
	return resp_error(r, RESP_VALIDATION_ERROR, NULL, details);
}

void
in_free(struct in *in)
{
	if (in == NULL || in->root != in)
		return;
	json_object_put(in->errors);
	in->errors = NULL;
}
