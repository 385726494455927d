/*
 * test_tmpl.c: CUnit suite for lib/tmpl (syntax, scopes, escaping, parse
 * errors with lines, partials, bounds, loading a directory).
 *
 * Tables of template and JSON context -> expected output or error; a
 * failure names the row's line.
 */
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <json-c/json.h>

#include "tmpl.h"

void	suite_tmpl(void);

static void	check_at(int, bool, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Records one assertion at a table row's line; CUnit copies the message. */
static void
check_at(int line, bool ok, const char *fmt, ...)
{
	char	 buf[1024];
	va_list	 ap;

	if (ok) {
		CU_assertImplementation(CU_TRUE, (unsigned int)line, "ok",
		    __FILE__, "", CU_FALSE);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	CU_assertImplementation(CU_FALSE, (unsigned int)line, buf,
	    __FILE__, "", CU_FALSE);
}

/* The partials every table row can include. */
static const char *const partials[][2] = {
	{ "partials/row", "<tr><td>{{@number}}</td><td>{{name}}</td></tr>" },
	{ "partials/hello", "Hello {{user.name}}{{> bang}}" },
	{ "partials/bang", "!" },
	/* this.kids: a leaf must not find its parent's kids outside. */
	{ "partials/tree", "<li>{{name}}{{#if this.kids}}<ul>"
	    "{{#each this.kids}}{{> tree}}{{/each}}</ul>{{/if}}</li>" },
	{ "partials/self", "x{{> self}}" },
};

/*
 * A linked set of the partials plus src as "page", or NULL with the error
 * in err and *rc.
 */
static struct tmpl_set *
set_with(const char *src, enum app_err *rc, char *err, size_t errsz)
{
	struct tmpl_set	*set;
	size_t		 i;

	*err = '\0';
	if ((set = tmpl_new()) == NULL) {
		*rc = APP_ERR_NOMEM;
		return NULL;
	}
	for (i = 0; i < NELEM(partials); i++)
		if ((*rc = tmpl_add(set, partials[i][0], partials[i][1],
		    strlen(partials[i][1]), err, errsz)) != APP_OK)
			goto fail;
	if ((*rc = tmpl_add(set, "page", src, strlen(src), err, errsz)) !=
	    APP_OK || (*rc = tmpl_link(set, err, errsz)) != APP_OK)
		goto fail;
	return set;
fail:
	tmpl_free(set);
	return NULL;
}

/* Renders src as "page" with the JSON json; the caller frees *out. */
static enum app_err
render(const char *src, const char *json, char **out, char *err,
    size_t errsz)
{
	struct tmpl_set	*set;
	json_object	*ctx = NULL;
	enum app_err	 rc;

	*out = NULL;
	if ((set = set_with(src, &rc, err, errsz)) == NULL)
		return rc;
	if (json != NULL && (ctx = json_tokener_parse(json)) == NULL) {
		snprintf(err, errsz, "bad test JSON");
		rc = APP_ERR_INVALID;
	} else
		rc = tmpl_render(set, "page", ctx, out, NULL);
	json_object_put(ctx);
	tmpl_free(set);
	return rc;
}

struct row {
	int		 line;
	const char	*src;
	const char	*json;
	const char	*want;
};

static void
run_rows(const struct row *t, size_t n)
{
	char		 err[256], *out;
	size_t		 i;
	enum app_err	 rc;

	for (i = 0; i < n; i++) {
		rc = render(t[i].src, t[i].json, &out, err, sizeof(err));
		check_at(t[i].line, rc == APP_OK, "\"%s\": rc %d: %s",
		    t[i].src, rc, err);
		if (rc == APP_OK)
			check_at(t[i].line, strcmp(out, t[i].want) == 0,
			    "\"%s\" = \"%s\", want \"%s\"", t[i].src, out,
			    t[i].want);
		free(out);
	}
}

static void
test_values(void)
{
	static const struct row t[] = {
		{ __LINE__, "", NULL, "" },
		{ __LINE__, "plain { text } }} here", NULL,
		    "plain { text } }} here" },
		{ __LINE__, "Hi {{name}}!", "{\"name\":\"Ann\"}", "Hi Ann!" },
		{ __LINE__, "Hi {{ name }}!", "{\"name\":\"Ann\"}", "Hi Ann!" },
		{ __LINE__, "{{name}}", NULL, "" },
		{ __LINE__, "[{{missing}}]", "{}", "[]" },
		{ __LINE__, "[{{n}}]", "{\"n\":null}", "[]" },
		{ __LINE__, "{{user.firstName}} {{user.last-name}}",
		    "{\"user\":{\"firstName\":\"Zoë\",\"last-name\":\"Ö\"}}",
		    "Zoë Ö" },
		{ __LINE__, "[{{user.x.y}}]", "{\"user\":{\"x\":1}}", "[]" },
		{ __LINE__, "[{{user.x.y}}]", "{\"user\":null}", "[]" },
		{ __LINE__, "{{items.0.id}},{{items.1.id}},[{{items.2.id}}]",
		    "{\"items\":[{\"id\":7},{\"id\":8}]}", "7,8,[]" },
		{ __LINE__, "{{o.0}}", "{\"o\":{\"0\":\"zero\"}}", "zero" },
		{ __LINE__, "[{{a.x}}]", "{\"a\":[1]}", "[]" },
		{ __LINE__, "{{i}} {{neg}} {{big}} {{ubig}}",
		    "{\"i\":42,\"neg\":-5,\"big\":9223372036854775807,"
		    "\"ubig\":18446744073709551615}",
		    "42 -5 9223372036854775807 18446744073709551615" },
		{ __LINE__, "{{a}} {{b}} {{c}} {{d}}",
		    "{\"a\":0.1,\"b\":2.50,\"c\":1e21,\"d\":3.0}",
		    "0.1 2.5 1e+21 3" },
		{ __LINE__, "{{t}} {{f}}", "{\"t\":true,\"f\":false}",
		    "true false" },
		{ __LINE__, "[{{o}}][{{a}}]", "{\"o\":{\"k\":1},\"a\":[1,2]}",
		    "[][]" },
		{ __LINE__, "{{this.name}}", "{\"name\":\"top\"}", "top" },
		{ __LINE__, "[{{this}}]", "{\"name\":\"top\"}", "[]" },
		{ __LINE__, "a{{! a comment }}b{{!\nmulti\nline}}c", NULL,
		    "abc" },
		{ __LINE__, "{{x}}", "{\"x\":\"<script>alert(\\\"x\\\")"
		    "</script>\"}",
		    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" },
		{ __LINE__, "<a title=\"{{x}}\" data-x='{{x}}'>", 
		    "{\"x\":\"\\\" onclick='y' &\"}",
		    "<a title=\"&quot; onclick=&#39;y&#39; &amp;\" "
		    "data-x='&quot; onclick=&#39;y&#39; &amp;'>" },
		{ __LINE__, "{{raw:x}}", "{\"x\":\"<b>bold</b>\"}",
		    "<b>bold</b>" },
		{ __LINE__, "{{ raw: x }}", "{\"x\":\"<i>\"}", "<i>" },
		{ __LINE__, "<a href=\"/u/{{url:id}}?q={{url:q}}\">",
		    "{\"id\":\"a/b\",\"q\":\"x y&z=\\\"<\"}",
		    "<a href=\"/u/a%2Fb?q=x%20y%26z%3D%22%3C\">" },
		{ __LINE__, "{{url:n}}", "{\"n\":12}", "12" },
		{ __LINE__, "{{x}}", "{\"x\":\"a\\u0000b\\u0007c\\u00e9\"}",
		    "abcé" },
		{ __LINE__, "{{url}}{{raw}}{{else-x}}",
		    "{\"url\":1,\"raw\":2,\"else-x\":3}", "123" },
	};

	run_rows(t, NELEM(t));
}

/* A value with markup prints escaped, and only {{raw:x}} lets it through. */
static void
test_raw_vs_escaped(void)
{
	static const char	 json[] =
	    "{\"x\":\"<script>alert(1)</script>\"}";
	char			 err[256], *out;
	enum app_err		 rc;

	rc = render("{{x}}", json, &out, err, sizeof(err));
	check_at(__LINE__, rc == APP_OK && strstr(out, "<script") == NULL &&
	    strchr(out, '<') == NULL && strstr(out, "&lt;script&gt;") != NULL,
	    "{{x}} = \"%s\"", out);
	free(out);
	rc = render("{{url:x}}", json, &out, err, sizeof(err));
	check_at(__LINE__, rc == APP_OK && strchr(out, '<') == NULL,
	    "{{url:x}} = \"%s\"", out);
	free(out);
	rc = render("{{raw:x}}", json, &out, err, sizeof(err));
	check_at(__LINE__, rc == APP_OK &&
	    strcmp(out, "<script>alert(1)</script>") == 0,
	    "{{raw:x}} = \"%s\"", out);
	free(out);
	rc = render("{{#each xs}}{{this}}{{name}}{{/each}}",
	    "{\"xs\":[\"<s>\",{\"name\":\"<n>\"}]}", &out, err, sizeof(err));
	check_at(__LINE__, rc == APP_OK &&
	    strcmp(out, "&lt;s&gt;&lt;n&gt;") == 0,
	    "inside each = \"%s\"", out);
	free(out);
}

static void
test_if(void)
{
	static const char	 src[] =
	    "{{#if v}}T{{else}}F{{/if}}{{#unless v}}u{{/unless}}";
	static const struct row t[] = {
		{ __LINE__, src, "{\"v\":true}", "T" },
		{ __LINE__, src, "{\"v\":false}", "Fu" },
		{ __LINE__, src, "{\"v\":null}", "Fu" },
		{ __LINE__, src, "{}", "Fu" },
		{ __LINE__, src, NULL, "Fu" },
		{ __LINE__, src, "{\"v\":0}", "Fu" },
		{ __LINE__, src, "{\"v\":1}", "T" },
		{ __LINE__, src, "{\"v\":-1}", "T" },
		{ __LINE__, src, "{\"v\":0.0}", "Fu" },
		{ __LINE__, src, "{\"v\":0.5}", "T" },
		{ __LINE__, src, "{\"v\":\"\"}", "Fu" },
		{ __LINE__, src, "{\"v\":\"0\"}", "T" },
		{ __LINE__, src, "{\"v\":\"false\"}", "T" },
		{ __LINE__, src, "{\"v\":[]}", "Fu" },
		{ __LINE__, src, "{\"v\":[0]}", "T" },
		{ __LINE__, src, "{\"v\":{}}", "Fu" },
		{ __LINE__, src, "{\"v\":{\"a\":null}}", "T" },
		{ __LINE__, "{{#if a.b}}y{{/if}}", "{\"a\":{\"b\":1}}", "y" },
		{ __LINE__, "{{#if a.b}}y{{/if}}", "{\"a\":1}", "" },
		{ __LINE__, "{{#unless v}}u{{else}}e{{/unless}}", "{\"v\":1}",
		    "e" },
		{ __LINE__, "{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{else}}"
		    "{{#if b}}b{{else}}-{{/if}}{{/if}}",
		    "{\"a\":1,\"b\":0}", "a" },
		{ __LINE__, "{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{else}}"
		    "{{#if b}}b{{else}}-{{/if}}{{/if}}",
		    "{\"a\":0,\"b\":1}", "b" },
		{ __LINE__, "{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{else}}"
		    "{{#if b}}b{{else}}-{{/if}}{{/if}}", "{}", "-" },
		{ __LINE__, "{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{else}}"
		    "{{#if b}}b{{else}}-{{/if}}{{/if}}",
		    "{\"a\":1,\"b\":1}", "ab" },
		{ __LINE__, "{{# if  v }}y{{/ if }}", "{\"v\":1}", "y" },
		{ __LINE__, "{{#if v}}{{/if}}", "{\"v\":1}", "" },
	};

	run_rows(t, NELEM(t));
}

static void
test_eq(void)
{
	static const char	 src[] =
	    "{{#eq v \"a\"}}=a{{else}}!a{{/eq}}{{#ne v \"a\"}}ne{{/ne}}";
	static const struct row t[] = {
		{ __LINE__, src, "{\"v\":\"a\"}", "=a" },
		{ __LINE__, src, "{\"v\":\"b\"}", "!ane" },
		{ __LINE__, src, "{\"v\":\"A\"}", "!ane" },
		{ __LINE__, src, "{\"v\":\"a \"}", "!ane" },
		{ __LINE__, src, "{}", "!ane" },
		{ __LINE__, "{{#eq v \"3\"}}y{{/eq}}", "{\"v\":3}", "y" },
		{ __LINE__, "{{#eq v \"2.5\"}}y{{/eq}}", "{\"v\":2.5}", "y" },
		{ __LINE__, "{{#eq v \"true\"}}y{{/eq}}", "{\"v\":true}", "y" },
		{ __LINE__, "{{#eq v \"\"}}empty{{/eq}}", "{}", "empty" },
		{ __LINE__, "{{#eq v \"\"}}empty{{/eq}}", "{\"v\":null}",
		    "empty" },
		{ __LINE__, "{{#eq v \"\"}}empty{{/eq}}", "{\"v\":\"\"}",
		    "empty" },
		{ __LINE__, "{{#eq v \"\"}}empty{{/eq}}", "{\"v\":0}", "" },
		{ __LINE__, "{{#eq v \"a \\\"b\\\" \\\\ }\"}}y{{/eq}}",
		    "{\"v\":\"a \\\"b\\\" \\\\ }\"}", "y" },
		{ __LINE__, "{{#eq v \"é\"}}y{{/eq}}", "{\"v\":\"é\"}", "y" },
		{ __LINE__, "{{#eq @index \"1\"}}y{{/eq}}", NULL, "" },
		/* A second path instead of a literal. */
		{ __LINE__, "{{#eq a b}}y{{else}}n{{/eq}}",
		    "{\"a\":\"x\",\"b\":\"x\"}", "y" },
		{ __LINE__, "{{#eq a b}}y{{else}}n{{/eq}}",
		    "{\"a\":\"3\",\"b\":3}", "y" },
		{ __LINE__, "{{#eq a b}}y{{else}}n{{/eq}}", "{\"a\":\"x\"}",
		    "n" },
		{ __LINE__, "{{#eq a b}}y{{else}}n{{/eq}}", "{}", "y" },
		{ __LINE__, "{{#ne a b.c}}y{{else}}n{{/ne}}",
		    "{\"a\":1,\"b\":{\"c\":2}}", "y" },
		{ __LINE__, "{{#each xs}}{{#eq @number sel}}*{{/eq}}{{this}}"
		    "{{/each}}", "{\"sel\":2,\"xs\":[\"a\",\"b\"]}", "a*b" },
		{ __LINE__, "{{#each st}}<option{{#eq this f.st}} selected{{/eq}}>"
		    "{{this}}</option>{{/each}}",
		    "{\"f\":{\"st\":\"b\"},\"st\":[\"a\",\"b\"]}",
		    "<option>a</option><option selected>b</option>" },
		/* The selected option of a select, the usual use. */
		{ __LINE__, "{{#each opts}}<option{{#eq id \"b\"}} selected"
		    "{{/eq}}>{{id}}</option>{{/each}}",
		    "{\"opts\":[{\"id\":\"a\"},{\"id\":\"b\"}]}",
		    "<option>a</option><option selected>b</option>" },
	};

	run_rows(t, NELEM(t));
}

static void
test_each(void)
{
	static const struct row t[] = {
		{ __LINE__, "{{#each xs}}[{{this}}]{{/each}}",
		    "{\"xs\":[\"a\",1,true,null]}", "[a][1][true][]" },
		{ __LINE__, "{{#each xs}}x{{else}}none{{/each}}", "{\"xs\":[]}",
		    "none" },
		{ __LINE__, "{{#each xs}}x{{else}}none{{/each}}", "{}",
		    "none" },
		{ __LINE__, "{{#each xs}}x{{else}}none{{/each}}",
		    "{\"xs\":{\"a\":1}}", "none" },
		{ __LINE__, "{{#each xs}}x{{else}}none{{/each}}",
		    "{\"xs\":\"abc\"}", "none" },
		{ __LINE__, "{{#each xs}}x{{/each}}", "{\"xs\":[]}", "" },
		{ __LINE__, "{{#each xs}}{{@index}}/{{@number}}"
		    "{{#if @first}}F{{/if}}{{#if @last}}L{{/if}} {{/each}}",
		    "{\"xs\":[1,2,3]}", "0/1F 1/2 2/3L " },
		{ __LINE__, "{{#each xs}}{{#if @first}}{{#if @last}}only"
		    "{{/if}}{{/if}}{{/each}}", "{\"xs\":[1]}", "only" },
		{ __LINE__, "{{#each xs}}{{#unless @last}}, {{/unless}}{{/each}}",
		    "{\"xs\":[1,2,3]}", ", , " },
		/* Scopes: the item first, then outwards; null stops. */
		{ __LINE__, "{{#each users}}{{name}}@{{org}};{{/each}}",
		    "{\"org\":\"RISE\",\"users\":[{\"name\":\"a\"},"
		    "{\"name\":\"b\",\"org\":\"X\"},{\"name\":\"c\","
		    "\"org\":null}]}", "a@RISE;b@X;c@;" },
		{ __LINE__, "{{#each users}}[{{this.org}}]{{/each}}",
		    "{\"org\":\"RISE\",\"users\":[{\"name\":\"a\"}]}", "[]" },
		{ __LINE__, "{{#each xs}}{{this}}{{name}}{{/each}}",
		    "{\"name\":\"N\",\"xs\":[\"a\",\"b\"]}", "aNbN" },
		{ __LINE__, "{{#each rows}}{{#each cells}}{{@index}}{{this}}"
		    "{{sep}}{{/each}}|{{@index}}|{{/each}}",
		    "{\"sep\":\",\",\"rows\":[{\"cells\":[\"a\",\"b\"]},"
		    "{\"cells\":[\"c\"],\"sep\":\";\"}]}",
		    "0a,1b,|0|0c;|1|" },
		{ __LINE__, "{{#each m}}{{#each this}}{{this}}{{/each}}.{{/each}}",
		    "{\"m\":[[1,2],[3]]}", "12.3." },
		{ __LINE__, "{{#each m}}{{this.1}}{{/each}}",
		    "{\"m\":[[1,2],[3]]}", "2" },
		{ __LINE__, "{{#each xs}}{{#if on}}{{name}}{{else}}-{{/if}}"
		    "{{/each}}", "{\"xs\":[{\"on\":1,\"name\":\"a\"},{\"on\":0,"
		    "\"name\":\"b\"}]}", "a-" },
		{ __LINE__, "[{{@index}}{{@first}}]", NULL, "[]" },
		{ __LINE__, "{{#each a.b}}{{this}}{{/each}}",
		    "{\"a\":{\"b\":[1,2]}}", "12" },
		/* An outer array of the same name, found from inside. */
		{ __LINE__, "{{#each xs}}{{#each xs}}{{this}}{{/each}};{{/each}}",
		    "{\"xs\":[1,2]}", "12;12;" },
	};

	run_rows(t, NELEM(t));
}

static void
test_partials(void)
{
	static const struct row t[] = {
		{ __LINE__, "<table>{{#each users}}{{> row}}{{/each}}</table>",
		    "{\"users\":[{\"name\":\"a\"},{\"name\":\"<b>\"}]}",
		    "<table><tr><td>1</td><td>a</td></tr>"
		    "<tr><td>2</td><td>&lt;b&gt;</td></tr></table>" },
		{ __LINE__, "{{>hello}} {{ > hello }}",
		    "{\"user\":{\"name\":\"Ann\"}}", "Hello Ann! Hello Ann!" },
		{ __LINE__, "<ul>{{> tree}}</ul>",
		    "{\"name\":\"r\",\"kids\":[{\"name\":\"a\",\"kids\":"
		    "[{\"name\":\"a1\"}]},{\"name\":\"b\"}]}",
		    "<ul><li>r<ul><li>a<ul><li>a1</li></ul></li>"
		    "<li>b</li></ul></li></ul>" },
		{ __LINE__, "{{#if no}}{{> self}}{{/if}}ok", "{}", "ok" },
	};

	run_rows(t, NELEM(t));
}

/* Parse errors: the message starts "page:LINE: " and contains want. */
static void
test_parse_errors(void)
{
	static const struct {
		int		 line;
		const char	*src;
		unsigned	 at;
		const char	*want;
	} t[] = {
		{ __LINE__, "{{#if x}}", 1, "{{#if}} is not closed" },
		{ __LINE__, "a\n\n{{#each xs}}\n{{#if y}}{{/if}}\n", 3,
		    "{{#each}} is not closed" },
		{ __LINE__, "{{#if a}}\n{{#each b}}{{/each}}", 1,
		    "{{#if}} is not closed" },
		{ __LINE__, "a\n{{/each}}", 2, "{{/each}} without an open block" },
		{ __LINE__, "{{#if a}}\n\n{{/each}}", 3,
		    "{{/each}} where {{/if}} should close {{#if}} of line 1" },
		{ __LINE__, "{{#eq a \"x\"}}{{/ne}}", 1, "should close {{#eq}}" },
		{ __LINE__, "{{#if a}}{{/if extra}}", 1, "{{/if extra}}" },
		{ __LINE__, "{{#each}}{{/each}}", 1, "the block needs a path" },
		{ __LINE__, "{{#if   }}{{/if}}", 1, "the block needs a path" },
		{ __LINE__, "{{#foo x}}{{/foo}}", 1, "unknown block helper" },
		{ __LINE__, "{{#}}", 1, "unknown block helper" },
		{ __LINE__, "{{#with x}}{{/with}}", 1, "unknown block helper" },
		{ __LINE__, "{{#if x y}}{{/if}}", 1,
		    "unexpected text after the path" },
		{ __LINE__, "{{#each xs \"a\"}}{{/each}}", 1,
		    "unexpected text after the path" },
		{ __LINE__, "{{#eq x}}{{/eq}}", 1, "quoted literal" },
		{ __LINE__, "{{#eq x y z}}{{/eq}}", 1,
		    "unexpected text after the path" },
		{ __LINE__, "{{#eq x y\"z\"}}{{/eq}}", 1, "bad path" },
		{ __LINE__, "{{#ne x @nope}}{{/ne}}", 1, "unknown @ name" },
		{ __LINE__, "{{#ne x \"a}}{{/ne}}", 1, "unterminated literal" },
		{ __LINE__, "{{#eq x \"a\\n\"}}{{/eq}}", 1, "bad escape" },
		{ __LINE__, "{{#eq x \"a\" \"b\"}}{{/eq}}", 1,
		    "unexpected text after the path" },
		{ __LINE__, "{{else}}", 1, "{{else}} outside a block" },
		{ __LINE__, "{{#if a}}{{else}}\n{{else}}{{/if}}", 2,
		    "second {{else}} in {{#if}} of line 1" },
		{ __LINE__, "{{x y}}", 1, "unknown tag" },
		{ __LINE__, "{{else if x}}", 1, "unknown tag" },
		{ __LINE__, "{{}}", 1, "empty tag" },
		{ __LINE__, "{{  }}", 1, "empty tag" },
		{ __LINE__, "{{{x}}}", 1, "use {{raw:path}}" },
		{ __LINE__, "ok\n{{x", 2, "{{ without }}" },
		{ __LINE__, "{{a..b}}", 1, "bad path" },
		{ __LINE__, "{{a.}}", 1, "bad path" },
		{ __LINE__, "{{.a}}", 1, "bad path" },
		{ __LINE__, "{{.}}", 1, "bad path" },
		{ __LINE__, "{{this.}}", 1, "bad path" },
		{ __LINE__, "{{a/b}}", 1, "bad path" },
		{ __LINE__, "{{../a}}", 1, "bad path" },
		{ __LINE__, "{{a[0]}}", 1, "bad path" },
		{ __LINE__, "{{#if a.}}{{/if}}", 1, "bad path" },
		{ __LINE__, "{{@foo}}", 1, "unknown @ name" },
		{ __LINE__, "{{@index.x}}", 1, "unknown @ name" },
		{ __LINE__, "{{html:x}}", 1, "unknown prefix" },
		{ __LINE__, "{{url:}}", 1, "missing path" },
		{ __LINE__, "{{raw:a b}}", 1, "unknown tag" },
		{ __LINE__, "{{>}}", 1, "bad partial name" },
		{ __LINE__, "{{> ../etc/passwd}}", 1, "bad partial name" },
		{ __LINE__, "{{> a b}}", 1, "bad partial name" },
		{ __LINE__, "{{> partials/row}}", 1, "bad partial name" },
		{ __LINE__, "{{! one\ntwo\nthree }}\n{{bad tag}}", 4,
		    "unknown tag" },
		{ __LINE__, "<p>\n  {{name}}\n  {{#if}}\n", 3,
		    "the block needs a path" },
	};
	char		 err[256], prefix[32], *out;
	size_t		 i;
	enum app_err	 rc;

	for (i = 0; i < NELEM(t); i++) {
		rc = render(t[i].src, "{}", &out, err, sizeof(err));
		free(out);
		snprintf(prefix, sizeof(prefix), "page:%u: ", t[i].at);
		check_at(t[i].line, rc == APP_ERR_INVALID &&
		    strncmp(err, prefix, strlen(prefix)) == 0 &&
		    strstr(err, t[i].want) != NULL,
		    "\"%s\": rc %d, err \"%s\", want \"%s...%s\"", t[i].src,
		    rc, err, prefix, t[i].want);
	}
}

/* Blocks nest up to TMPL_NEST_MAX deep, and no deeper. */
static void
test_nesting(void)
{
	char		 src[TMPL_NEST_MAX * 20 + 64], err[256], *out;
	size_t		 i, n;
	int		 depth;
	enum app_err	 rc;

	for (depth = TMPL_NEST_MAX; depth <= TMPL_NEST_MAX + 1; depth++) {
		n = 0;
		for (i = 0; i < (size_t)depth; i++)
			n += snprintf(src + n, sizeof(src) - n, "{{#if a}}");
		n += snprintf(src + n, sizeof(src) - n, "x");
		for (i = 0; i < (size_t)depth; i++)
			n += snprintf(src + n, sizeof(src) - n, "{{/if}}");
		rc = render(src, "{\"a\":1}", &out, err, sizeof(err));
		if (depth == TMPL_NEST_MAX)
			check_at(__LINE__, rc == APP_OK &&
			    strcmp(out, "x") == 0, "depth %d: rc %d %s", depth,
			    rc, err);
		else
			check_at(__LINE__, rc == APP_ERR_INVALID &&
			    strstr(err, "nested too deep") != NULL,
			    "depth %d: rc %d %s", depth, rc, err);
		free(out);
	}
}

/* Linking: every {{> x}} must exist, and names are unique. */
static void
test_link(void)
{
	struct tmpl_set	*set;
	char		 err[256], *out;
	enum app_err	 rc;

	rc = render("ok\n\n{{#if a}}{{> missing}}{{/if}}", "{}", &out, err,
	    sizeof(err));
	check_at(__LINE__, rc == APP_ERR_INVALID && strcmp(err,
	    "page:3: {{> missing}}: no template partials/missing") == 0,
	    "rc %d err \"%s\"", rc, err);
	free(out);

	set = tmpl_new();
	check_at(__LINE__, set != NULL &&
	    tmpl_add(set, "a", "1", 1, err, sizeof(err)) == APP_OK &&
	    tmpl_add(set, "a", "2", 1, err, sizeof(err)) == APP_OK &&
	    tmpl_link(set, err, sizeof(err)) == APP_ERR_INVALID &&
	    strstr(err, "a second template called a") != NULL,
	    "duplicate name: \"%s\"", err);
	tmpl_free(set);

	/* Unlinked, unknown, and linked again after an add. */
	set = tmpl_new();
	check_at(__LINE__, set != NULL &&
	    tmpl_add(set, "a", "A{{> b}}", 8, err, sizeof(err)) == APP_OK,
	    "add: %s", err);
	check_at(__LINE__, tmpl_render(set, "a", NULL, &out, NULL) ==
	    APP_ERR_INVALID && out == NULL, "render before link");
	check_at(__LINE__, tmpl_link(set, err, sizeof(err)) ==
	    APP_ERR_INVALID, "link without partials/b");
	check_at(__LINE__, tmpl_add(set, "partials/b", "B", 1, err,
	    sizeof(err)) == APP_OK && tmpl_link(set, err, sizeof(err)) ==
	    APP_OK, "link: %s", err);
	check_at(__LINE__, tmpl_render(set, "nope", NULL, &out, NULL) ==
	    APP_ERR_INVALID && out == NULL, "unknown template");
	check_at(__LINE__, tmpl_render(set, "a", NULL, &out, NULL) == APP_OK &&
	    strcmp(out, "AB") == 0, "render a");
	free(out);
	check_at(__LINE__, tmpl_render(set, "partials/b", NULL, &out, NULL) ==
	    APP_OK && strcmp(out, "B") == 0, "render a partial by name");
	free(out);
	/* A failed add leaves the set as it was. */
	check_at(__LINE__, tmpl_add(set, "c", "{{#if", 5, err, sizeof(err)) ==
	    APP_ERR_INVALID && strcmp(err, "c:1: {{ without }}") == 0,
	    "failed add: \"%s\"", err);
	check_at(__LINE__, tmpl_render(set, "a", NULL, &out, NULL) == APP_OK,
	    "render after a failed add");
	free(out);
	/* Messages are optional. */
	check_at(__LINE__, tmpl_add(set, "d", "{{", 2, NULL, 0) ==
	    APP_ERR_INVALID, "no err buffer");
	tmpl_free(set);
	tmpl_free(NULL);
}

/* Builds {"name":"0","kids":[{"name":"1","kids":[...]}]} of depth n. */
static json_object *
tree(int n)
{
	json_object	*o, *kids;
	char		 name[16];

	o = json_object_new_object();
	snprintf(name, sizeof(name), "%d", n);
	json_object_object_add(o, "name", json_object_new_string(name));
	if (n > 1) {
		kids = json_object_new_array();
		json_object_array_add(kids, tree(n - 1));
		json_object_object_add(o, "kids", kids);
	}
	return o;
}

/* Bounds: partial depth, output size, steps. */
static void
test_bounds(void)
{
	struct tmpl_set	*set;
	json_object	*ctx, *xs;
	struct html_buf	 b;
	char		 err[256], *out, *big;
	size_t		 len, i;
	enum app_err	 rc;

	/* A partial including itself stops at TMPL_DEPTH_MAX. */
	rc = render("{{> self}}", "{}", &out, err, sizeof(err));
	check_at(__LINE__, rc == APP_ERR_INVALID && out == NULL,
	    "self include: rc %d", rc);

	/* Recursion on data: TMPL_DEPTH_MAX levels render, one more fails. */
	set = set_with("{{> tree}}", &rc, err, sizeof(err));
	check_at(__LINE__, set != NULL, "set: %s", err);
	ctx = tree(TMPL_DEPTH_MAX);
	rc = tmpl_render(set, "page", ctx, &out, &len);
	check_at(__LINE__, rc == APP_OK && len == strlen(out) &&
	    strstr(out, "<li>1</li>") != NULL, "tree of %d: rc %d",
	    TMPL_DEPTH_MAX, rc);
	free(out);
	json_object_put(ctx);
	ctx = tree(TMPL_DEPTH_MAX + 1);
	rc = tmpl_render(set, "page", ctx, &out, &len);
	check_at(__LINE__, rc == APP_ERR_INVALID && out == NULL,
	    "tree of %d: rc %d", TMPL_DEPTH_MAX + 1, rc);
	json_object_put(ctx);
	tmpl_free(set);

	/* Output beyond TMPL_OUT_MAX: 1 MiB printed 5 times. */
	set = set_with("{{#each xs}}{{big}}{{/each}}", &rc, err, sizeof(err));
	big = malloc(1 << 20);
	memset(big, 'a', 1 << 20);
	ctx = json_object_new_object();
	json_object_object_add(ctx, "big",
	    json_object_new_string_len(big, 1 << 20));
	xs = json_object_new_array();
	for (i = 0; i < 5; i++)
		json_object_array_add(xs, json_object_new_int(i));
	json_object_object_add(ctx, "xs", xs);
	rc = tmpl_render(set, "page", ctx, &out, &len);
	check_at(__LINE__, rc == APP_ERR_NOMEM && out == NULL,
	    "5 MiB of output: rc %d", rc);
	/* Four fit. */
	json_object_array_del_idx(xs, 0, 1);
	rc = tmpl_render(set, "page", ctx, &out, &len);
	check_at(__LINE__, rc == APP_OK && len == 4 << 20, "4 MiB: rc %d", rc);
	free(out);
	/* Escaping grows it: 4 MiB of '&' is 20 MiB, stopped at the bound. */
	memset(big, '&', 1 << 20);
	json_object_object_add(ctx, "big",
	    json_object_new_string_len(big, 1 << 20));
	rc = tmpl_render(set, "page", ctx, &out, &len);
	check_at(__LINE__, rc == APP_ERR_NOMEM, "escaped growth: rc %d", rc);
	free(big);
	json_object_put(ctx);
	tmpl_free(set);

	/* Steps: three nested loops over 1000 items, with no output. */
	set = set_with("{{#each xs}}{{#each xs}}{{#each xs}}{{#if no}}x"
	    "{{/if}}{{/each}}{{/each}}{{/each}}", &rc, err, sizeof(err));
	ctx = json_object_new_object();
	xs = json_object_new_array();
	for (i = 0; i < 1000; i++)
		json_object_array_add(xs, json_object_new_int(i));
	json_object_object_add(ctx, "xs", xs);
	rc = tmpl_render(set, "page", ctx, &out, &len);
	check_at(__LINE__, rc == APP_ERR_INVALID && out == NULL,
	    "10^9 steps: rc %d", rc);
	json_object_put(ctx);

	/* tmpl_render_buf appends, and keeps the caller's bound. */
	memset(&b, 0, sizeof(b));
	html_raw(&b, "<x>", 3);
	rc = tmpl_render_buf(set, "partials/hello", NULL, &b);
	check_at(__LINE__, rc == APP_OK && strcmp(b.s, "<x>Hello !") == 0,
	    "render_buf: rc %d \"%s\"", rc, b.s);
	b.max = b.len + 3;
	check_at(__LINE__, tmpl_render_buf(set, "partials/hello", NULL, &b) ==
	    APP_ERR_NOMEM, "render_buf bound");
	html_buf_free(&b);
	tmpl_free(set);
}

/* Writes a file of dir; false on error. */
static bool
put(const char *dir, const char *file, const char *text)
{
	char	 path[512];
	FILE	*f;
	bool	 ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((f = fopen(path, "w")) == NULL)
		return false;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes the test directory and what it holds, links not followed. */
static void
rmtree(const char *dir)
{
	if (nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static void
test_load(void)
{
	struct tmpl_set	*set;
	char		 dir[] = "/tmp/rise-tmpl-XXXXXX", sub[64], path[128];
	char		 err[512], want[700], *out;
	json_object	*ctx;
	enum app_err	 rc;

	if (mkdtemp(dir) == NULL) {
		check_at(__LINE__, false, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(sub, sizeof(sub), "%s/partials", dir);
	check_at(__LINE__, mkdir(sub, 0700) == 0 &&
	    put(dir, "layout.html", "<main>{{raw:body}}</main>\n") &&
	    put(dir, "index.html", "{{> nav}}<h1>{{title}}</h1>") &&
	    put(sub, "nav.html", "<nav>{{#each links}}<a href=\"/{{url:this}}\">"
	    "{{this}}</a>{{/each}}</nav>") &&
	    put(dir, "README.md", "{{#if not a template") &&
	    put(dir, ".hidden.html", "{{#if") &&
	    put(sub, ".#nav.html", "{{#if"), "setup");
	snprintf(path, sizeof(path), "%s/other", dir);
	check_at(__LINE__, mkdir(path, 0700) == 0 &&
	    put(path, "x.html", "{{#if"), "setup of other/");

	rc = tmpl_load(&set, dir, err, sizeof(err));
	check_at(__LINE__, rc == APP_OK && set != NULL, "load: rc %d %s",
	    rc, err);
	if (rc == APP_OK) {
		ctx = json_tokener_parse("{\"title\":\"<T>\",\"body\":\"<p>b</p>\","
		    "\"links\":[\"a b\",\"c\"]}");
		rc = tmpl_render(set, "index", ctx, &out, NULL);
		check_at(__LINE__, rc == APP_OK && strcmp(out,
		    "<nav><a href=\"/a%20b\">a b</a><a href=\"/c\">c</a>"
		    "</nav><h1>&lt;T&gt;</h1>") == 0, "index: \"%s\"", out);
		free(out);
		rc = tmpl_render(set, "layout", ctx, &out, NULL);
		check_at(__LINE__, rc == APP_OK &&
		    strcmp(out, "<main><p>b</p></main>\n") == 0,
		    "layout: \"%s\"", out);
		free(out);
		check_at(__LINE__, tmpl_render(set, "README", ctx, &out,
		    NULL) == APP_ERR_INVALID && tmpl_render(set, "nav", ctx,
		    &out, NULL) == APP_ERR_INVALID && tmpl_render(set,
		    "other/x", ctx, &out, NULL) == APP_ERR_INVALID,
		    "only NAME.html and partials/NAME.html");
		json_object_put(ctx);
		tmpl_free(set);
	}

	/* A missing partial names the file and line. */
	check_at(__LINE__, put(dir, "index.html", "<p>\n{{> nope}}"), "put");
	rc = tmpl_load(&set, dir, err, sizeof(err));
	snprintf(want, sizeof(want),
	    "%s/index.html:2: {{> nope}}: no template partials/nope", dir);
	check_at(__LINE__, rc == APP_ERR_INVALID && set == NULL &&
	    strcmp(err, want) == 0, "rc %d \"%s\"", rc, err);
	check_at(__LINE__, put(dir, "index.html", "ok"), "put");

	/* A syntax error in a partial. */
	check_at(__LINE__, put(sub, "bad.html", "a\n{{#if x}}\n"), "put");
	rc = tmpl_load(&set, dir, err, sizeof(err));
	snprintf(want, sizeof(want),
	    "%s/partials/bad.html:2: {{#if}} is not closed", dir);
	check_at(__LINE__, rc == APP_ERR_INVALID && set == NULL &&
	    strcmp(err, want) == 0, "rc %d \"%s\"", rc, err);
	snprintf(path, sizeof(path), "%s/bad.html", sub);
	unlink(path);

	/* A file name that cannot be a template name. */
	check_at(__LINE__, put(dir, "a b.html", "x"), "put");
	rc = tmpl_load(&set, dir, err, sizeof(err));
	check_at(__LINE__, rc == APP_ERR_INVALID && set == NULL &&
	    strstr(err, "a b.html") != NULL, "rc %d \"%s\"", rc, err);
	snprintf(path, sizeof(path), "%s/a b.html", dir);
	unlink(path);

	/* Symbolic links are refused, file or partials directory. */
	snprintf(path, sizeof(path), "%s/evil.html", dir);
	check_at(__LINE__, symlink("/etc/hostname", path) == 0, "symlink");
	rc = tmpl_load(&set, dir, err, sizeof(err));
	check_at(__LINE__, rc == APP_ERR_IO && set == NULL &&
	    strstr(err, "evil.html") != NULL, "rc %d \"%s\"", rc, err);
	unlink(path);
	snprintf(path, sizeof(path), "%s/elsewhere", dir);
	check_at(__LINE__, rename(sub, path) == 0, "rename");
	check_at(__LINE__, symlink("elsewhere", sub) == 0, "symlink partials");
	rc = tmpl_load(&set, dir, err, sizeof(err));
	check_at(__LINE__, rc == APP_ERR_IO && set == NULL &&
	    strstr(err, "partials") != NULL, "rc %d \"%s\"", rc, err);
	unlink(sub);

	/* No partials directory is fine; no directory is not. */
	rc = tmpl_load(&set, dir, err, sizeof(err));
	check_at(__LINE__, rc == APP_OK, "no partials/: rc %d \"%s\"", rc,
	    err);
	tmpl_free(set);
	snprintf(path, sizeof(path), "%s/none", dir);
	rc = tmpl_load(&set, path, err, sizeof(err));
	check_at(__LINE__, rc == APP_ERR_IO && set == NULL &&
	    strstr(err, "none") != NULL, "rc %d \"%s\"", rc, err);

	rmtree(dir);
}

/*
 * Random templates from a small alphabet of tag pieces: parsing either
 * fails with a message or the template renders; never a crash (run under
 * ASan) and never an unbounded loop.
 */
static void
test_random(void)
{
	static const char *const piece[] = {
		"{{", "}}", "#if ", "#each ", "#eq ", "#unless ", "/if", "/each",
		"/eq", "/unless", "else", "a", "b.c", "xs", "this", "@index",
		"@last", "> p", "!", "\"", "\"v\"", " ", "\n", "x", "url:",
		"raw:", ".", "{", "}", "\\", "\xff", "<",
	};
	static const char	 p_src[] =
	    "[{{a}}{{#each xs}}{{this}}{{/each}}]";
	struct tmpl_set	*set;
	json_object	*ctx;
	char		 src[256], err[256], *out;
	const char	*p;
	size_t		 len, n, k, parsed = 0, rendered = 0;
	uint32_t	 seed = 12345;
	int		 i;
	enum app_err	 rc;

	ctx = json_tokener_parse("{\"a\":\"<&>\",\"b\":{\"c\":[1,2]},"
	    "\"xs\":[1,\"v\",{\"a\":null},[3]]}");
	for (i = 0; i < 20000; i++) {
		len = 0;
		seed = seed * 1103515245 + 12345;
		n = 1 + (seed >> 16) % 24;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			p = piece[(seed >> 16) % NELEM(piece)];
			if (len + strlen(p) >= sizeof(src))
				break;
			memcpy(src + len, p, strlen(p));
			len += strlen(p);
		}
		set = tmpl_new();
		tmpl_add(set, "partials/p", p_src, strlen(p_src), err,
		    sizeof(err));
		rc = tmpl_add(set, "page", src, len, err, sizeof(err));
		if (rc == APP_OK)
			rc = tmpl_link(set, err, sizeof(err));
		if (rc == APP_OK) {
			parsed++;
			rc = tmpl_render(set, "page", ctx, &out, &len);
			if (rc == APP_OK) {
				rendered++;
				if (strlen(out) != len)
					check_at(__LINE__, false, "%.*s: len",
					    (int)len, src);
				free(out);
			}
		} else if (strncmp(err, "page:", 5) != 0)
			check_at(__LINE__, false, "%.*s: err \"%s\"", (int)len,
			    src, err);
		tmpl_free(set);
	}
	check_at(__LINE__, parsed > 100 && rendered == parsed,
	    "parsed %zu rendered %zu", parsed, rendered);
	json_object_put(ctx);
}

void
suite_tmpl(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "values and escaping", test_values },
		{ "raw vs escaped", test_raw_vs_escaped },
		{ "if, unless, else", test_if },
		{ "eq, ne", test_eq },
		{ "each and scopes", test_each },
		{ "partials", test_partials },
		{ "parse errors with lines", test_parse_errors },
		{ "block nesting bound", test_nesting },
		{ "link and render entry points", test_link },
		{ "depth, output and step bounds", test_bounds },
		{ "tmpl_load", test_load },
		{ "random templates", test_random },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("tmpl", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
