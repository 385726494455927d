/*
 * webui.h: what the web UI's pages build their contexts from, beyond
 * lib/web.h: a form's fields as the JSON object that the API's
 * validators read (so a page and the API apply the same rules and
 * messages), the errors those validators collect shaped for templates,
 * and dates in a friendly format.  No I/O.
 */
#ifndef RISE_WEBUI_H
#define RISE_WEBUI_H

#include <stddef.h>
#include <time.h>

#include <json-c/json.h>

#include "input.h"
#include "request.h"

#define WEBUI_DATE_MAX	32	/* "22 Nov 2026, 14:05" and NUL */

enum webui_kind {
	WEBUI_TEXT,		/* a string, trimmed; "" stays (required fields say so) */
	WEBUI_OPTIONAL,		/* a string, trimmed; "" becomes null (none, or clear) */
	WEBUI_CHECKBOX,		/* true if sent with any value, false if not */
	WEBUI_SECRET,		/* a string exactly as typed (passwords) */
};

struct webui_field {
	const char	*name;		/* "settings.theme" nests in "settings" */
	enum webui_kind	 kind;
};

/*
 * The form fields of r as a new JSON object (the caller owns it): each
 * field of the list by its kind; a text field not sent is left out, so
 * the validators treat it as absent.  Leading and trailing white space
 * is trimmed, since a browser shows none of it.  NULL if out of memory.
 */
json_object	*webui_form(const struct req *, const struct webui_field *, size_t n);

/*
 * The errors collected in in (field → message) as a new object for a
 * page's context, with "a.b" nested as {"a": {"b": message}} so that a
 * template reads errors.a.b; NULL if there are none.  The errors leave
 * in, which needs no in_free for them.
 */
json_object	*webui_errors(struct in *);

/* t as "22 Nov 2026" (UTC). */
void		 webui_date(char out[WEBUI_DATE_MAX], time_t t);

/* t as "22 Nov 2026, 14:05" (UTC). */
void		 webui_datetime(char out[WEBUI_DATE_MAX], time_t t);

/*
 * t relative to now: "just now", "5 minutes ago", "3 hours ago",
 * "yesterday", "4 days ago", else as webui_date.
 */
void		 webui_ago(char out[WEBUI_DATE_MAX], time_t t, time_t now);

/*
 * For each key of keys (NULL-terminated) holding an ISO 8601 time in o,
 * adds key + "Text" (webui_date), key + "Time" (webui_datetime) and
 * key + "Ago" (webui_ago): "createdAt" gets "createdAtText" and so on.
 * Keys that are absent or null get nothing.
 */
void		 webui_dates(json_object *o, const char *const *keys, time_t now);

#endif
