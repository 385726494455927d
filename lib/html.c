/* html.c: the output buffer and the text, URL and raw escapers. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* What html_text does with each byte value. */
enum cls {
	CLS_COPY,		/* printable ASCII, tab, newline, carriage return */
	CLS_ESC,		/* & < > " ' */
	CLS_DROP,		/* other C0 controls and DEL */
	CLS_UTF8,		/* the first byte of a multi-byte sequence, or invalid */
	CLS__MAX
};

/* The replacement character U+FFFD in UTF-8. */
static const char	 repl[] = "\xef\xbf\xbd";

/* The class of a byte value; see enum cls. */
static enum cls
byte_cls(unsigned char c)
{
	if (c >= 0x80)
		return CLS_UTF8;
	if (c >= 0x20 && c != 0x7f)
		return c == '&' || c == '<' || c == '>' || c == '"' ||
		    c == '\'' ? CLS_ESC : CLS_COPY;
	return c == '\t' || c == '\n' || c == '\r' ? CLS_COPY : CLS_DROP;
}

/*
 * Decodes the UTF-8 sequence at p (n > 0 bytes).  Returns its length and
 * sets *cp; for an invalid sequence returns the length of its maximal
 * invalid prefix (at least 1), which becomes one U+FFFD as Unicode
 * recommends, and sets *cp to -1.  Overlong forms, surrogates and values
 * above U+10FFFF are invalid.
 */
static size_t
utf8_next(const unsigned char *p, size_t n, long *cp)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 need, i;
	long		 v;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 2;
		v = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		v = p[0] & 0x0f;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		v = p[0] & 0x07;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
	} else {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*cp = -1;
			return i;
		}
		v = (v << 6) | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return need;
}

/*
 * C1 controls (U+0080 to U+009F) are dropped like C0 ones: HTML makes them
 * parse errors and they have no business in a page (lib/valid does the
 * same for input).
 */
static bool
is_c1(long cp)
{
	return cp >= 0x80 && cp <= 0x9f;
}

/* Makes room for n more bytes and the NUL, or records an error. */
static bool
reserve(struct html_buf *b, size_t n)
{
	size_t	 max = b->max == 0 ? HTML_BUF_MAX : b->max;
	size_t	 cap;
	char	*p;

	if (b->err != APP_OK)
		return false;
	if (n > max || b->len > max - n) {
		b->err = APP_ERR_NOMEM;
		return false;
	}
	if (b->cap - b->len > n)
		return true;
	cap = b->cap < 256 ? 256 : b->cap;
	while (cap - b->len <= n) {
		if (cap > SIZE_MAX / 2) {
			b->err = APP_ERR_NOMEM;
			return false;
		}
		cap *= 2;
	}
	if ((p = realloc(b->s, cap)) == NULL) {
		b->err = APP_ERR_NOMEM;
		return false;
	}
	b->s = p;
	b->cap = cap;
	return true;
}

void
html_buf_free(struct html_buf *b)
{
	if (b == NULL)
		return;
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->err = APP_OK;
}

char *
html_buf_take(struct html_buf *b, size_t *len)
{
	char	*s;

	if (b->s == NULL && reserve(b, 0))
		b->s[0] = '\0';
	if (b->err != APP_OK) {
		html_buf_free(b);
		return NULL;
	}
	s = b->s;
	if (len != NULL)
		*len = b->len;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

enum app_err
html_raw(struct html_buf *b, const char *s, size_t len)
{
	if (len == 0 || !reserve(b, len))
		return b->err;
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	return APP_OK;
}

enum app_err
html_text(struct html_buf *b, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, run = 0, k;
	long			 cp;

	/* Copy runs of bytes that need nothing in one append. */
	while (i < len) {
		switch (byte_cls(p[i])) {
		case CLS_COPY:
			i++;
			continue;
		case CLS_UTF8:
			k = utf8_next(p + i, len - i, &cp);
			if (cp >= 0 && !is_c1(cp)) {
				i += k;
				continue;
			}
			html_raw(b, s + run, i - run);
			if (cp < 0)
				html_raw(b, repl, 3);
			i += k;
			break;
		case CLS_ESC:
			html_raw(b, s + run, i - run);
			switch (p[i]) {
			case '&':
				html_raw(b, "&amp;", 5);
				break;
			case '<':
				html_raw(b, "&lt;", 4);
				break;
			case '>':
				html_raw(b, "&gt;", 4);
				break;
			case '"':
				html_raw(b, "&quot;", 6);
				break;
			default:
				html_raw(b, "&#39;", 5);
				break;
			}
			i++;
			break;
		default:
			html_raw(b, s + run, i - run);
			i++;
			break;
		}
		run = i;
		if (b->err != APP_OK)
			return b->err;
	}
	return html_raw(b, s + run, i - run);
}

/* Appends %XX for each of n bytes. */
static void
pct(struct html_buf *b, const unsigned char *p, size_t n)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			 e[3];
	size_t			 i;

	e[0] = '%';
	for (i = 0; i < n; i++) {
		e[1] = hex[p[i] >> 4];
		e[2] = hex[p[i] & 0xf];
		html_raw(b, e, 3);
	}
}

static bool
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

enum app_err
html_url(struct html_buf *b, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, run = 0, k;
	long			 cp;

	while (i < len) {
		if (unreserved(p[i])) {
			i++;
			continue;
		}
		html_raw(b, s + run, i - run);
		k = utf8_next(p + i, len - i, &cp);
		if (cp < 0)
			pct(b, (const unsigned char *)repl, 3);
		else if (cp >= 0x80 ? !is_c1(cp) : byte_cls(p[i]) != CLS_DROP)
			pct(b, p + i, k);
		i += k;
		run = i;
		if (b->err != APP_OK)
			return b->err;
	}
	return html_raw(b, s + run, i - run);
}
