/*
 * chart.c: bar charts and the phase roadmap, drawn with libgd.
 *
 * Everything is laid out in points and drawn at c->s pixels per point.
 * Images are palette images: axis-aligned shapes are exact; the diagonal
 * edges of the roadmap are anti-aliased by our own scanline filler (libgd
 * only anti-aliases truecolor images), with three blend levels per fill
 * colour.  Text is rendered by libgd's FreeType renderer, but each string
 * only once per process (see struct textrun): every libgd call sets the
 * size again, which re-runs the font's TrueType hinting program and cost
 * more than the rest of a chart.  The cached coverage is composited with
 * seven blend levels.  That keeps the palette small and the PNG cheap to
 * write and for libharu to read back.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>

#include "chart.h"
#include "pdf.h"	/* house palette and default fonts */

#define LIGHT_GRID	0xe3e7eb
#define AXIS		0x9aa5b1
#define ACCENT_TEXT	0x9a5410
#define MUTED_FILL	0xe4e8eb
#define MUTED_TEXT	0x7b8794

enum talign {
	T_LEFT = 0,
	T_CENTER,
	T_RIGHT,
	T__MAX
};

struct canvas {
	gdImagePtr	 im;
	double		 s;		/* pixels per point */
	const char	*font;
	const char	*bold;
	bool		 house;		/* the default fonts: see measure() */
	enum app_err	 err;
};

/* Points to whole pixels. */
static int
px(const struct canvas *c, double pt)
{
	return (int)lround(pt * c->s);
}

/* The palette index of a colour, allocated on first use. */
static int
color(struct canvas *c, uint32_t rgb)
{
	int	 r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
	int	 i;

	if ((i = gdImageColorExact(c->im, r, g, b)) >= 0)
		return i;
	if ((i = gdImageColorAllocate(c->im, r, g, b)) >= 0)
		return i;
	return gdImageColorClosest(c->im, r, g, b);
}

/* rgb mixed with white: t = 1 is rgb, t = 0 white. */
static uint32_t
tint(uint32_t rgb, double t)
{
	uint32_t	 out = 0;
	int		 sh;

	for (sh = 16; sh >= 0; sh -= 8) {
		double v = ((rgb >> sh) & 0xff) * t + 255 * (1 - t);

		out |= (uint32_t)lround(v) << sh;
	}
	return out;
}

/* A filled rectangle in points (top-left origin). */
static void
rect(struct canvas *c, double x0, double y0, double x1, double y1,
    uint32_t rgb)
{
	int	 a = px(c, x0), b = px(c, y0), d = px(c, x1), e = px(c, y1);

	if (d <= a)
		d = a + 1;
	if (e <= b)
		e = b + 1;
	gdImageFilledRectangle(c->im, a, b, d - 1, e - 1, color(c, rgb));
}

/*
 * A string rendered once by libgd as 8-bit coverage, cached for the
 * process: chart strings repeat (labels, ticks, values 0-100).
 */
struct textrun {
	char		*key;		/* font, size and text */
	int		 w, h;		/* bitmap */
	int		 ox, oy;	/* pen origin in the bitmap */
	int		 ink0, inkw;	/* ink extent from the pen, pixels */
	uint8_t		*a;		/* coverage, w * h */
	struct textrun	*next;
};

#define RUN_BUCKETS	256
#define RUN_MAX		2048		/* beyond this, draw uncached */

static pthread_mutex_t	 run_lock = PTHREAD_MUTEX_INITIALIZER;
static struct textrun	*run_tab[RUN_BUCKETS];
static size_t		 run_count;

/* Release a run.  Accepts NULL. */
static void
run_free(struct textrun *r)
{
	if (r == NULL)
		return;
	free(r->key);
	free(r->a);
	free(r);
}

/*
 * Render s with libgd at 72 * scale dpi (so that pt is in points), without
 * kerning as in the PDF text.  Returns a new run (caller frees with
 * run_free()) or NULL with *err set (and *err untouched on success).
 */
static struct textrun *
run_render(const char *font, double pt, double scale, const char *s,
    enum app_err *err)
{
	gdFTStringExtra	 ex;
	gdImagePtr	 im = NULL;
	struct textrun	*r;
	int		 br[8], x, y, x0, x1, y0, y1;
	enum app_err	 rc = APP_ERR_NOMEM;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		*err = rc;
		return NULL;
	}
	memset(&ex, 0, sizeof(ex));
	ex.flags = gdFTEX_RESOLUTION | gdFTEX_CHARMAP | gdFTEX_DISABLE_KERNING;
	ex.charmap = gdFTEX_Unicode;
	ex.hdpi = ex.vdpi = (int)lround(72 * scale);
	if (gdImageStringFTEx(NULL, br, 0, font, pt, 0, 0, 0, s, &ex) !=
	    NULL) {
		rc = APP_ERR_CONFIG;
		goto fail;
	}
	x0 = br[0] < br[6] ? br[0] : br[6];
	x1 = br[2] > br[4] ? br[2] : br[4];
	y0 = br[5] < br[7] ? br[5] : br[7];
	y1 = br[1] > br[3] ? br[1] : br[3];
	r->ink0 = x0;
	r->inkw = x1 - x0;
	r->ox = 2 - x0;
	r->oy = 2 - y0;
	r->w = x1 - x0 + 5;
	r->h = y1 - y0 + 5;
	if (r->w <= 0 || r->h <= 0 || r->w > 8000 || r->h > 2000) {
		rc = APP_ERR_INVALID;
		goto fail;
	}
	if ((r->a = calloc((size_t)r->w * (size_t)r->h, 1)) == NULL ||
	    (im = gdImageCreateTrueColor(r->w, r->h)) == NULL)
		goto fail;
	gdImageFilledRectangle(im, 0, 0, r->w - 1, r->h - 1, 0xffffff);
	if (gdImageStringFTEx(im, br, 0x000000, font, pt, 0, r->ox, r->oy, s,
	    &ex) != NULL) {
		rc = APP_ERR_CONFIG;
		goto fail;
	}
	for (y = 0; y < r->h; y++)
		for (x = 0; x < r->w; x++)
			r->a[y * r->w + x] = (uint8_t)(255 -
			    gdTrueColorGetRed(gdImageTrueColorPixel(im, x, y)));
	gdImageDestroy(im);
	return r;
fail:
	if (im != NULL)
		gdImageDestroy(im);
	run_free(r);
	*err = rc;
	return NULL;
}

/* FNV-1a of a cache key, reduced to a bucket. */
static unsigned
run_hash(const char *k)
{
	unsigned	 h = 2166136261u;

	while (*k != '\0')
		h = (h ^ (unsigned char)*k++) * 16777619u;
	return h % RUN_BUCKETS;
}

/*
 * The cached run for a string, rendering it on first use.  *owned is set
 * if the cache was full and the caller must run_free() the result.
 * Returns NULL with *err set on failure.
 */
static const struct textrun *
run_get(const char *font, double pt, double scale, const char *s,
    bool *owned, enum app_err *err)
{
	struct textrun	*r;
	char		*key;
	unsigned	 h;
	int		 n;

	*owned = false;
	n = snprintf(NULL, 0, "%s|%.3f|%.3f|%s", font, pt, scale, s);
	if (n < 0 || (key = malloc((size_t)n + 1)) == NULL) {
		*err = APP_ERR_NOMEM;
		return NULL;
	}
	snprintf(key, (size_t)n + 1, "%s|%.3f|%.3f|%s", font, pt, scale, s);
	h = run_hash(key);
	pthread_mutex_lock(&run_lock);
	for (r = run_tab[h]; r != NULL; r = r->next)
		if (strcmp(r->key, key) == 0)
			break;
	if (r == NULL && (r = run_render(font, pt, scale, s, err)) != NULL) {
		r->key = key;
		key = NULL;
		if (run_count < RUN_MAX) {
			r->next = run_tab[h];
			run_tab[h] = r;
			run_count++;
		} else
			*owned = true;
	}
	pthread_mutex_unlock(&run_lock);
	free(key);
	return r;
}

/*
 * The advance width of a string in points, for fitting labels.  With the
 * house fonts this uses pdf.c's metrics and needs no rendering.  Returns
 * -1 (and sets c->err) if the font cannot be used.
 */
static double
measure(struct canvas *c, bool bold, double pt, const char *s)
{
	const struct textrun	*r;
	double			 w;
	bool			 owned;

	if (s == NULL || *s == '\0' || c->err != APP_OK)
		return 0;
	if (c->house && (w = pdf_text_width(s, pt, bold)) >= 0)
		return w;
	if ((r = run_get(bold ? c->bold : c->font, pt, c->s, s, &owned,
	    &c->err)) == NULL)
		return -1;
	w = r->inkw / c->s;
	if (owned)
		run_free((struct textrun *)(uintptr_t)r);
	return w;
}

/*
 * Draw a string with its baseline at y: starting at x, or with its ink
 * centred on or ending at x.  Coverage is blended with what is under it
 * in seven steps.  Returns the ink width in points, or -1.
 */
static double
text(struct canvas *c, bool bold, double pt, uint32_t rgb, double x,
    double y, enum talign al, const char *s)
{
	const struct textrun	*r;
	int			 blend[256][8];
	int			 fg, X, Y, bx, by, k, bg, W, H;
	double			 w;
	bool			 owned;

	if (s == NULL || *s == '\0' || c->err != APP_OK)
		return 0;
	if ((r = run_get(bold ? c->bold : c->font, pt, c->s, s, &owned,
	    &c->err)) == NULL)
		return -1;
	X = px(c, x);
	if (al == T_CENTER)
		X -= r->ink0 + r->inkw / 2;
	else if (al == T_RIGHT)
		X -= r->ink0 + r->inkw;
	X -= r->ox;
	Y = px(c, y) - r->oy;
	W = gdImageSX(c->im);
	H = gdImageSY(c->im);
	fg = color(c, rgb);
	memset(blend, 0xff, sizeof(blend));
	for (by = 0; by < r->h; by++) {
		if (Y + by < 0 || Y + by >= H)
			continue;
		for (bx = 0; bx < r->w; bx++) {
			if (X + bx < 0 || X + bx >= W ||
			    (k = (r->a[by * r->w + bx] * 7 + 127) / 255) == 0)
				continue;
			if (k == 7) {
				gdImageSetPixel(c->im, X + bx, Y + by, fg);
				continue;
			}
			bg = gdImageGetPixel(c->im, X + bx, Y + by);
			if (bg < 0 || bg > 255)
				continue;
			if (blend[bg][k] < 0) {
				uint32_t	 mix = 0;
				int		 sh, a, b;

				for (sh = 16; sh >= 0; sh -= 8) {
					a = (rgb >> sh) & 0xff;
					b = sh == 16 ? gdImageRed(c->im, bg) :
					    sh == 8 ? gdImageGreen(c->im, bg) :
					    gdImageBlue(c->im, bg);
					mix |= (uint32_t)((a * k + b * (7 - k) +
					    3) / 7) << sh;
				}
				blend[bg][k] = color(c, mix);
			}
			gdImageSetPixel(c->im, X + bx, Y + by, blend[bg][k]);
		}
	}
	w = r->inkw / c->s;
	if (owned)
		run_free((struct textrun *)(uintptr_t)r);
	return w;
}

/* A chevron (with a notch unless first) or a downward triangle. */
struct shape {
	double	 x, w, tip, top, h;	/* chevron body and notch/tip */
	bool	 notch;
	bool	 tri;			/* a downward triangle instead */
};

/*
 * The horizontal extent [l, r] of a shape at height y, in points; false
 * outside it.
 */
static bool
span(const struct shape *sh, double y, double *l, double *r)
{
	double	 d;

	if (y < sh->top || y > sh->top + sh->h)
		return false;
	if (sh->tri) {
		d = (y - sh->top) / sh->h;	/* 0 at the top */
		*l = sh->x + sh->w * d / 2;
		*r = sh->x + sh->w - sh->w * d / 2;
		return *r > *l;
	}
	d = 1 - fabs(y - (sh->top + sh->h / 2)) / (sh->h / 2);
	*l = sh->x + (sh->notch ? sh->tip * d : 0);
	*r = sh->x + sh->w + sh->tip * d;
	return true;
}

/*
 * Fill a shape row by row, anti-aliasing its left and right edges with
 * three blends of rgb over white (the shapes stand on white).
 */
static void
fill_shape(struct canvas *c, const struct shape *sh, uint32_t rgb)
{
	int	 col[5], py, x, xa, xb, k;
	int	 y0 = px(c, sh->top), y1 = px(c, sh->top + sh->h);
	double	 l, r, cov;

	col[0] = -1;
	for (k = 1; k <= 4; k++)
		col[k] = color(c, tint(rgb, k / 4.0));
	for (py = y0; py < y1; py++) {
		if (!span(sh, (py + 0.5) / c->s, &l, &r))
			continue;
		l *= c->s;
		r *= c->s;
		xa = (int)ceil(l);
		xb = (int)floor(r);
		if (xb > xa)	/* whole pixels */
			gdImageLine(c->im, xa, py, xb - 1, py, col[4]);
		/* The partly covered pixels at each end. */
		for (x = (int)floor(l); x < (int)ceil(r); x++) {
			if (x >= xa && x < xb)
				x = xb;
			if (x >= (int)ceil(r))
				break;
			cov = (x + 1 < r ? x + 1 : r) - (x > l ? x : l);
			k = (int)(cov * 4 + 0.5);
			if (k > 0)
				gdImageSetPixel(c->im, x, py, col[k > 4 ? 4 :
				    k]);
		}
	}
}

/* Copy the options into d with the defaults filled in. */
static void
opts_defaults(const struct chart_opts *o, struct chart_opts *d,
    double defh)
{
	static const struct chart_opts	 zero;

	*d = o != NULL ? *o : zero;
	if (d->width <= 0)
		d->width = 440;
	if (d->height <= 0)
		d->height = defh;
	if (d->scale <= 0)
		d->scale = 2;
	if (d->font == NULL)
		d->font = PDF_FONT_REGULAR;
	if (d->font_bold == NULL)
		d->font_bold = PDF_FONT_BOLD;
	if (d->level == 0)
		d->level = 1;
}

/* Create the canvas: white background, the first palette entry. */
static enum app_err
canvas_open(struct canvas *c, const struct chart_opts *o)
{
	double	 w = o->width * o->scale, h = o->height * o->scale;

	memset(c, 0, sizeof(*c));
	if (o->scale > 6 || o->width > 2000 || o->height > 2000 ||
	    w < 16 || h < 16 || o->level < 0 || o->level > 9)
		return APP_ERR_INVALID;
	c->s = o->scale;
	c->font = o->font;
	c->bold = o->font_bold;
	c->house = strcmp(c->font, PDF_FONT_REGULAR) == 0 &&
	    strcmp(c->bold, PDF_FONT_BOLD) == 0;
	if ((c->im = gdImageCreate((int)lround(w), (int)lround(h))) == NULL)
		return APP_ERR_NOMEM;
	color(c, 0xffffff);
	return APP_OK;
}

/* Write the PNG into malloc'd memory and free the canvas. */
static enum app_err
canvas_close(struct canvas *c, int level, void **png, size_t *len)
{
	void		*g, *b;
	int		 size = 0;
	enum app_err	 rc = c->err;

	if (rc == APP_OK) {
		if ((g = gdImagePngPtrEx(c->im, &size, level)) == NULL ||
		    size <= 0)
			rc = APP_ERR_NOMEM;
		else if ((b = malloc((size_t)size)) == NULL) {
			rc = APP_ERR_NOMEM;
			gdFree(g);
		} else {
			memcpy(b, g, (size_t)size);
			gdFree(g);
			*png = b;
			*len = (size_t)size;
		}
	}
	gdImageDestroy(c->im);
	c->im = NULL;
	return rc;
}

/*
 * The bar chart: gridlines and ticks, the threshold behind the bars,
 * bars with their values on a white patch, labels shrunk to fit.
 */
enum app_err
chart_bars(const struct chart_bar *bars, size_t n,
    const struct chart_opts *opts, void **png, size_t *len)
{
	struct chart_opts	 o;
	struct canvas		 c;
	double			 x0, x1, yt, yb, slot, bw, lw, pt, y;
	char			 buf[64];
	const char		*tl = NULL;
	size_t			 i;
	int			 v, t, top;
	enum app_err		 rc;

	if (png == NULL || len == NULL)
		return APP_ERR_INVALID;
	*png = NULL;
	*len = 0;
	if (bars == NULL || n == 0 || n > 12 || (opts != NULL && opts->max < 0))
		return APP_ERR_INVALID;
	opts_defaults(opts, &o, 220);
	top = o.max > 0 ? o.max : 100;
	if ((rc = canvas_open(&c, &o)) != APP_OK)
		return rc;

	x0 = 30;
	x1 = o.width - 8;
	yt = 20;
	yb = o.height - 28;
	if (o.threshold > 0 && o.threshold < top) {
		if ((tl = o.threshold_label) == NULL) {
			snprintf(buf, sizeof(buf), "%d", o.threshold);
			tl = buf;
		}
		if ((lw = measure(&c, false, 7.5, tl)) < 0)
			goto out;
		x1 -= lw + 6;
	}
	if (x1 - x0 < 20 * (double)n || yb - yt < 40) {
		c.err = APP_ERR_INVALID;
		goto out;
	}

	/* Gridlines and ticks at the quarters of the axis. */
	for (t = 0; t <= 100; t += 25) {
		y = yb - (yb - yt) * t / 100.0;
		rect(&c, x0, y - 0.35, x1, y + 0.35, t == 0 ? AXIS :
		    LIGHT_GRID);
		if ((long long)top * t % 100 == 0)
			snprintf(buf, sizeof(buf), "%lld", (long long)top * t / 100);
		else
			snprintf(buf, sizeof(buf), "%.1f", top * t / 100.0);
		text(&c, false, 7.5, PDF_MUTED, x0 - 5, y + 2.7, T_RIGHT,
		    buf);
	}

	/* The threshold behind the bars, its label at the right. */
	if (tl != NULL) {
		double	 dx;

		y = yb - (yb - yt) * o.threshold / (double)top;
		for (dx = x0; dx < x1; dx += 9)
			rect(&c, dx, y - 0.6, fmin(dx + 5, x1), y + 0.6,
			    PDF_MUTED);
		text(&c, false, 7.5, PDF_MUTED, x1 + 5, y + 2.7, T_LEFT, tl);
	}

	slot = (x1 - x0) / (double)n;
	bw = fmin(slot * 0.56, 58);
	for (i = 0; i < n; i++) {
		double	 cx = x0 + slot * ((double)i + 0.5);
		bool	 hi = bars[i].highlight;

		v = bars[i].value < 0 ? 0 : bars[i].value > top ? top :
		    bars[i].value;
		y = yb - (yb - yt) * v / (double)top;
		if (v > 0)
			rect(&c, cx - bw / 2, y, cx + bw / 2, yb - 0.35,
			    hi ? PDF_ACCENT : PDF_BRAND);
		/* The value above the bar, on white over the threshold. */
		snprintf(buf, sizeof(buf), "%d", v);
		lw = measure(&c, true, 9, buf);
		rect(&c, cx - lw / 2 - 2, y - 13.5, cx + lw / 2 + 2, y - 1.2,
		    0xffffff);
		text(&c, true, 9, hi ? ACCENT_TEXT : PDF_INK, cx, y - 4.5,
		    T_CENTER, buf);
		/* Labels shrink to fit their slot. */
		for (pt = 9.5; pt > 7; pt -= 0.5)
			if (measure(&c, hi, pt, bars[i].label) <= slot - 4)
				break;
		text(&c, hi, pt, PDF_INK, cx, yb + 15, T_CENTER,
		    bars[i].label);
	}

out:
	return canvas_close(&c, o.level, png, len);
}

/* Split s at the space nearest its middle into a and b (size cap). */
static bool
split2(const char *s, char *a, char *b, size_t cap)
{
	size_t	 len = strlen(s), best = SIZE_MAX, i;

	for (i = 0; i < len; i++)
		if (s[i] == ' ' && (best == SIZE_MAX ||
		    labs((long)(2 * i) - (long)len) <
		    labs((long)(2 * best) - (long)len)))
			best = i;
	if (best == SIZE_MAX || best >= cap || len - best - 1 >= cap)
		return false;
	memcpy(a, s, best);
	a[best] = '\0';
	memcpy(b, s + best + 1, len - best - 1);
	b[len - best - 1] = '\0';
	return true;
}

/*
 * The roadmap: anti-aliased chevrons, labels centred in each, and the
 * marker with its pointer above the current step.
 */
enum app_err
chart_roadmap(const char *const *labels, size_t n, size_t current,
    const struct chart_opts *opts, void **png, size_t *len)
{
	struct chart_opts	 o;
	struct canvas		 c;
	struct shape		 sh;
	double			 gap = 4, top = 32, ch, tip, cw, cx, pt, w;
	char			 lab[160], a[160], b[160];
	const char		*marker;
	size_t			 i;
	uint32_t		 fill, ink;
	enum app_err		 rc;

	if (png == NULL || len == NULL)
		return APP_ERR_INVALID;
	*png = NULL;
	*len = 0;
	if (labels == NULL || n < 2 || n > 8 || current >= n)
		return APP_ERR_INVALID;
	opts_defaults(opts, &o, 100);
	if ((rc = canvas_open(&c, &o)) != APP_OK)
		return rc;
	marker = o.marker != NULL ? o.marker : "You are here";

	ch = o.height - top - 4;
	tip = fmin(ch * 0.3, 16);
	cw = (o.width - 2 - tip - gap * (double)(n - 1)) / (double)n;
	if (ch < 24 || cw < 2 * tip) {
		c.err = APP_ERR_INVALID;
		goto out;
	}
	for (i = 0; i < n; i++) {
		memset(&sh, 0, sizeof(sh));
		sh.x = 1 + (cw + gap) * (double)i;
		sh.w = cw;
		sh.tip = tip;
		sh.top = top;
		sh.h = ch;
		sh.notch = i > 0;
		if (i < current) {
			fill = PDF_BRAND;
			ink = 0xffffff;
		} else if (i == current) {
			fill = PDF_ACCENT;
			ink = 0xffffff;
		} else {
			fill = MUTED_FILL;
			ink = MUTED_TEXT;
		}
		fill_shape(&c, &sh, fill);

		/* The label, centred in the body between notch and tip. */
		cx = sh.x + cw / 2 + (sh.notch ? tip / 2 : tip / 4);
		w = cw - (sh.notch ? tip / 2 : tip / 4) - 6;
		snprintf(lab, sizeof(lab), "%s%s", i < current ?
		    "\xe2\x9c\x93 " : "", labels[i] ? labels[i] : "");
		for (pt = 9.5; pt > 7; pt -= 0.5)
			if (measure(&c, true, pt, lab) <= w)
				break;
		if (measure(&c, true, pt, lab) > w &&
		    split2(lab, a, b, sizeof(a))) {
			pt = 8;
			text(&c, true, pt, ink, cx, top + ch / 2 - 1.5,
			    T_CENTER, a);
			text(&c, true, pt, ink, cx, top + ch / 2 + 8.5,
			    T_CENTER, b);
		} else
			text(&c, true, pt, ink, cx, top + ch / 2 + pt * 0.36,
			    T_CENTER, lab);

		if (i == current) {
			text(&c, true, 9, ACCENT_TEXT, cx, 13, T_CENTER,
			    marker);
			memset(&sh, 0, sizeof(sh));
			sh.tri = true;
			sh.x = cx - 6;
			sh.w = 12;
			sh.top = 18;
			sh.h = 9;
			fill_shape(&c, &sh, PDF_ACCENT);
		}
	}
out:
	return canvas_close(&c, o.level, png, len);
}

/* Free the string cache and libgd's font cache. */
void
chart_cache_free(void)
{
	struct textrun	*r;
	size_t		 i;

	pthread_mutex_lock(&run_lock);
	for (i = 0; i < RUN_BUCKETS; i++)
		while ((r = run_tab[i]) != NULL) {
			run_tab[i] = r->next;
			run_free(r);
		}
	run_count = 0;
	pthread_mutex_unlock(&run_lock);
	gdFontCacheShutdown();
}
