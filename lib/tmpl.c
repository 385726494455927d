/*
 * tmpl.c: the template parser, the renderer and the loader.
 *
 * A template parses once into a flat array of nodes in document order.  A
 * block node's body is the nodes after it up to mid, its else branch the
 * nodes from mid up to end, and rendering goes on at end; so rendering is
 * a walk over index ranges, with no tree to allocate or free.  Paths are
 * split into segments at parse time and names are NUL-terminated in a pool,
 * ready for json_object_object_get_ex.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmpl.h"

enum node_type {
	NODE_TEXT,		/* template text: off, len into src */
	NODE_VAR,		/* {{path}} */
	NODE_URL,		/* {{url:path}} */
	NODE_RAW,		/* {{raw:path}} */
	NODE_IF,
	NODE_UNLESS,
	NODE_EQ,		/* literal: off, len into pool; or arg */
	NODE_NE,
	NODE_EACH,
	NODE_PARTIAL,		/* name: off into pool; partial after linking */
	NODE__MAX
};

/* The helpers of {{#name ...}}, indexed by node type; NULL for the others. */
static const char *const block_names[NODE__MAX] = {
	[NODE_IF] = "if",
	[NODE_UNLESS] = "unless",
	[NODE_EQ] = "eq",
	[NODE_NE] = "ne",
	[NODE_EACH] = "each",
};

enum path_kind {
	PATH_NAME,		/* names, the first one searched outwards */
	PATH_THIS,		/* this, then names in the current scope */
	PATH_INDEX,		/* @index */
	PATH_NUMBER,		/* @number */
	PATH_FIRST,		/* @first */
	PATH_LAST,		/* @last */
	PATH__MAX
};

static const char *const path_meta[PATH__MAX] = {
	[PATH_INDEX] = "@index",
	[PATH_NUMBER] = "@number",
	[PATH_FIRST] = "@first",
	[PATH_LAST] = "@last",
};

struct path {
	enum path_kind	 kind;
	size_t		 seg;		/* first of nseg in the template's segs */
	size_t		 nseg;
};

struct seg {
	size_t		 name;		/* offset of a NUL-terminated name in pool */
	long		 idx;		/* the name as an array index, or -1 */
};

struct node {
	enum node_type	 type;
	unsigned	 line;
	size_t		 off, len;
	struct path	 path;
	struct path	 arg;		/* NODE_EQ, NODE_NE: if has_arg */
	bool		 has_arg;
	size_t		 mid, end;	/* blocks: else branch and end */
	size_t		 partial;	/* NODE_PARTIAL: index in the set */
};

struct tmpl {
	char		*name;
	char		*label;		/* for messages: the file or the name */
	char		*src;
	size_t		 srclen;
	struct node	*nodes;
	size_t		 nnodes, nodecap;
	struct seg	*segs;
	size_t		 nsegs, segcap;
	char		*pool;
	size_t		 poollen, poolcap;
	bool		 text;		/* NAME.txt: {{path}} prints as is */
};

struct tmpl_set {
	struct tmpl	*t;		/* sorted by name once linked */
	size_t		 n, cap;
	bool		 linked;
};

struct open_block {
	size_t		 node;
	unsigned	 line;
};

struct parse {
	struct tmpl		*t;
	char			*err;
	size_t			 errsz;
	unsigned		 line;		/* of the current tag */
	struct open_block	 open[TMPL_NEST_MAX];
	size_t			 nopen;
};

/* A value found by a path: JSON, or one of the @ names. */
struct val {
	enum val_kind {
		VAL_NONE,	/* missing or null */
		VAL_JSON,
		VAL_INT,
		VAL_BOOL,
		VAL__MAX
	}		 kind;
	json_object	*j;
	long long	 n;
};

struct scope {
	json_object		*obj;
	const struct scope	*up;
	bool			 each;	/* an item of {{#each}}: idx of n */
	size_t			 idx, n;
};

struct render {
	const struct tmpl_set	*set;
	struct html_buf		*b;
	size_t			 steps;
	unsigned		 depth;
	enum app_err		 err;
};

static void	 render_range(struct render *, const struct tmpl *, size_t,
		    size_t, const struct scope *);

/*
 * Makes room for need elements of size bytes in the array p of *cap
 * elements.  Returns the array, perhaps moved, or NULL (p untouched) if
 * out of memory.
 */
static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t	 c = *cap == 0 ? 16 : *cap;

	if (need <= *cap)
		return p;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			return NULL;
		c *= 2;
	}
	if ((p = realloc(p, c * size)) != NULL)
		*cap = c;
	return p;
}

/*
 * Writes "label:line: message", or "label: message" for line 0, into err
 * (if not NULL); returns APP_ERR_INVALID.
 */
static enum app_err
perr(char *err, size_t errsz, const char *label, unsigned line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static enum app_err
perr(char *err, size_t errsz, const char *label, unsigned line,
    const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (err == NULL || errsz == 0)
		return APP_ERR_INVALID;
	if (line > 0)
		n = snprintf(err, errsz, "%s:%u: ", label, line);
	else
		n = snprintf(err, errsz, "%s: ", label);
	if (n >= 0 && (size_t)n < errsz) {
		va_start(ap, fmt);
		vsnprintf(err + n, errsz - n, fmt, ap);
		va_end(ap);
	}
	return APP_ERR_INVALID;
}

/* Records out of memory in err; returns APP_ERR_NOMEM. */
static enum app_err
nomem(char *err, size_t errsz, const char *label)
{
	if (err != NULL && errsz > 0)
		snprintf(err, errsz, "%s: %s", label,
		    app_strerror(APP_ERR_NOMEM));
	return APP_ERR_NOMEM;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static unsigned
count_lines(const char *p, const char *end)
{
	unsigned	 n = 0;

	while ((p = memchr(p, '\n', end - p)) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Length of the run of non-space characters at s. */
static size_t
token(const char *s, size_t n)
{
	size_t	 i = 0;

	while (i < n && !is_space(s[i]))
		i++;
	return i;
}

/* Number of space characters at s. */
static size_t
spaces(const char *s, size_t n)
{
	size_t	 i = 0;

	while (i < n && is_space(s[i]))
		i++;
	return i;
}

/*
 * Appends len bytes and a NUL to the pool; returns their offset in *off.
 */
static bool
pool_add(struct tmpl *t, const char *s, size_t len, size_t *off)
{
	char	*p;

	if (len >= SIZE_MAX - t->poollen - 1 ||
	    (p = grow(t->pool, &t->poolcap, t->poollen + len + 1, 1)) == NULL)
		return false;
	t->pool = p;
	memcpy(p + t->poollen, s, len);
	p[t->poollen + len] = '\0';
	*off = t->poollen;
	t->poollen += len + 1;
	return true;
}

/* Appends a node of the given type at the current line; NULL if no memory. */
static struct node *
node_add(struct parse *ps, enum node_type type)
{
	struct tmpl	*t = ps->t;
	struct node	*p;

	if ((p = grow(t->nodes, &t->nodecap, t->nnodes + 1,
	    sizeof(*p))) == NULL)
		return NULL;
	t->nodes = p;
	p = &t->nodes[t->nnodes++];
	memset(p, 0, sizeof(*p));
	p->type = type;
	p->line = ps->line;
	return p;
}

static enum app_err
parse_err(struct parse *ps, unsigned line, const char *what, size_t len,
    const char *msg)
{
	return perr(ps->err, ps->errsz, ps->t->label, line, "%s%s%.*s%s", msg,
	    len > 0 ? " in {{" : "", len > 60 ? 60 : (int)len, what,
	    len > 0 ? (len > 60 ? "...}}" : "}}") : "");
}

/*
 * Parses the path s (n bytes, no spaces) into *p; tag is the whole tag for
 * messages.
 */
static enum app_err
parse_path(struct parse *ps, const char *s, size_t n, struct path *p,
    const char *tag, size_t taglen)
{
	struct tmpl	*t = ps->t;
	struct seg	*sg;
	size_t		 i = 0, start, off;
	int		 k;
	char		*end;

	memset(p, 0, sizeof(*p));
	if (n > 0 && s[0] == '@') {
		for (k = 0; k < PATH__MAX; k++)
			if (path_meta[k] != NULL && strlen(path_meta[k]) == n &&
			    memcmp(path_meta[k], s, n) == 0) {
				p->kind = k;
				return APP_OK;
			}
		return parse_err(ps, ps->line, tag, taglen,
		    "unknown @ name (@index, @number, @first, @last)");
	}
	p->kind = PATH_NAME;
	if (n >= 4 && memcmp(s, "this", 4) == 0 && (n == 4 || s[4] == '.')) {
		p->kind = PATH_THIS;
		if (n == 4)
			return APP_OK;
		i = 5;
	}
	p->seg = t->nsegs;
	for (;;) {
		for (start = i; i < n && is_name(s[i]); i++)
			continue;
		if (i == start || (i < n && s[i] != '.'))
			return parse_err(ps, ps->line, tag, taglen,
			    "bad path (names of A-Z a-z 0-9 _ - joined by dots)");
		if ((sg = grow(t->segs, &t->segcap, t->nsegs + 1,
		    sizeof(*sg))) == NULL)
			return nomem(ps->err, ps->errsz, t->label);
		t->segs = sg;
		if (!pool_add(t, s + start, i - start, &off))
			return nomem(ps->err, ps->errsz, t->label);
		sg = &t->segs[t->nsegs++];
		sg->name = off;
		sg->idx = -1;
		if (i - start <= 9 && t->pool[off] >= '0' && t->pool[off] <= '9') {
			sg->idx = strtol(t->pool + off, &end, 10);
			if (*end != '\0')
				sg->idx = -1;
		}
		p->nseg++;
		if (i++ == n)
			return APP_OK;
	}
}

/*
 * Parses a double-quoted literal at s (n bytes), with \" and \\, into the
 * pool as nd's off and len; *used is the number of bytes it took.
 */
static enum app_err
parse_literal(struct parse *ps, const char *s, size_t n, struct node *nd,
    size_t *used, const char *tag, size_t taglen)
{
	struct tmpl	*t = ps->t;
	char		*w;
	size_t		 i, len = 0;

	if (n == 0 || s[0] != '"')
		return parse_err(ps, ps->line, tag, taglen,
		    "needs a path, then a \"quoted literal\" or a second path");
	/* The literal is shorter than its source: reserve that much. */
	if ((w = grow(t->pool, &t->poolcap, t->poollen + n + 1, 1)) == NULL)
		return nomem(ps->err, ps->errsz, t->label);
	t->pool = w;
	w += t->poollen;
	for (i = 1; i < n && s[i] != '"'; i++) {
		if (s[i] == '\\') {
			if (i + 1 == n || (s[i + 1] != '"' && s[i + 1] != '\\'))
				return parse_err(ps, ps->line, tag, taglen,
				    "bad escape in literal (only \\\" and \\\\)");
			i++;
		}
		w[len++] = s[i];
	}
	if (i == n)
		return parse_err(ps, ps->line, tag, taglen,
		    "unterminated literal");
	w[len] = '\0';
	nd->off = t->poollen;
	nd->len = len;
	t->poollen += len + 1;
	*used = i + 1;
	return APP_OK;
}

/*
 * {{#name path}}, or {{#eq path "literal"}} and {{#eq path path}} for eq
 * and ne; s is after the '#'.
 */
static enum app_err
parse_open(struct parse *ps, const char *s, size_t n, const char *tag,
    size_t taglen)
{
	struct node	*nd;
	struct path	 path;
	size_t		 i, k, w, used = 0;
	int		 type;
	enum app_err	 rc;

	i = spaces(s, n);
	for (k = i; k < n && s[k] >= 'a' && s[k] <= 'z'; k++)
		continue;
	for (type = 0; type < NODE__MAX; type++)
		if (block_names[type] != NULL &&
		    strlen(block_names[type]) == k - i &&
		    memcmp(block_names[type], s + i, k - i) == 0)
			break;
	if (type == NODE__MAX || (k < n && !is_space(s[k])))
		return parse_err(ps, ps->line, tag, taglen,
		    "unknown block helper (if, unless, eq, ne, each)");
	i = k + spaces(s + k, n - k);
	if ((w = token(s + i, n - i)) == 0)
		return parse_err(ps, ps->line, tag, taglen,
		    "the block needs a path");
	if ((rc = parse_path(ps, s + i, w, &path, tag, taglen)) != APP_OK)
		return rc;
	i += w;
	if (ps->nopen == TMPL_NEST_MAX)
		return parse_err(ps, ps->line, tag, taglen,
		    "blocks nested too deep");
	if ((nd = node_add(ps, type)) == NULL)
		return nomem(ps->err, ps->errsz, ps->t->label);
	nd->path = path;
	/* eq and ne compare with a literal or with a second path. */
	if (type == NODE_EQ || type == NODE_NE) {
		i += spaces(s + i, n - i);
		if (i < n && s[i] != '"') {
			w = token(s + i, n - i);
			if ((rc = parse_path(ps, s + i, w, &path, tag,
			    taglen)) != APP_OK)
				return rc;
			nd->arg = path;
			nd->has_arg = true;
			used = w;
		} else if ((rc = parse_literal(ps, s + i, n - i, nd, &used,
		    tag, taglen)) != APP_OK)
			return rc;
		i += used;
	}
	if (i + spaces(s + i, n - i) != n)
		return parse_err(ps, ps->line, tag, taglen,
		    "unexpected text after the path");
	ps->open[ps->nopen].node = ps->t->nnodes - 1;
	ps->open[ps->nopen].line = ps->line;
	ps->nopen++;
	return APP_OK;
}

/* {{/name}}; s is after the '/'. */
static enum app_err
parse_close(struct parse *ps, const char *s, size_t n)
{
	struct node		*nd;
	const struct open_block	*ob;
	const char		*want;
	size_t			 i;

	i = spaces(s, n);
	s += i;
	n -= i;
	if (ps->nopen == 0)
		return perr(ps->err, ps->errsz, ps->t->label, ps->line,
		    "{{/%.*s}} without an open block", n > 20 ? 20 : (int)n, s);
	ob = &ps->open[ps->nopen - 1];
	nd = &ps->t->nodes[ob->node];
	want = block_names[nd->type];
	if (strlen(want) != n || memcmp(want, s, n) != 0)
		return perr(ps->err, ps->errsz, ps->t->label, ps->line,
		    "{{/%.*s}} where {{/%s}} should close {{#%s}} of line %u",
		    n > 20 ? 20 : (int)n, s, want, want, ob->line);
	if (nd->mid == 0)
		nd->mid = ps->t->nnodes;
	nd->end = ps->t->nnodes;
	ps->nopen--;
	return APP_OK;
}

static enum app_err
parse_else(struct parse *ps)
{
	struct node		*nd;
	const struct open_block	*ob;

	if (ps->nopen == 0)
		return perr(ps->err, ps->errsz, ps->t->label, ps->line,
		    "{{else}} outside a block");
	ob = &ps->open[ps->nopen - 1];
	nd = &ps->t->nodes[ob->node];
	/* A body starts after its block node, so mid is never 0 once set. */
	if (nd->mid != 0)
		return perr(ps->err, ps->errsz, ps->t->label, ps->line,
		    "second {{else}} in {{#%s}} of line %u",
		    block_names[nd->type], ob->line);
	nd->mid = ps->t->nnodes;
	return APP_OK;
}

/* {{> name}}; s is after the '>'. */
static enum app_err
parse_partial(struct parse *ps, const char *s, size_t n, const char *tag,
    size_t taglen)
{
	static const char	 dir[] = "partials/";
	struct node		*nd;
	char			 name[sizeof(dir) + 64];
	size_t			 i, k;

	i = spaces(s, n);
	for (k = i; k < n && is_name(s[k]); k++)
		continue;
	if (k == i || k - i > 64 || k + spaces(s + k, n - k) != n)
		return parse_err(ps, ps->line, tag, taglen,
		    "bad partial name (A-Z a-z 0-9 _ -, at most 64)");
	memcpy(name, dir, sizeof(dir) - 1);
	memcpy(name + sizeof(dir) - 1, s + i, k - i);
	if ((nd = node_add(ps, NODE_PARTIAL)) == NULL ||
	    !pool_add(ps->t, name, sizeof(dir) - 1 + k - i, &nd->off))
		return nomem(ps->err, ps->errsz, ps->t->label);
	return APP_OK;
}

/* {{path}}, {{url:path}} or {{raw:path}}. */
static enum app_err
parse_var(struct parse *ps, const char *s, size_t n)
{
	struct node	*nd;
	struct path	 path;
	enum node_type	 type = NODE_VAR;
	size_t		 i = 0, w;
	const char	*colon;
	enum app_err	 rc;

	if ((colon = memchr(s, ':', n)) != NULL) {
		if (colon - s == 3 && memcmp(s, "url", 3) == 0)
			type = NODE_URL;
		else if (colon - s == 3 && memcmp(s, "raw", 3) == 0)
			type = NODE_RAW;
		else
			return parse_err(ps, ps->line, s, n,
			    "unknown prefix (url: or raw:)");
		i = 4 + spaces(s + 4, n - 4);
	}
	w = token(s + i, n - i);
	if (w == 0)
		return parse_err(ps, ps->line, s, n, "missing path");
	if (i + w != n)
		return parse_err(ps, ps->line, s, n,
		    "unknown tag (a path, url:path, raw:path, #, /, >, !, else)");
	if ((rc = parse_path(ps, s + i, w, &path, s, n)) != APP_OK)
		return rc;
	if ((nd = node_add(ps, type)) == NULL)
		return nomem(ps->err, ps->errsz, ps->t->label);
	nd->path = path;
	return APP_OK;
}

/* One tag: s (n bytes) is what lies between {{ and }}. */
static enum app_err
parse_tag(struct parse *ps, const char *s, size_t n)
{
	size_t	 i;

	i = spaces(s, n);
	s += i;
	n -= i;
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n == 0)
		return perr(ps->err, ps->errsz, ps->t->label, ps->line,
		    "empty tag {{}}");
	switch (s[0]) {
	case '!':
		return APP_OK;
	case '{':
		return perr(ps->err, ps->errsz, ps->t->label, ps->line,
		    "{{{...}}} is not supported; use {{raw:path}}");
	case '#':
		return parse_open(ps, s + 1, n - 1, s, n);
	case '/':
		return parse_close(ps, s + 1, n - 1);
	case '>':
		return parse_partial(ps, s + 1, n - 1, s, n);
	default:
		break;
	}
	if (n == 4 && memcmp(s, "else", 4) == 0)
		return parse_else(ps);
	return parse_var(ps, s, n);
}

/* Parses t->src into t's nodes. */
static enum app_err
parse(struct parse *ps)
{
	struct tmpl		*t = ps->t;
	const char		*p = t->src, *end = t->src + t->srclen;
	const char		*open, *close;
	const struct open_block	*ob;
	struct node		*nd;
	unsigned		 line = 1;
	enum app_err		 rc;

	while (p < end) {
		if ((open = memmem(p, end - p, "{{", 2)) == NULL)
			open = end;
		if (open > p) {
			ps->line = line;
			if ((nd = node_add(ps, NODE_TEXT)) == NULL)
				return nomem(ps->err, ps->errsz, t->label);
			nd->off = p - t->src;
			nd->len = open - p;
			line += count_lines(p, open);
		}
		if (open == end)
			break;
		ps->line = line;
		close = memmem(open + 2, end - open - 2, "}}", 2);
		if (close == NULL)
			return perr(ps->err, ps->errsz, t->label, line,
			    "{{ without }}");
		if ((rc = parse_tag(ps, open + 2, close - open - 2)) != APP_OK)
			return rc;
		line += count_lines(open, close);
		p = close + 2;
	}
	if (ps->nopen > 0) {
		ob = &ps->open[ps->nopen - 1];
		return perr(ps->err, ps->errsz, t->label, ob->line,
		    "{{#%s}} is not closed", block_names[t->nodes[ob->node].type]);
	}
	return APP_OK;
}

static void
tmpl_clear(struct tmpl *t)
{
	free(t->name);
	free(t->label);
	free(t->src);
	free(t->nodes);
	free(t->segs);
	free(t->pool);
}

struct tmpl_set *
tmpl_new(void)
{
	return calloc(1, sizeof(struct tmpl_set));
}

void
tmpl_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		tmpl_clear(&set->t[i]);
	free(set->t);
	free(set);
}

/* tmpl_add with label, the file for messages. */
static enum app_err
add(struct tmpl_set *set, const char *name, const char *label,
    const char *src, size_t len, char *err, size_t errsz)
{
	struct parse	 ps;
	struct tmpl	 t, *p;
	enum app_err	 rc;

	memset(&t, 0, sizeof(t));
	if (len > TMPL_SRC_MAX)
		return perr(err, errsz, label, 0, "larger than %zu bytes",
		    TMPL_SRC_MAX);
	if ((p = grow(set->t, &set->cap, set->n + 1, sizeof(*p))) == NULL)
		return nomem(err, errsz, label);
	set->t = p;
	if ((t.name = strdup(name)) == NULL ||
	    (t.label = strdup(label)) == NULL ||
	    (t.src = malloc(len + 1)) == NULL) {
		rc = nomem(err, errsz, label);
		goto out;
	}
	memcpy(t.src, src, len);
	t.src[len] = '\0';
	t.srclen = len;
	t.text = strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".txt") == 0;
	memset(&ps, 0, sizeof(ps));
	ps.t = &t;
	ps.err = err;
	ps.errsz = errsz;
	if ((rc = parse(&ps)) != APP_OK)
		goto out;
	set->t[set->n++] = t;
	set->linked = false;
	return APP_OK;
out:
	tmpl_clear(&t);
	return rc;
}

enum app_err
tmpl_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, char *err, size_t errsz)
{
	return add(set, name, name, src, len, err, errsz);
}

static int
tmpl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tmpl *)a)->name,
	    ((const struct tmpl *)b)->name);
}

static int
tmpl_key_cmp(const void *key, const void *b)
{
	return strcmp(key, ((const struct tmpl *)b)->name);
}

/* The template called name of a sorted set, or NULL. */
static const struct tmpl *
find(const struct tmpl_set *set, const char *name)
{
	if (set->n == 0)
		return NULL;
	return bsearch(name, set->t, set->n, sizeof(*set->t), tmpl_key_cmp);
}

enum app_err
tmpl_link(struct tmpl_set *set, char *err, size_t errsz)
{
	struct tmpl		*t;
	struct node		*nd;
	const struct tmpl	*p;
	size_t			 i, k;

	if (set->n > 0)
		qsort(set->t, set->n, sizeof(*set->t), tmpl_cmp);
	for (i = 1; i < set->n; i++)
		if (strcmp(set->t[i - 1].name, set->t[i].name) == 0)
			return perr(err, errsz, set->t[i].label, 0,
			    "a second template called %s", set->t[i].name);
	for (i = 0; i < set->n; i++) {
		t = &set->t[i];
		for (k = 0; k < t->nnodes; k++) {
			nd = &t->nodes[k];
			if (nd->type != NODE_PARTIAL)
				continue;
			if ((p = find(set, t->pool + nd->off)) == NULL)
				return perr(err, errsz, t->label, nd->line,
				    "{{> %s}}: no template %s",
				    t->pool + nd->off + strlen("partials/"),
				    t->pool + nd->off);
			nd->partial = p - set->t;
		}
	}
	set->linked = true;
	return APP_OK;
}

/*
 * Reads one template file of the directory dfd into the set.  The name is
 * prefix plus the file name without .html; label is the directory for
 * messages.
 */
static enum app_err
load_file(struct tmpl_set *set, int dfd, const char *dirlabel,
    const char *prefix, const char *file, char *err, size_t errsz)
{
	char		 label[1024], name[256];
	char		*src = NULL;
	struct stat	 st;
	size_t		 base = strlen(file) - strlen(".html"), i, len = 0;
	ssize_t		 r;
	int		 fd = -1;
	enum app_err	 rc;

	snprintf(label, sizeof(label), "%s/%s", dirlabel, file);
	for (i = 0; i < base; i++)
		if (!is_name(file[i]))
			break;
	if (i < base || base > 128) {
		rc = perr(err, errsz, label, 0,
		    "name must be 1 to 128 of A-Z a-z 0-9 _ - before .html");
		goto out;
	}
	snprintf(name, sizeof(name), "%s%.*s", prefix, (int)base, file);
	/* No symbolic links, so that nothing outside the directory is read. */
	if ((fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1 || fstat(fd, &st) == -1) {
		rc = APP_ERR_IO;
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "%s: %s", label, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > TMPL_SRC_MAX) {
		rc = perr(err, errsz, label, 0,
		    "not a regular file of at most %zu bytes", TMPL_SRC_MAX);
		goto out;
	}
	if ((src = malloc((size_t)st.st_size + 1)) == NULL) {
		rc = nomem(err, errsz, label);
		goto out;
	}
	/* Reads one byte more than expected to notice a growing file. */
	while (len <= (size_t)st.st_size) {
		r = read(fd, src + len, (size_t)st.st_size + 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			rc = APP_ERR_IO;
			if (err != NULL && errsz > 0)
				snprintf(err, errsz, "%s: %s", label,
				    strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += r;
	}
	if (len > (size_t)st.st_size) {
		rc = perr(err, errsz, label, 0, "changed while being read");
		goto out;
	}
	rc = add(set, name, label, src, len, err, errsz);
out:
	free(src);
	if (fd != -1)
		close(fd);
	return rc;
}

/*
 * Loads every NAME.html of the directory dfd (which it closes) with the
 * name prefix.
 */
static enum app_err
load_dir(struct tmpl_set *set, int dfd, const char *label,
    const char *prefix, char *err, size_t errsz)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 n;
	enum app_err	 rc = APP_OK;

	if ((d = fdopendir(dfd)) == NULL) {
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "%s: %s", label, strerror(errno));
		close(dfd);
		return APP_ERR_IO;
	}
	while (rc == APP_OK && (errno = 0, de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 5 ||
		    strcmp(de->d_name + n - 5, ".html") != 0)
			continue;
		rc = load_file(set, dirfd(d), label, prefix, de->d_name, err,
		    errsz);
	}
	if (rc == APP_OK && errno != 0) {
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "%s: %s", label, strerror(errno));
		rc = APP_ERR_IO;
	}
	closedir(d);
	return rc;
}

enum app_err
tmpl_load(struct tmpl_set **out, const char *dir, char *err, size_t errsz)
{
	struct tmpl_set	*set;
	char		 label[1024];
	int		 dfd, pfd = -1;
	enum app_err	 rc;

	*out = NULL;
	if ((set = tmpl_new()) == NULL)
		return nomem(err, errsz, dir);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		rc = APP_ERR_IO;
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		goto out;
	}
	snprintf(label, sizeof(label), "%s/partials", dir);
	pfd = openat(dfd, "partials", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (pfd == -1 && errno != ENOENT) {
		rc = APP_ERR_IO;
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "%s: %s", label, strerror(errno));
		close(dfd);
		goto out;
	}
	if ((rc = load_dir(set, dfd, dir, "", err, errsz)) != APP_OK)
		goto out;
	if (pfd != -1) {
		rc = load_dir(set, pfd, label, "partials/", err, errsz);
		pfd = -1;
		if (rc != APP_OK)
			goto out;
	}
	if ((rc = tmpl_link(set, err, errsz)) != APP_OK)
		goto out;
	*out = set;
	set = NULL;
out:
	if (pfd != -1)
		close(pfd);
	tmpl_free(set);
	return rc;
}

/* The child of o called by a segment: a key of an object, an array index. */
static bool
child(const struct tmpl *t, const struct seg *sg, json_object *o,
    json_object **out)
{
	if (json_object_is_type(o, json_type_object))
		return json_object_object_get_ex(o, t->pool + sg->name, out);
	if (json_object_is_type(o, json_type_array) && sg->idx >= 0 &&
	    (size_t)sg->idx < json_object_array_length(o)) {
		*out = json_object_array_get_idx(o, sg->idx);
		return true;
	}
	return false;
}

/* The value of a path in scope sc. */
static void
resolve(const struct tmpl *t, const struct path *p, const struct scope *sc,
    struct val *v)
{
	json_object	*j = NULL;
	size_t		 i = 0;

	v->kind = VAL_NONE;
	switch (p->kind) {
	case PATH_NAME:
		for (; sc != NULL; sc = sc->up)
			if (json_object_is_type(sc->obj, json_type_object) &&
			    json_object_object_get_ex(sc->obj,
			    t->pool + t->segs[p->seg].name, &j))
				break;
		if (sc == NULL)
			return;
		i = 1;
		break;
	case PATH_THIS:
		j = sc->obj;
		break;
	default:
		while (sc != NULL && !sc->each)
			sc = sc->up;
		if (sc == NULL)
			return;
		if (p->kind == PATH_INDEX || p->kind == PATH_NUMBER) {
			v->kind = VAL_INT;
			v->n = (long long)sc->idx + (p->kind == PATH_NUMBER);
		} else {
			v->kind = VAL_BOOL;
			v->n = p->kind == PATH_FIRST ? sc->idx == 0 :
			    sc->idx + 1 == sc->n;
		}
		return;
	}
	for (; i < p->nseg; i++)
		if (!child(t, &t->segs[p->seg + i], j, &j))
			return;
	if (j != NULL) {
		v->kind = VAL_JSON;
		v->j = j;
	}
}

/*
 * The text of a value as {{path}} prints it, before escaping; tmp (32
 * bytes) holds numbers.  Doubles print with 15 significant digits, which
 * keeps 0.1 as 0.1 where json-c would print 0.10000000000000001.
 */
static const char *
val_text(const struct val *v, char *tmp, size_t *len)
{
	const char	*s = "";
	long long	 n = v->n;
	int		 k;

	switch (v->kind == VAL_JSON ? json_object_get_type(v->j) :
	    v->kind == VAL_BOOL ? json_type_boolean :
	    v->kind == VAL_INT ? json_type_int : json_type_null) {
	case json_type_string:
		*len = json_object_get_string_len(v->j);
		return json_object_get_string(v->j);
	case json_type_boolean:
		if (v->kind == VAL_JSON)
			n = json_object_get_boolean(v->j);
		s = n ? "true" : "false";
		break;
	case json_type_int:
		if (v->kind == VAL_JSON) {
			n = json_object_get_int64(v->j);
			/* Beyond INT64_MAX: json-c keeps it as uint64. */
			if (n == INT64_MAX) {
				k = snprintf(tmp, 32, "%" PRIu64,
				    json_object_get_uint64(v->j));
				*len = k;
				return tmp;
			}
		}
		*len = snprintf(tmp, 32, "%lld", n);
		return tmp;
	case json_type_double:
		*len = snprintf(tmp, 32, "%.15g", json_object_get_double(v->j));
		return tmp;
	default:
		break;
	}
	*len = strlen(s);
	return s;
}

static bool
val_truthy(const struct val *v)
{
	switch (v->kind) {
	case VAL_NONE:
		return false;
	case VAL_INT:
	case VAL_BOOL:
		return v->n != 0;
	default:
		break;
	}
	switch (json_object_get_type(v->j)) {
	case json_type_boolean:
		return json_object_get_boolean(v->j);
	case json_type_int:
		return json_object_get_int64(v->j) != 0;
	case json_type_double:
		return json_object_get_double(v->j) != 0.0;
	case json_type_string:
		return json_object_get_string_len(v->j) > 0;
	case json_type_array:
		return json_object_array_length(v->j) > 0;
	case json_type_object:
		return json_object_object_length(v->j) > 0;
	default:
		return false;
	}
}

/* Counts a step; false (with the error set) past TMPL_STEPS_MAX. */
static bool
step(struct render *r)
{
	if (++r->steps <= TMPL_STEPS_MAX)
		return true;
	r->err = APP_ERR_INVALID;
	return false;
}

/* Renders the nodes [i, end) of t in scope sc. */
static void
render_range(struct render *r, const struct tmpl *t, size_t i, size_t end,
    const struct scope *sc)
{
	const struct node	*nd;
	const struct tmpl	*pt;
	struct scope		 item;
	struct val		 v;
	char			 tmp[32], tmp2[32];
	const char		*s, *lit;
	size_t			 len, litlen, k, n;
	bool			 yes;

	while (i < end && r->err == APP_OK && r->b->err == APP_OK && step(r)) {
		nd = &t->nodes[i];
		switch (nd->type) {
		case NODE_TEXT:
			html_raw(r->b, t->src + nd->off, nd->len);
			i++;
			continue;
		case NODE_VAR:
		case NODE_URL:
		case NODE_RAW:
			resolve(t, &nd->path, sc, &v);
			s = val_text(&v, tmp, &len);
			if (nd->type == NODE_VAR && !t->text)
				html_text(r->b, s, len);
			else if (nd->type == NODE_URL)
				html_url(r->b, s, len);
			else
				html_raw(r->b, s, len);
			i++;
			continue;
		case NODE_PARTIAL:
			if (r->depth == TMPL_DEPTH_MAX) {
				r->err = APP_ERR_INVALID;
				return;
			}
			pt = &r->set->t[nd->partial];
			r->depth++;
			render_range(r, pt, 0, pt->nnodes, sc);
			r->depth--;
			i++;
			continue;
		case NODE_EACH:
			resolve(t, &nd->path, sc, &v);
			n = v.kind == VAL_JSON &&
			    json_object_is_type(v.j, json_type_array) ?
			    json_object_array_length(v.j) : 0;
			if (n == 0) {
				render_range(r, t, nd->mid, nd->end, sc);
				i = nd->end;
				continue;
			}
			item.up = sc;
			item.each = true;
			item.n = n;
			for (k = 0; k < n && r->err == APP_OK &&
			    r->b->err == APP_OK && step(r); k++) {
				item.obj = json_object_array_get_idx(v.j, k);
				item.idx = k;
				render_range(r, t, i + 1, nd->mid, &item);
			}
			i = nd->end;
			continue;
		case NODE_IF:
		case NODE_UNLESS:
			resolve(t, &nd->path, sc, &v);
			yes = val_truthy(&v) == (nd->type == NODE_IF);
			break;
		case NODE_EQ:
		case NODE_NE:
			resolve(t, &nd->path, sc, &v);
			s = val_text(&v, tmp, &len);
			if (nd->has_arg) {
				resolve(t, &nd->arg, sc, &v);
				lit = val_text(&v, tmp2, &litlen);
			} else {
				lit = t->pool + nd->off;
				litlen = nd->len;
			}
			yes = (len == litlen && memcmp(s, lit, len) == 0) ==
			    (nd->type == NODE_EQ);
			break;
		default:
			r->err = APP_ERR_INVALID;	/* no parser makes it */
			return;
		}
		if (yes)
			render_range(r, t, i + 1, nd->mid, sc);
		else
			render_range(r, t, nd->mid, nd->end, sc);
		i = nd->end;
	}
}

enum app_err
tmpl_render_buf(const struct tmpl_set *set, const char *name,
    json_object *ctx, struct html_buf *b)
{
	struct render		 r;
	struct scope		 root;
	const struct tmpl	*t;

	if (!set->linked || (t = find(set, name)) == NULL)
		return APP_ERR_INVALID;
	memset(&r, 0, sizeof(r));
	memset(&root, 0, sizeof(root));
	r.set = set;
	r.b = b;
	root.obj = ctx;
	render_range(&r, t, 0, t->nnodes, &root);
	return b->err != APP_OK ? b->err : r.err;
}

enum app_err
tmpl_render(const struct tmpl_set *set, const char *name, json_object *ctx,
    char **out, size_t *len)
{
	struct html_buf	 b;
	enum app_err	 rc;

	memset(&b, 0, sizeof(b));
	b.max = TMPL_OUT_MAX;
	*out = NULL;
	if ((rc = tmpl_render_buf(set, name, ctx, &b)) != APP_OK) {
		html_buf_free(&b);
		return rc;
	}
	if ((*out = html_buf_take(&b, len)) == NULL)
		return APP_ERR_NOMEM;
	return APP_OK;
}
