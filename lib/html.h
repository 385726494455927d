/*
 * html.h: a growable output buffer and the escapers of the web UI.
 *
 * Escape for the context (cgit html.c): html_text for element text and
 * quoted attribute values, html_url for a URL path segment or query value,
 * and html_raw, the rare one, for text that is already HTML.  The escapers
 * also clean their input: invalid UTF-8 becomes U+FFFD, and control
 * characters other than tab, newline and carriage return are dropped.
 *
 * A buffer records its first error and ignores later appends, so a caller
 * appends freely and checks once at the end (kcgi khtml_*, lighttpd buffer).
 * Nothing here does I/O.
 */
#ifndef RISE_HTML_H
#define RISE_HTML_H

#include <stddef.h>

#include "app.h"

/* The bound on a buffer whose max is 0: no page comes near it. */
#define HTML_BUF_MAX	((size_t)4 << 20)

/*
 * Zero-initialise, e.g. struct html_buf b = { 0 }; and release with
 * html_buf_free or html_buf_take.  Set max before the first append to change
 * the bound (SIZE_MAX: none); exceeding it is APP_ERR_NOMEM, as out of
 * memory is.
 */
struct html_buf {
	char		*s;	/* NUL-terminated; NULL until the first append */
	size_t		 len;
	size_t		 cap;
	size_t		 max;	/* bound on len; 0 for HTML_BUF_MAX */
	enum app_err	 err;	/* the first error; appends then do nothing */
};

/*
 * Frees the buffer's memory and resets it to empty (keeping max);
 * accepts NULL.
 */
void		 html_buf_free(struct html_buf *);

/*
 * Hands over the contents as a NUL-terminated string ("" if nothing was
 * appended) and its length in *len (if len is not NULL), and resets the
 * buffer.  The caller frees the result with free().  Returns NULL, having
 * freed the buffer, if the buffer recorded an error or memory runs out.
 */
char		*html_buf_take(struct html_buf *, size_t *len);

/*
 * Appends len bytes unchanged: only for text that is already HTML, or for
 * the template's own text.  Returns the buffer's error state.
 */
enum app_err	 html_raw(struct html_buf *, const char *, size_t len);

/*
 * Appends len bytes escaped for HTML text and for attribute values in
 * double or single quotes: & < > " ' become &amp; &lt; &gt; &quot; &#39;.
 * Returns the buffer's error state.
 */
enum app_err	 html_text(struct html_buf *, const char *, size_t len);

/*
 * Appends len bytes percent-encoded for a URL path segment or query value:
 * every byte but the RFC 3986 unreserved A-Z a-z 0-9 - . _ ~ becomes %XX
 * (so also / ? & = # and space).  The result needs no further escaping in
 * a quoted attribute.  Returns the buffer's error state.
 */
enum app_err	 html_url(struct html_buf *, const char *, size_t len);

#endif
