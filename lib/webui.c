/* webui.c: forms, errors and dates for the web UI's pages. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "webui.h"

static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* The object at the first part of a dotted name in o, made if missing. */
static json_object *
parent(json_object *o, const char *name, const char **leaf)
{
	const char	*dot = strchr(name, '.');
	json_object	*sub;
	char		 key[64];

	*leaf = name;
	if (dot == NULL)
		return o;
	if ((size_t)(dot - name) >= sizeof(key))
		return NULL;
	memcpy(key, name, (size_t)(dot - name));
	key[dot - name] = '\0';
	*leaf = dot + 1;
	if (json_object_object_get_ex(o, key, &sub))
		return json_object_is_type(sub, json_type_object) ? sub : NULL;
	if ((sub = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, key, sub);
	return sub;
}

/* s without leading and trailing ASCII white space, as a JSON string. */
static json_object *
trimmed(const char *s, bool null_if_empty)
{
	const char	*e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	if (e == s && null_if_empty)
		return NULL;
	return json_object_new_string_len(s, (int)(e - s));
}

json_object *
webui_form(const struct req *r, const struct webui_field *f, size_t n)
{
	json_object	*o, *p, *v;
	const char	*s, *leaf;
	size_t		 i;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s = req_form(r, f[i].name);
		if (s == NULL && f[i].kind != WEBUI_CHECKBOX)
			continue;
		if ((p = parent(o, f[i].name, &leaf)) == NULL)
			continue;
		switch (f[i].kind) {
		case WEBUI_CHECKBOX:
			v = json_object_new_boolean(s != NULL);
			break;
		case WEBUI_SECRET:
			v = json_object_new_string(s);
			break;
		default:
			v = trimmed(s, f[i].kind == WEBUI_OPTIONAL);
			break;
		}
		json_object_object_add(p, leaf, v);
	}
	return o;
}

json_object *
webui_errors(struct in *in)
{
	json_object	*errs = in->root->errors, *o, *p;
	const char	*leaf;

	if (errs == NULL)
		return NULL;
	in->root->errors = NULL;
	if ((o = json_object_new_object()) == NULL) {
		json_object_put(errs);
		return NULL;
	}
	json_object_object_foreach(errs, key, val) {
		/* Only messages: missingQuestions and the like are not for a field. */
		if (!json_object_is_type(val, json_type_string))
			continue;
		if ((p = parent(o, key, &leaf)) != NULL)
			json_object_object_add(p, leaf, json_object_get(val));
	}
	json_object_put(errs);
	return o;
}

void
webui_date(char out[WEBUI_DATE_MAX], time_t t)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL) {
		out[0] = '\0';
		return;
	}
	snprintf(out, WEBUI_DATE_MAX, "%d %s %d", tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900);
}

void
webui_datetime(char out[WEBUI_DATE_MAX], time_t t)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL) {
		out[0] = '\0';
		return;
	}
	snprintf(out, WEBUI_DATE_MAX, "%d %s %d, %02d:%02d", tm.tm_mday,
	    months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour % 24, tm.tm_min % 60);
}

void
webui_ago(char out[WEBUI_DATE_MAX], time_t t, time_t now)
{
	long long	d = (long long)now - (long long)t;

	if (d < 60)
		snprintf(out, WEBUI_DATE_MAX, "just now");
	else if (d < 3600)
		snprintf(out, WEBUI_DATE_MAX, "%lld minute%s ago", d / 60,
		    d / 60 == 1 ? "" : "s");
	else if (d < 86400)
		snprintf(out, WEBUI_DATE_MAX, "%lld hour%s ago", d / 3600,
		    d / 3600 == 1 ? "" : "s");
	else if (d < 2 * 86400)
		snprintf(out, WEBUI_DATE_MAX, "yesterday");
	else if (d < 7 * 86400)
		snprintf(out, WEBUI_DATE_MAX, "%lld days ago", d / 86400);
	else
		webui_date(out, t);
}

void
webui_dates(json_object *o, const char *const *keys, time_t now)
{
	json_object	*v;
	time_t		 t;
	char		 name[64], s[WEBUI_DATE_MAX];

	for (; *keys != NULL; keys++) {
		if (!json_object_object_get_ex(o, *keys, &v) || v == NULL ||
		    !util_time_parse(json_object_get_string(v), &t))
			continue;
		webui_date(s, t);
		snprintf(name, sizeof(name), "%sText", *keys);
		json_object_object_add(o, name, json_object_new_string(s));
		webui_datetime(s, t);
		snprintf(name, sizeof(name), "%sTime", *keys);
		json_object_object_add(o, name, json_object_new_string(s));
		webui_ago(s, t, now);
		snprintf(name, sizeof(name), "%sAgo", *keys);
		json_object_object_add(o, name, json_object_new_string(s));
	}
}
