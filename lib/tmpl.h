/*
 * tmpl.h: HTML templates over json-c values, for the server-rendered web UI
 * (templates/NAME.html).  A small Mustache/Handlebars-like syntax:
 *
 *   {{path}}            the value, escaped with html_text (text and quoted
 *                       attributes); strings, numbers and true/false are
 *                       printed, null, missing, objects and arrays print
 *                       nothing
 *   {{url:path}}        the value percent-encoded with html_url (a path
 *                       segment or query value inside href="...")
 *   {{raw:path}}        the value unescaped: only for HTML we rendered
 *                       ourselves, such as a page's body inside the layout
 *   {{#if path}}...{{else}}...{{/if}}
 *   {{#unless path}}...{{else}}...{{/unless}}
 *                       truthy: present and not null, false, 0, "", [] or {}
 *   {{#eq path "lit"}}...{{else}}...{{/eq}}, and {{#ne path "lit"}}
 *                       compares the text {{path}} would print (before
 *                       escaping) with the literal (\" and \\ escape), or
 *                       with a second path's: {{#eq this filter.status}}
 *   {{#each path}}...{{else}}...{{/each}}
 *                       the body once per item of an array, else the else
 *                       branch (empty, missing or not an array)
 *   {{> name}}          the template partials/name, in the current scope
 *   {{! comment }}      nothing
 *
 * A template whose name ends in ".txt" (tmpl_add only: tmpl_load reads
 * .html files) is plain text, such as a mail's text part: there {{path}}
 * prints the value unescaped, as {{raw:path}} does.
 *
 * A path is "this", "@index" (0-based), "@number" (1-based), "@first",
 * "@last", or dot-separated names of [A-Za-z0-9_-] ("user.firstName",
 * "items.0.id"), optionally after "this." to look in the current scope
 * only.  The first name is looked up in the current scope (inside each: the
 * item), then in the enclosing ones out to the context; the rest of the
 * path is resolved from where the first name was found, with no further
 * fallback.  A key that is present with a null value stops the lookup.
 * The @ names belong to the innermost each.
 *
 * Anything else between {{ and }}, including {{{x}}}, is a parse error, as
 * are unclosed or mismatched blocks; errors read "name:line: message".
 * There is no whitespace control, and no escape for a literal "{{" in the
 * text: a template that needs one prints it from a context value.
 * Parsing and rendering do no I/O (tmpl_load reads the files), so tests and
 * fuzzers call tmpl_add and tmpl_render directly.
 *
 * A set is read-only once linked and may be shared between threads;
 * rendering keeps its state on the stack.
 */
#ifndef RISE_TMPL_H
#define RISE_TMPL_H

#include <stddef.h>

#include <json-c/json.h>

#include "app.h"
#include "html.h"

#define TMPL_SRC_MAX	((size_t)1 << 20)	/* bytes of one template */
#define TMPL_NEST_MAX	64		/* blocks open at once in a template */
#define TMPL_DEPTH_MAX	16		/* {{> partial}} inside partials */
#define TMPL_STEPS_MAX	((size_t)1 << 22) /* nodes and items per render */
#define TMPL_OUT_MAX	HTML_BUF_MAX	/* bytes of tmpl_render's output */

struct tmpl_set;

/* An empty set, or NULL if out of memory.  Free it with tmpl_free. */
struct tmpl_set	*tmpl_new(void);

/* Frees a set and all its templates; accepts NULL. */
void		 tmpl_free(struct tmpl_set *);

/*
 * Parses len bytes of src as the template called name ("page",
 * "partials/row") and adds it to the set, which copies what it keeps.
 * Returns APP_ERR_INVALID with "name:line: message" in err on a syntax
 * error, APP_ERR_NOMEM if out of memory.  The set must be linked again
 * before rendering.  No I/O: this is the fuzzers' entry point.
 */
enum app_err	 tmpl_add(struct tmpl_set *, const char *name, const char *src,
		    size_t len, char *err, size_t errsz);

/*
 * Checks the set after the last tmpl_add: every {{> x}} must name a
 * template partials/x of the set, and no name may appear twice.  Returns
 * APP_ERR_INVALID with the file and line in err otherwise.
 */
enum app_err	 tmpl_link(struct tmpl_set *, char *err, size_t errsz);

/*
 * Reads dir/NAME.html and dir/partials/NAME.html, parses and links them:
 * the templates are called NAME and partials/NAME.  Other files and dot
 * files are skipped; a NAME of other than [A-Za-z0-9_-] is an error.
 * Symbolic links are refused, so nothing outside dir is read.  On success
 * *out is a set the caller frees with tmpl_free.  On error *out is NULL
 * and err names the file and line: APP_ERR_IO for a file or directory
 * that cannot be read, APP_ERR_INVALID for a bad template, APP_ERR_NOMEM.
 */
enum app_err	 tmpl_load(struct tmpl_set **out, const char *dir, char *err,
		    size_t errsz);

/*
 * Renders the template name of a linked set with ctx (a JSON object, or
 * NULL for none) as the outermost scope.  On success *out is a
 * NUL-terminated string of *len bytes (len may be NULL) that the caller
 * frees with free(); on error *out is NULL.  Returns APP_ERR_INVALID for
 * an unknown template or an unlinked set, for partials nested deeper than
 * TMPL_DEPTH_MAX or more than TMPL_STEPS_MAX steps, and APP_ERR_NOMEM for
 * output beyond TMPL_OUT_MAX or out of memory.
 */
enum app_err	 tmpl_render(const struct tmpl_set *, const char *name,
		    json_object *ctx, char **out, size_t *len);

/*
 * As tmpl_render, but appends to b, whose own bound applies.  On error b
 * may hold part of the output; the caller discards it.
 */
enum app_err	 tmpl_render_buf(const struct tmpl_set *, const char *name,
		    json_object *ctx, struct html_buf *b);

#endif
