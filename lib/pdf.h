/*
 * pdf.h: a small flowing-layout PDF writer over libharu (prefix pdf_).
 *
 * A document is opened with pdf_open(), filled top to bottom with blocks
 * (headings, paragraphs, lists, key/value blocks, tables, callouts,
 * images), and rendered with pdf_finish(), which draws the headers,
 * footers and "Page n of N" on every page and hands back the bytes.
 * Content that reaches the bottom margin continues on a new page; a line
 * of text or a table row is never cut (a row taller than a whole page is
 * the one exception: it continues on the next page, line by line).
 *
 * Text is UTF-8.  Every string is sanitized before it reaches libharu:
 * invalid UTF-8, control characters and any character that the embedded
 * fonts (DejaVu Sans and DejaVu Sans Bold) do not cover, or that cannot be
 * laid out left to right without shaping (CJK, Arabic, Hebrew, emoji...),
 * is drawn as U+FFFD, the replacement character.  Tabs become spaces and
 * "\n", "\r\n" and "\r" are line breaks inside a block.
 *
 * Errors are sticky: after the first failure of libharu every call returns
 * the same error, and the caller only has to check pdf_finish().  Misuse
 * (NULL arguments, a table row outside a table) returns APP_ERR_INVALID
 * and leaves the document usable.
 *
 * A document is not thread-safe; different documents may be built in
 * different threads.  Font data is prepared once per process (see
 * pdf_cache_free()).  Sizes and positions are in PDF points (1/72 inch).
 */
#ifndef RISE_PDF_H
#define RISE_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

#define PDF_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define PDF_FONT_BOLD	 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

/*
 * A colour for the style structures: PDF_RGB(0x0e4d64).  A zero colour
 * field means "the default colour of that element", so that a
 * zero-initialized structure gives the house style.
 */
#define PDF_RGB(hex)	(0x1000000u | ((uint32_t)(hex) & 0xffffffu))

/* The house palette, also used by chart.c so charts and text agree. */
#define PDF_BRAND	0x0e4d64	/* deep teal: headings, rules */
#define PDF_ACCENT	0xd9822b	/* amber: the one highlight */
#define PDF_INK		0x1f2933	/* body text */
#define PDF_MUTED	0x5f6b76	/* secondary text */

enum pdf_paper {
	PDF_PAPER_A4 = 0,
	PDF_PAPER_LETTER,
	PDF_PAPER__MAX
};

enum pdf_align {
	PDF_ALIGN_LEFT = 0,
	PDF_ALIGN_CENTER,
	PDF_ALIGN_RIGHT,
	PDF_ALIGN__MAX
};

enum pdf_list_kind {
	PDF_LIST_BULLET = 0,
	PDF_LIST_NUMBER,
	PDF_LIST__MAX
};

/* The tint of a callout box. */
enum pdf_tone {
	PDF_TONE_INFO = 0,	/* brand tint, brand bar */
	PDF_TONE_ACCENT,	/* amber tint, amber bar: "watch out" */
	PDF_TONE_NEUTRAL,	/* grey */
	PDF_TONE__MAX
};

/*
 * Document options.  Every field may be left zero or NULL: strings are
 * then omitted, margins take the defaults (about 20 mm at the sides, room
 * for the header and footer at the top and bottom) and the fonts are the
 * DejaVu fonts of fonts-dejavu-core.  The strings are copied.
 */
struct pdf_opts {
	const char	*title;		/* document information */
	const char	*author;
	const char	*subject;
	const char	*creator;	/* the application; default "RISE Suite" */
	enum pdf_paper	 paper;
	double		 margin_top;	/* points; 0 is the default */
	double		 margin_bottom;
	double		 margin_left;
	double		 margin_right;
	const char	*header_left;	/* small grey text above a rule */
	const char	*header_right;
	const char	*footer_left;	/* footer; "Page n of N" is at right */
	const char	*page_word;	/* "Page" by default */
	const char	*of_word;	/* "of" by default */
	bool		 cover;		/* page 1 has no header and footer
					   (it still counts as page 1) */
	bool		 no_page_numbers;
	bool		 no_compress;	/* write the streams uncompressed */
	const char	*font_regular;	/* TrueType paths; default PDF_FONT_* */
	const char	*font_bold;
};

/* Text style for paragraphs.  Zero fields take the body defaults. */
struct pdf_style {
	double		 size;		/* points; default 10 */
	uint32_t	 color;		/* PDF_RGB(...); default PDF_INK */
	bool		 bold;
	enum pdf_align	 align;
	double		 indent;	/* left indent in points */
	double		 space_after;	/* points; 0 is the default, <0 none */
};

/* A piece of a paragraph with its own weight: see pdf_runs(). */
struct pdf_run {
	const char	*text;
	bool		 bold;
};

/* A key/value line, e.g. "Client: Zoë Łukasiewicz". */
struct pdf_kv {
	const char	*key;
	const char	*value;
};

/* A table column.  Widths are relative weights of the content width. */
struct pdf_column {
	const char	*title;
	double		 weight;	/* 0 counts as 1 */
	enum pdf_align	 align;
};

/* Flags of pdf_table_row(). */
#define PDF_ROW_FLAG	0x01u	/* tinted amber: e.g. a weakest area */
#define PDF_ROW_BOLD	0x02u	/* bold text */
#define PDF_ROW_SECTION	0x04u	/* cells[0] spans the row: a group title */

/* An image block: see pdf_image(). */
struct pdf_image {
	const void	*png;		/* PNG bytes, e.g. from chart_bars() */
	size_t		 len;
	double		 width;		/* points; 0 or too wide: content width */
	const char	*caption;	/* small grey text below, or NULL */
	bool		 verify;	/* decode once first: see pdf_image() */
};

struct pdf;

/*
 * Open a document.  On success *out is a new document that the caller
 * releases with pdf_free() (after pdf_finish() or instead of it).
 * Returns APP_ERR_CONFIG if a font cannot be read, APP_ERR_IO if libharu
 * fails, APP_ERR_NOMEM, or APP_ERR_INVALID for NULL arguments.
 */
enum app_err	 pdf_open(struct pdf **out, const struct pdf_opts *);

/*
 * Render headers, footers and page numbers, save the document and hand
 * the caller a malloc'd copy in *buf (caller frees with free()) of *len
 * bytes.  The document accepts no more content afterwards.  Returns the
 * first error that the document met, if any.
 */
enum app_err	 pdf_finish(struct pdf *, void **buf, size_t *len);

/* Release a document and all it holds.  Accepts NULL. */
void		 pdf_free(struct pdf *);

/* A cover title: large brand-coloured title, optional subtitle, a rule. */
enum app_err	 pdf_title(struct pdf *, const char *title,
		    const char *subtitle);

/*
 * A heading of level 1 to 3 (others are clamped).  A heading that would
 * end a page is moved to the next one with the text that follows.
 */
enum app_err	 pdf_heading(struct pdf *, int level, const char *text);

/* A paragraph in the body style, or in *style when it is not NULL. */
enum app_err	 pdf_paragraph(struct pdf *, const char *text);
enum app_err	 pdf_text(struct pdf *, const char *text,
		    const struct pdf_style *style);

/* A paragraph of runs of regular and bold text, wrapped together. */
enum app_err	 pdf_runs(struct pdf *, const struct pdf_run *, size_t n,
		    const struct pdf_style *style);

/* A bulleted or numbered list of n items with hanging indents. */
enum app_err	 pdf_list(struct pdf *, const char *const *items, size_t n,
		    enum pdf_list_kind);

/* Key/value lines: grey keys in a left column, wrapped values. */
enum app_err	 pdf_keyvalue(struct pdf *, const struct pdf_kv *, size_t n);

/*
 * A tinted box with an optional bold title and a body (which may hold
 * "\n" breaks), for tips such as how to communicate with a client.
 */
enum app_err	 pdf_callout(struct pdf *, enum pdf_tone, const char *title,
		    const char *body);

/*
 * A table: pdf_table_begin() with the columns (at most 16), then rows of
 * ncols cells each (NULL cells are empty), then pdf_table_end().  The
 * header row repeats on every page and a row is never split.  Any other
 * block also ends an open table.  Rows flagged PDF_ROW_SECTION use only
 * cells[0].
 */
enum app_err	 pdf_table_begin(struct pdf *, const struct pdf_column *,
		    size_t ncols);
enum app_err	 pdf_table_row(struct pdf *, const char *const *cells,
		    unsigned int flags);
enum app_err	 pdf_table_end(struct pdf *);

/*
 * Place a PNG, centred, at img->width keeping its aspect ratio, on the
 * next page if it does not fit in what is left of this one (and scaled
 * down if taller than a page).  The PNG is always checked for structure
 * and chunk CRCs.  libharu 2.3.0 aborts the whole process on a PNG whose
 * compressed data is corrupt, so set img->verify for PNGs that do not
 * come from chart.c: it decodes the image once with libgd first.  Returns
 * APP_ERR_INVALID (document still usable) for a PNG that fails the checks.
 */
enum app_err	 pdf_image(struct pdf *, const struct pdf_image *img);

/* A thin horizontal rule across the content width. */
enum app_err	 pdf_rule(struct pdf *);

/* Vertical space in points (dropped at the top of a page). */
enum app_err	 pdf_space(struct pdf *, double points);

/* Start a new page (does nothing on a page that is still empty). */
enum app_err	 pdf_page_break(struct pdf *);

/* Start a new page unless at least `points` remain on this one. */
enum app_err	 pdf_keep(struct pdf *, double points);

/* The number of pages so far (1 after pdf_open()). */
size_t		 pdf_page_count(const struct pdf *);

/* The width of the content area in points. */
double		 pdf_content_width(const struct pdf *);

/*
 * The width in points of text on one line at the given size, in the
 * default fonts (PDF_FONT_*) after sanitizing; -1 if they cannot be read.
 */
double		 pdf_text_width(const char *text, double size, bool bold);

/*
 * Copy text to a malloc'd string (caller frees) with the same
 * substitutions as the document applies: what the PDF will show.
 * Returns NULL on allocation failure or if the fonts cannot be read.
 */
char		*pdf_sanitize(const char *text);

/*
 * Release the per-process font data (metrics, derived font files).  Only
 * for leak checkers and tests: no document may be open.
 */
void		 pdf_cache_free(void);

#endif
