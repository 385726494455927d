/*
 * pdf.c: flowing-layout PDF writer over libharu 2.3.0.
 *
 * Three parts:
 *
 * 1. Fonts, once per process.  libharu's UTF-8 mode makes each font a
 *    CID font whose CIDs are the BMP code points.  Creating it walks all
 *    65536 code points through a linear search of the TrueType cmap
 *    segments (DejaVu Sans has 193), about 4 ms per font and document,
 *    and it embeds the tables of all 6000 glyphs but the outlines (80 KB
 *    a font to compress).  So we parse each font once, decide which code
 *    points we render (see allowed[]), and write a derived font to a memfd:
 *    a subset with just their glyphs (renumbered), a 7-segment cmap and a
 *    format 3 "post" table (no glyph names); outlines, metrics, hinting
 *    and the name table (with the licence) are copied.  libharu loads it
 *    through /proc/self/fd/N; where that fails we load the original files,
 *    which is slower but renders the same.  We also keep the advance
 *    widths, so that line breaking does not call into libharu.
 *
 * 2. Text: every string is decoded, sanitized and turned into an array of
 *    code points with a weight and colour each (struct tbox), wrapped into
 *    lines, and drawn with one BT/ET per block.
 *
 * 3. Blocks and pages: a cursor moves down the content area; a block
 *    that does not fit starts a new page.  Headers and footers are drawn
 *    on every page in pdf_finish(), when the page count is known.
 *
 * libharu reports errors through the handler given to HPDF_New() and by
 * return values; both are recorded and the first one sticks.  The handler
 * never longjmps.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gd.h>
#include <hpdf.h>

#include "pdf.h"

/* ------------------------------------------------------------------ */
/* Fonts                                                                */
/* ------------------------------------------------------------------ */

enum face {
	FACE_REGULAR = 0,
	FACE_BOLD,
	FACE__MAX
};

/*
 * The code points we may render: scripts that are written left to right
 * without shaping, and the usual punctuation and symbols.  Right-to-left
 * scripts (Hebrew, Arabic) are left out on purpose: without bidi they
 * would come out reversed, which is worse than a visible replacement.
 * Text is not normalized: decomposed accents rely on DejaVu's combining
 * marks, which render acceptably for single accents.
 * Each range becomes one segment of the derived cmap.
 */
static const struct { uint32_t lo, hi; } allowed[] = {
	{ 0x0020, 0x007e },	/* Basic Latin */
	{ 0x00a0, 0x058f },	/* Latin-1 ... IPA, Greek, Cyrillic, Armenian */
	{ 0x10a0, 0x10ff },	/* Georgian */
	{ 0x1e00, 0x1eff },	/* Latin Extended Additional (Vietnamese) */
	{ 0x2000, 0x22ff },	/* punctuation, currency, letterlike, number
				   forms, arrows, mathematical operators */
	{ 0x25a0, 0x27bf },	/* geometric shapes, symbols, dingbats */
	{ 0xfffd, 0xfffd },	/* the replacement character */
};

/* The TrueType tables libharu embeds, in tag order. */
enum ttab {
	TT_OS2 = 0, TT_CMAP, TT_CVT, TT_FPGM, TT_GLYF, TT_HEAD, TT_HHEA,
	TT_HMTX, TT_LOCA, TT_MAXP, TT_NAME, TT_POST, TT_PREP, TT__MAX
};

static const char ttab_tags[TT__MAX][5] = {
	"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
	"hmtx", "loca", "maxp", "name", "post", "prep"
};

/* A TrueType file in memory. */
struct ttf {
	uint8_t		*d;
	size_t		 len;
	uint32_t	 off[TT__MAX];
	uint32_t	 size[TT__MAX];
	bool		 has[TT__MAX];
	size_t		 cm;		/* (3,1) format 4 subtable */
	size_t		 cmlen;
	unsigned	 upem;
	unsigned	 nglyphs;
	unsigned	 nhm;
};

/* Everything we know about one pair of fonts; lives until exit. */
struct fontset {
	char		*path[FACE__MAX];	/* as asked for: the key */
	char		*load[FACE__MAX];	/* what libharu opens */
	int		 fd[FACE__MAX];		/* memfd, or -1 */
	dev_t		 dev[FACE__MAX];	/* and its identity */
	ino_t		 ino[FACE__MAX];
	uint8_t		 cover[65536 / 8];	/* code points we render */
	uint16_t	*width[FACE__MAX][256];	/* 1/1000 em, by page */
	uint32_t	 repl;			/* U+FFFD, or '?' */
	char		*tounicode;		/* ToUnicode CMap text */
	size_t		 tulen;
	struct fontset	*next;
};

static pthread_mutex_t	 fs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fontset	*fs_head;

/* Big-endian readers and writers for TrueType data. */
static uint16_t
be16(const uint8_t *b)
{
	return (uint16_t)((unsigned)b[0] << 8 | b[1]);
}

/* A big-endian 32-bit value. */
static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

/* Store a big-endian 16-bit value. */
static void
put16(uint8_t *b, unsigned v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* Store a big-endian 32-bit value. */
static void
put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/*
 * Read a whole file into t->d (freed by ttf_free()).  Returns
 * APP_ERR_CONFIG if it cannot be read or is implausibly large.
 */
static enum app_err
ttf_load(struct ttf *t, const char *path)
{
	FILE		*f;
	struct stat	 st;
	enum app_err	 rc = APP_ERR_CONFIG;

	memset(t, 0, sizeof(*t));
	if ((f = fopen(path, "rb")) == NULL)
		return APP_ERR_CONFIG;
	if (fstat(fileno(f), &st) == -1 || st.st_size < 12 ||
	    st.st_size > 64 * 1024 * 1024)
		goto out;
	t->len = (size_t)st.st_size;
	if ((t->d = malloc(t->len)) == NULL) {
		rc = APP_ERR_NOMEM;
		goto out;
	}
	if (fread(t->d, 1, t->len, f) != t->len)
		goto out;
	rc = APP_OK;
out:
	fclose(f);
	return rc;
}

/* Release what ttf_load() read; the struct itself is the caller's. */
static void
ttf_free(struct ttf *t)
{
	free(t->d);
	t->d = NULL;
}

/*
 * Parse the table directory and the few fields we need.  Returns
 * APP_ERR_CONFIG for anything that is not a TrueType font we can use.
 */
static enum app_err
ttf_parse(struct ttf *t)
{
	const uint8_t	*d = t->d, *cm;
	uint32_t	 ver, off, size;
	unsigned	 i, j, n, nsub;
	size_t		 sub;

	ver = be32(d);
	if (ver != 0x00010000 && ver != 0x74727565)	/* 'true' */
		return APP_ERR_CONFIG;
	n = be16(d + 4);
	if (12 + 16 * (size_t)n > t->len)
		return APP_ERR_CONFIG;
	for (i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + 16 * i;

		off = be32(r + 8);
		size = be32(r + 12);
		if (off > t->len || size > t->len - off)
			return APP_ERR_CONFIG;
		for (j = 0; j < TT__MAX; j++)
			if (memcmp(r, ttab_tags[j], 4) == 0) {
				t->has[j] = true;
				t->off[j] = off;
				t->size[j] = size;
			}
	}
	if (!t->has[TT_OS2] || !t->has[TT_CMAP] || !t->has[TT_GLYF] ||
	    !t->has[TT_HEAD] || !t->has[TT_HHEA] || !t->has[TT_HMTX] ||
	    !t->has[TT_LOCA] || !t->has[TT_MAXP] || !t->has[TT_NAME] ||
	    !t->has[TT_POST] || t->size[TT_HEAD] < 54 ||
	    t->size[TT_HHEA] < 36 || t->size[TT_MAXP] < 6 ||
	    t->size[TT_POST] < 32 || t->size[TT_CMAP] < 4)
		return APP_ERR_CONFIG;

	t->upem = be16(d + t->off[TT_HEAD] + 18);
	t->nglyphs = be16(d + t->off[TT_MAXP] + 4);
	t->nhm = be16(d + t->off[TT_HHEA] + 34);
	if (t->upem < 16 || t->upem > 16384 || t->nglyphs == 0 ||
	    t->nhm == 0 || t->nhm > t->nglyphs ||
	    t->size[TT_HMTX] < 4 * t->nhm)
		return APP_ERR_CONFIG;

	/* libharu prefers (3,1) format 4; we insist on it. */
	cm = d + t->off[TT_CMAP];
	nsub = be16(cm + 2);
	if (4 + 8 * (size_t)nsub > t->size[TT_CMAP])
		return APP_ERR_CONFIG;
	for (i = 0; i < nsub; i++) {
		if (be16(cm + 4 + 8 * i) != 3 || be16(cm + 6 + 8 * i) != 1)
			continue;
		sub = be32(cm + 8 + 8 * i);
		if (sub + 16 > t->size[TT_CMAP] || be16(cm + sub) != 4)
			continue;
		t->cm = t->off[TT_CMAP] + sub;
		t->cmlen = t->size[TT_CMAP] - sub;
		if (be16(cm + sub + 2) < t->cmlen)
			t->cmlen = be16(cm + sub + 2);
		n = be16(cm + sub + 6) / 2;
		if (n == 0 || 16 + 8 * (size_t)n > t->cmlen)
			return APP_ERR_CONFIG;
		return APP_OK;
	}
	return APP_ERR_CONFIG;
}

/* The glyph of a BMP code point in the font's cmap, or 0. */
static unsigned
ttf_glyph(const struct ttf *t, uint32_t cp)
{
	const uint8_t	*s = t->d + t->cm;
	unsigned	 nseg = be16(s + 6) / 2, lo = 0, hi, i;
	unsigned	 start, delta, ro;
	size_t		 at;

	if (cp > 0xffff)
		return 0;
	/* Binary search for the first segment whose end >= cp. */
	hi = nseg;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (be16(s + 14 + 2 * mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if ((i = lo) >= nseg)
		return 0;
	start = be16(s + 16 + 2 * nseg + 2 * i);
	delta = be16(s + 16 + 4 * nseg + 2 * i);
	ro = be16(s + 16 + 6 * nseg + 2 * i);
	if (cp < start)
		return 0;
	if (ro == 0)
		return (cp + delta) & 0xffff;
	at = 16 + 6 * (size_t)nseg + 2 * i + ro + 2 * (size_t)(cp - start);
	if (at + 2 > t->cmlen || be16(s + at) == 0)
		return 0;
	return (be16(s + at) + delta) & 0xffff;
}

/* The advance width of a glyph in 1/1000 em, truncated as libharu does. */
static uint16_t
ttf_advance(const struct ttf *t, unsigned gid)
{
	const uint8_t	*h = t->d + t->off[TT_HMTX];

	if (gid >= t->nhm)
		gid = t->nhm - 1;
	return (uint16_t)((uint32_t)be16(h + 4 * gid) * 1000 / t->upem);
}

/* Whether we render cp: allowed and in both faces. */
static bool
fs_covered(const struct fontset *fs, uint32_t cp)
{
	return cp < 0x10000 && (fs->cover[cp >> 3] >> (cp & 7) & 1);
}

/* The advance of cp in 1/1000 em; cp must be covered. */
static unsigned
fs_width(const struct fontset *fs, int face, uint32_t cp)
{
	const uint16_t	*pg = fs->width[face][cp >> 8];

	return pg == NULL ? 0 : pg[cp & 0xff];
}

/* Sum of the big-endian 32-bit words of a table padded with zeros. */
static uint32_t
tt_checksum(const uint8_t *b, size_t len)
{
	uint32_t	 sum = 0;
	size_t		 i;

	for (i = 0; i + 4 <= len; i += 4)
		sum += be32(b + i);
	if (i < len) {
		uint8_t	 last[4] = { 0, 0, 0, 0 };

		memcpy(last, b + i, len - i);
		sum += be32(last);
	}
	return sum;
}

/* A growable byte buffer for building tables; the owner frees b. */
struct bbuf {
	uint8_t		*b;
	size_t		 len;
	size_t		 cap;
};

/*
 * Append n zero bytes to bb; returns a pointer to them (valid until the
 * next call) or NULL if out of memory.
 */
static uint8_t *
bb_grow(struct bbuf *bb, size_t n)
{
	uint8_t	*at;

	if (bb->cap - bb->len < n) {
		size_t	 ncap = bb->cap ? bb->cap : 4096;
		void	*nb;

		while (ncap - bb->len < n)
			ncap *= 2;
		if ((nb = realloc(bb->b, ncap)) == NULL)
			return NULL;
		bb->b = nb;
		bb->cap = ncap;
	}
	at = bb->b + bb->len;
	memset(at, 0, n);
	bb->len += n;
	return at;
}

/* The byte range of glyph g in glyf; false if the font is damaged. */
static bool
ttf_glyf_range(const struct ttf *t, unsigned g, uint32_t *off, uint32_t *len)
{
	const uint8_t	*loca = t->d + t->off[TT_LOCA];
	bool		 lng = be16(t->d + t->off[TT_HEAD] + 50) != 0;
	uint32_t	 a, b;

	if (t->size[TT_LOCA] < (t->nglyphs + 1u) * (lng ? 4u : 2u))
		return false;
	a = lng ? be32(loca + 4 * g) : 2u * be16(loca + 2 * g);
	b = lng ? be32(loca + 4 * g + 4) : 2u * be16(loca + 2 * g + 2);
	if (a > b || b > t->size[TT_GLYF])
		return false;
	*off = t->off[TT_GLYF] + a;
	*len = b - a;
	return true;
}

/*
 * Step over the component record at pos of a composite glyph d[0..len)
 * (the first is at 10).  Sets *more if another record follows; returns
 * the offset after this one, or 0 if the glyph is truncated.
 */
static size_t
ttf_component(const uint8_t *d, size_t len, size_t pos, bool *more)
{
	unsigned	 flags;

	if (pos + 4 > len)
		return 0;
	flags = be16(d + pos);
	*more = (flags & 0x20) != 0;
	pos += 4;
	pos += (flags & 0x01) ? 4 : 2;
	if (flags & 0x08)
		pos += 2;
	else if (flags & 0x40)
		pos += 4;
	else if (flags & 0x80)
		pos += 8;
	return pos;
}

/*
 * Build the derived font: a subset holding the glyphs of the covered
 * code points (and their composite components) with new glyph ids, a
 * cmap with one segment per allowed[] range and a format 3 post table;
 * the hinting tables and the name table are copied.  On success *out is
 * malloc'd (caller frees).
 */
static enum app_err
ttf_derive(const struct ttf *t, const struct fontset *fs, uint8_t **out,
    size_t *outlen)
{
	uint32_t	 lo[NELEM(allowed)], hi[NELEM(allowed)];
	struct bbuf	 tab[TT__MAX], o;
	uint16_t	*newid = NULL;
	unsigned	*stack = NULL, *old = NULL, nsp = 0, nkeep = 0;
	size_t		 nseg = 0, ngia = 0, pos, k, at, headat = 0;
	unsigned	 ntab = 0, i, es, sr, g;
	uint32_t	 cp, sum, goff, glen;
	uint8_t		*b, *sub;
	bool		 more;
	enum app_err	 rc = APP_ERR_NOMEM;

	memset(tab, 0, sizeof(tab));
	memset(&o, 0, sizeof(o));
	if ((newid = calloc(t->nglyphs, sizeof(*newid))) == NULL ||
	    (stack = calloc(t->nglyphs, sizeof(*stack))) == NULL ||
	    (old = calloc(t->nglyphs, sizeof(*old))) == NULL)
		goto out;

	/* The glyphs to keep, marked with 1 in newid; then numbered. */
	newid[0] = 1;
	for (cp = 0; cp < 0x10000; cp++)
		if (fs_covered(fs, cp) && (g = ttf_glyph(t, cp)) != 0 &&
		    g < t->nglyphs && !newid[g]) {
			newid[g] = 1;
			stack[nsp++] = g;
		}
	while (nsp > 0) {
		g = stack[--nsp];
		if (!ttf_glyf_range(t, g, &goff, &glen)) {
			rc = APP_ERR_CONFIG;
			goto out;
		}
		if (glen < 10 || (int16_t)be16(t->d + goff) >= 0)
			continue;
		for (at = 10, more = true; more && at != 0; ) {
			unsigned c;

			if (at + 4 > glen)
				break;
			c = be16(t->d + goff + at + 2);
			if (c < t->nglyphs && !newid[c]) {
				newid[c] = 1;
				stack[nsp++] = c;
			}
			at = ttf_component(t->d + goff, glen, at, &more);
		}
	}
	for (g = 0; g < t->nglyphs; g++)
		if (newid[g]) {
			old[nkeep] = g;
			newid[g] = (uint16_t)nkeep++;
		}

	/* glyf, loca (long), hmtx with a full metric per glyph. */
	for (k = 0; k < nkeep; k++) {
		const uint8_t	*h = t->d + t->off[TT_HMTX];
		unsigned	 og = old[k], adv, lsb = 0;

		if ((b = bb_grow(&tab[TT_LOCA], 4)) == NULL)
			goto out;
		put32(b, (uint32_t)tab[TT_GLYF].len);
		if (!ttf_glyf_range(t, og, &goff, &glen)) {
			rc = APP_ERR_CONFIG;
			goto out;
		}
		if (glen > 0) {
			if ((b = bb_grow(&tab[TT_GLYF], (glen + 3) & ~3u)) ==
			    NULL)
				goto out;
			memcpy(b, t->d + goff, glen);
			if (glen >= 10 && (int16_t)be16(b) < 0)
				for (at = 10, more = true; more && at != 0; ) {
					unsigned c;

					if (at + 4 > glen)
						break;
					c = be16(b + at + 2);
					put16(b + at + 2, c < t->nglyphs ?
					    newid[c] : 0);
					at = ttf_component(b, glen, at, &more);
				}
		}
		adv = be16(h + 4 * (og < t->nhm ? og : t->nhm - 1));
		if (og < t->nhm)
			lsb = be16(h + 4 * og + 2);
		else if (4 * (size_t)t->nhm + 2 * (size_t)(og - t->nhm) + 2 <=
		    t->size[TT_HMTX])
			lsb = be16(h + 4 * t->nhm + 2 * (og - t->nhm));
		if ((b = bb_grow(&tab[TT_HMTX], 4)) == NULL)
			goto out;
		put16(b, adv);
		put16(b + 2, lsb);
	}
	if ((b = bb_grow(&tab[TT_LOCA], 4)) == NULL)
		goto out;
	put32(b, (uint32_t)tab[TT_GLYF].len);

	/* cmap: one segment per range, glyphs through glyphIdArray. */
	for (i = 0; i < NELEM(allowed); i++) {
		uint32_t a = allowed[i].lo, e = allowed[i].hi;

		while (a <= e && !fs_covered(fs, a))
			a++;
		while (e > a && !fs_covered(fs, e))
			e--;
		if (a > e || !fs_covered(fs, a))
			continue;
		lo[nseg] = a;
		hi[nseg] = e;
		ngia += e - a + 1;
		nseg++;
	}
	nseg++;			/* the final 0xffff segment */
	for (es = 0; (2u << es) <= nseg; es++)
		continue;
	sr = 2u << es;		/* 2 * 2^floor(log2(nseg)) */
	if (16 + 8 * nseg + 2 * ngia > 65535) {
		rc = APP_ERR_CONFIG;
		goto out;
	}
	if ((b = bb_grow(&tab[TT_CMAP], 12 + 16 + 8 * nseg + 2 * ngia)) ==
	    NULL)
		goto out;
	put16(b + 2, 1);
	put16(b + 4, 3);
	put16(b + 6, 1);
	put32(b + 8, 12);
	sub = b + 12;
	put16(sub, 4);
	put16(sub + 2, (unsigned)(16 + 8 * nseg + 2 * ngia));
	put16(sub + 6, (unsigned)(2 * nseg));
	put16(sub + 8, sr);
	put16(sub + 10, es);
	put16(sub + 12, (unsigned)(2 * nseg - sr));
	for (k = 0, pos = 0; k < nseg; k++) {
		uint8_t	*endc = sub + 14 + 2 * k;
		uint8_t	*startc = sub + 16 + 2 * nseg + 2 * k;
		uint8_t	*delta = sub + 16 + 4 * nseg + 2 * k;
		uint8_t	*ro = sub + 16 + 6 * nseg + 2 * k;

		if (k == nseg - 1) {
			put16(endc, 0xffff);
			put16(startc, 0xffff);
			put16(delta, 1);
			continue;
		}
		put16(endc, hi[k]);
		put16(startc, lo[k]);
		put16(ro, (unsigned)(2 * (nseg - k) + 2 * pos));
		for (cp = lo[k]; cp <= hi[k]; cp++, pos++)
			if (fs_covered(fs, cp))
				put16(sub + 16 + 8 * nseg + 2 * pos,
				    newid[ttf_glyph(t, cp)]);
	}

	/* Copied and patched tables. */
	for (i = 0; i < TT__MAX; i++) {
		size_t n;

		if (tab[i].len > 0 || !t->has[i])
			continue;
		n = i == TT_POST ? 32 : t->size[i];
		if ((b = bb_grow(&tab[i], n)) == NULL)
			goto out;
		memcpy(b, t->d + t->off[i], n);
	}
	put32(tab[TT_POST].b, 0x00030000);
	put32(tab[TT_HEAD].b + 8, 0);		/* checkSumAdjustment */
	put16(tab[TT_HEAD].b + 50, 1);		/* long loca */
	put16(tab[TT_HHEA].b + 34, nkeep);	/* numberOfHMetrics */
	put16(tab[TT_MAXP].b + 4, nkeep);	/* numGlyphs */

	/* The file: directory, then the tables in tag order. */
	for (i = 0; i < TT__MAX; i++)
		if (tab[i].len > 0)
			ntab++;
	for (es = 0; (2u << es) <= ntab; es++)
		continue;
	if ((b = bb_grow(&o, 12 + 16 * (size_t)ntab)) == NULL)
		goto out;
	put32(b, 0x00010000);
	put16(b + 4, ntab);
	put16(b + 6, 16u << es);
	put16(b + 8, es);
	put16(b + 10, ntab * 16 - (16u << es));
	for (i = 0, k = 0; i < TT__MAX; i++) {
		size_t	 len = tab[i].len, start;

		if (len == 0)
			continue;
		start = o.len;
		if ((b = bb_grow(&o, (len + 3) & ~(size_t)3)) == NULL)
			goto out;
		memcpy(b, tab[i].b, len);
		if (i == TT_HEAD)
			headat = start;
		b = o.b + 12 + 16 * k++;
		memcpy(b, ttab_tags[i], 4);
		put32(b + 4, tt_checksum(o.b + start, len));
		put32(b + 8, (uint32_t)start);
		put32(b + 12, (uint32_t)len);
	}
	sum = tt_checksum(o.b, o.len);
	put32(o.b + headat + 8, 0xb1b0afbau - sum);
	*out = o.b;
	*outlen = o.len;
	o.b = NULL;
	rc = APP_OK;
out:
	for (i = 0; i < TT__MAX; i++)
		free(tab[i].b);
	free(o.b);
	free(newid);
	free(stack);
	free(old);
	return rc;
}

/*
 * Put a derived font into a memfd and set fs->load[face] to a path that
 * opens it.  Returns false (and changes nothing) where that is not
 * possible, e.g. without /proc.
 */
static bool
fs_publish(struct fontset *fs, int face, const uint8_t *b, size_t len)
{
	struct stat	 st;
	char		 path[64];
	size_t		 done = 0;
	ssize_t		 w;
	int		 fd;

	if ((fd = memfd_create("rise-pdf-font", MFD_CLOEXEC)) == -1)
		return false;
	while (done < len) {
		if ((w = write(fd, b + done, len - done)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			close(fd);
			return false;
		}
		done += (size_t)w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (fstat(fd, &st) == -1 || access(path, R_OK) == -1 ||
	    (fs->load[face] = strdup(path)) == NULL) {
		close(fd);
		return false;
	}
	fs->fd[face] = fd;
	fs->dev[face] = st.st_dev;
	fs->ino[face] = st.st_ino;
	return true;
}

/*
 * The path libharu should open for a face: the derived font, unless its
 * descriptor was closed or reused behind our back (a daemon closing
 * inherited descriptors), then the original file.  Never NULL.
 */
static const char *
fs_load_path(const struct fontset *fs, int face)
{
	struct stat	 st;

	if (fs->fd[face] == -1)
		return fs->load[face];
	if (fstat(fs->fd[face], &st) == -1 || st.st_dev != fs->dev[face] ||
	    st.st_ino != fs->ino[face])
		return fs->path[face];
	return fs->load[face];
}

/*
 * The ToUnicode CMap of our fonts: CIDs are BMP code points, so the map
 * is the identity over the covered code points.  libharu 2.3.0 writes
 * its UTF-8 byte CMap there instead, which is not a valid ToUnicode map
 * (readers fall back on guessing).  Sets fs->tounicode (malloc'd).
 */
static enum app_err
fs_tounicode(struct fontset *fs)
{
	static const char	 head[] =
	    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
	    "endcodespacerange\n";
	static const char	 tail[] = "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\nend\nend\n";
	char			*b;
	size_t			 cap, len, nr = 0, left, k;
	uint32_t		 cp, end;

	/* Ranges of covered code points within a 256 row (a rule). */
	for (cp = 0; cp < 0x10000; cp++) {
		if (!fs_covered(fs, cp))
			continue;
		for (end = cp; (end + 1) % 256 != 0 && fs_covered(fs, end + 1);
		    end++)
			continue;
		nr++;
		cp = end;
	}
	/* At most 100 ranges per block. */
	cap = sizeof(head) + sizeof(tail) + 21 * nr + 32 * (nr / 100 + 1);
	if ((b = malloc(cap)) == NULL)
		return APP_ERR_NOMEM;
	len = (size_t)snprintf(b, cap, "%s", head);
	left = nr;
	for (cp = 0, k = 0; cp < 0x10000; cp++) {
		if (!fs_covered(fs, cp))
			continue;
		for (end = cp; (end + 1) % 256 != 0 && fs_covered(fs, end + 1);
		    end++)
			continue;
		if (k == 0)
			len += (size_t)snprintf(b + len, cap - len,
			    "%zu beginbfrange\n", left < 100 ? left : 100);
		len += (size_t)snprintf(b + len, cap - len,
		    "<%04X> <%04X> <%04X>\n", (unsigned)cp, (unsigned)end,
		    (unsigned)cp);
		left--;
		if (++k == 100 || left == 0) {
			len += (size_t)snprintf(b + len, cap - len,
			    "endbfrange\n");
			k = 0;
		}
		cp = end;
	}
	len += (size_t)snprintf(b + len, cap - len, "%s", tail);
	fs->tounicode = b;
	fs->tulen = len;
	return APP_OK;
}

/* Release a fontset and close its memfds.  Accepts NULL. */
static void
fs_free(struct fontset *fs)
{
	int	 f, i;

	if (fs == NULL)
		return;
	for (f = 0; f < FACE__MAX; f++) {
		free(fs->path[f]);
		free(fs->load[f]);
		if (fs->fd[f] != -1)
			close(fs->fd[f]);
		for (i = 0; i < 256; i++)
			free(fs->width[f][i]);
	}
	free(fs->tounicode);
	free(fs);
}

/*
 * Build the font data for a pair of font files.  On success *out is a
 * new fontset (the caller links it into the cache).
 */
static enum app_err
fs_build(const char *reg, const char *bold, struct fontset **out)
{
	struct ttf	 t[FACE__MAX];
	struct fontset	*fs;
	uint8_t		*derived = NULL;
	size_t		 dlen, i;
	uint32_t	 cp;
	unsigned	 g[FACE__MAX];
	int		 f;
	enum app_err	 rc;

	memset(t, 0, sizeof(t));
	if ((fs = calloc(1, sizeof(*fs))) == NULL)
		return APP_ERR_NOMEM;
	fs->fd[0] = fs->fd[1] = -1;
	if ((fs->path[0] = strdup(reg)) == NULL ||
	    (fs->path[1] = strdup(bold)) == NULL) {
		rc = APP_ERR_NOMEM;
		goto out;
	}
	for (f = 0; f < FACE__MAX; f++)
		if ((rc = ttf_load(&t[f], fs->path[f])) != APP_OK ||
		    (rc = ttf_parse(&t[f])) != APP_OK)
			goto out;

	/* Covered: allowed, and a glyph in both faces. */
	for (i = 0; i < NELEM(allowed); i++)
		for (cp = allowed[i].lo; cp <= allowed[i].hi; cp++) {
			for (f = 0; f < FACE__MAX; f++) {
				g[f] = ttf_glyph(&t[f], cp);
				if (g[f] == 0 || g[f] >= t[f].nglyphs)
					break;
			}
			if (f < FACE__MAX)
				continue;
			fs->cover[cp >> 3] |= (uint8_t)(1u << (cp & 7));
			for (f = 0; f < FACE__MAX; f++) {
				uint16_t **pg = &fs->width[f][cp >> 8];

				if (*pg == NULL &&
				    (*pg = calloc(256, sizeof(**pg))) == NULL) {
					rc = APP_ERR_NOMEM;
					goto out;
				}
				(*pg)[cp & 0xff] = ttf_advance(&t[f], g[f]);
			}
		}
	if (!fs_covered(fs, ' ') || !fs_covered(fs, '?')) {
		rc = APP_ERR_CONFIG;
		goto out;
	}
	fs->repl = fs_covered(fs, 0xfffd) ? 0xfffd : '?';
	if ((rc = fs_tounicode(fs)) != APP_OK)
		goto out;

	for (f = 0; f < FACE__MAX; f++) {
		rc = ttf_derive(&t[f], fs, &derived, &dlen);
		if (rc == APP_ERR_NOMEM)
			goto out;
		if (rc != APP_OK || !fs_publish(fs, f, derived, dlen)) {
			/* Slow path: libharu reads the original file. */
			if ((fs->load[f] = strdup(fs->path[f])) == NULL) {
				rc = APP_ERR_NOMEM;
				goto out;
			}
		}
		free(derived);
		derived = NULL;
	}
	*out = fs;
	fs = NULL;
	rc = APP_OK;
out:
	free(derived);
	for (f = 0; f < FACE__MAX; f++)
		ttf_free(&t[f]);
	fs_free(fs);
	return rc;
}

/*
 * The fontset for a pair of paths, built on first use.  The result lives
 * until pdf_cache_free().
 */
static enum app_err
fs_get(const char *reg, const char *bold, const struct fontset **out)
{
	struct fontset	*fs;
	enum app_err	 rc = APP_OK;

	pthread_mutex_lock(&fs_lock);
	for (fs = fs_head; fs != NULL; fs = fs->next)
		if (strcmp(fs->path[0], reg) == 0 &&
		    strcmp(fs->path[1], bold) == 0)
			break;
	if (fs == NULL && (rc = fs_build(reg, bold, &fs)) == APP_OK) {
		fs->next = fs_head;
		fs_head = fs;
	}
	pthread_mutex_unlock(&fs_lock);
	if (rc == APP_OK)
		*out = fs;
	return rc;
}

/* Free every fontset; no document may be open.  See pdf.h. */
void
pdf_cache_free(void)
{
	struct fontset	*fs;

	pthread_mutex_lock(&fs_lock);
	while ((fs = fs_head) != NULL) {
		fs_head = fs->next;
		fs_free(fs);
	}
	pthread_mutex_unlock(&fs_lock);
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */
/* ------------------------------------------------------------------ */

/* Per-glyph attributes: the weight in bit 0, a colour slot above it. */
#define A_BOLD		0x01u
#define A_COLOR(a)	((unsigned)(a) >> 1)
#define A_MK(bold, col)	((uint8_t)(((col) << 1) | ((bold) ? 1u : 0u)))

enum slot {
	SLOT_BLOCK = 0,		/* the colour the block is drawn in */
	SLOT_BRAND,
	SLOT_ACCENT,
	SLOT_MUTED,
	SLOT_WHITE,
	SLOT__MAX
};

static const uint32_t slot_rgb[SLOT__MAX] = {
	PDF_INK, PDF_BRAND, 0x9a5410 /* darker amber for text */,
	PDF_MUTED, 0xffffff
};

struct line {
	size_t		 start;
	size_t		 end;
	double		 width;		/* points */
};

/* A block of text: glyphs, then lines once laid out. */
struct tbox {
	uint32_t	*cp;
	uint8_t		*at;
	size_t		 n;
	size_t		 cap;
	struct line	*lines;
	size_t		 nlines;
	size_t		 lcap;
	double		 size;		/* font size */
	double		 lead;		/* line height */
};

/* Empty a tbox for new text of a size and a line height factor. */
static void
tb_reset(struct tbox *tb, double size, double lead)
{
	tb->n = 0;
	tb->nlines = 0;
	tb->size = size;
	tb->lead = size * lead;
}

/* Release a tbox's arrays (the struct itself is the caller's). */
static void
tb_release(struct tbox *tb)
{
	free(tb->cp);
	free(tb->at);
	free(tb->lines);
	memset(tb, 0, sizeof(*tb));
}

/* Append a glyph; returns APP_ERR_NOMEM if the arrays cannot grow. */
static enum app_err
tb_push(struct tbox *tb, uint32_t cp, uint8_t at)
{
	if (tb->n == tb->cap) {
		size_t	 ncap = tb->cap ? tb->cap * 2 : 256;
		void	*a, *b;

		if ((a = realloc(tb->cp, ncap * sizeof(*tb->cp))) == NULL)
			return APP_ERR_NOMEM;
		tb->cp = a;
		if ((b = realloc(tb->at, ncap)) == NULL)
			return APP_ERR_NOMEM;
		tb->at = b;
		tb->cap = ncap;
	}
	tb->cp[tb->n] = cp;
	tb->at[tb->n++] = at;
	return APP_OK;
}

/*
 * Decode one code point of UTF-8 at s (not at its NUL).  Returns the
 * number of bytes used and sets *cp, which is U+FFFD for an invalid or
 * truncated sequence (the maximal invalid subpart is consumed, as the
 * WHATWG decoder does).
 */
static size_t
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned	 c = s[0], need, lo = 0x80, hi = 0xbf;
	uint32_t	 v;
	size_t		 i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (s[i] < lo || s[i] > hi) {
			*cp = 0xfffd;
			return i;
		}
		v = v << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return need + 1;
}

/* What to do with a code point: see pdf.h for the rules. */
#define CP_DROP		0xffffffffu
#define CP_BREAK	'\n'

/*
 * Map a decoded code point: CP_BREAK for line breaks, CP_DROP for
 * invisible format characters, itself if we render it (any BMP text for
 * the document information when fs is NULL), else the replacement.
 */
static uint32_t
cp_map(const struct fontset *fs, uint32_t cp)
{
	if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
		return CP_BREAK;
	if (cp == '\t')
		return ' ';
	if (cp == 0xad || cp == 0xfeff || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f))
		return CP_DROP;	/* invisible format characters */
	if (fs != NULL && fs_covered(fs, cp))
		return cp;
	if (fs == NULL && cp >= 0x20 && (cp < 0x7f || cp > 0x9f) &&
	    cp < 0x10000 && (cp < 0xd800 || cp > 0xdfff))
		return cp;	/* metadata: any BMP character */
	return fs != NULL ? fs->repl : 0xfffd;
}

/*
 * Append text to tb with attribute at, sanitized for fs (or for the
 * document information when fs is NULL).  Line breaks become spaces if
 * !breaks.
 */
static enum app_err
tb_utf8(struct tbox *tb, const struct fontset *fs, const char *text,
    uint8_t at, bool breaks)
{
	const unsigned char	*s = (const unsigned char *)text;
	uint32_t		 cp;
	enum app_err		 rc;

	if (s == NULL)
		return APP_OK;
	while (*s != '\0') {
		if (*s == '\r') {
			s += s[1] == '\n' ? 2 : 1;
			cp = '\n';
		} else
			s += utf8_decode(s, &cp);
		if ((cp = cp_map(fs, cp)) == CP_DROP)
			continue;
		if (cp == CP_BREAK && !breaks)
			cp = ' ';
		if ((rc = tb_push(tb, cp, at)) != APP_OK)
			return rc;
	}
	return APP_OK;
}

/* Width of glyph i of tb in points. */
static double
tb_gw(const struct fontset *fs, const struct tbox *tb, size_t i)
{
	if (tb->cp[i] == '\n')
		return 0;
	return fs_width(fs, tb->at[i] & A_BOLD, tb->cp[i]) * tb->size /
	    1000.0;
}

/*
 * Add the line of glyphs [s, e) less trailing spaces, with its width.
 * Returns APP_ERR_NOMEM if the line array cannot grow.
 */
static enum app_err
tb_emit(const struct fontset *fs, struct tbox *tb, size_t s, size_t e)
{
	struct line	*l;
	size_t		 i;

	while (e > s && tb->cp[e - 1] == ' ')
		e--;
	if (tb->nlines == tb->lcap) {
		size_t	 ncap = tb->lcap ? tb->lcap * 2 : 16;
		void	*a;

		if ((a = realloc(tb->lines, ncap * sizeof(*l))) == NULL)
			return APP_ERR_NOMEM;
		tb->lines = a;
		tb->lcap = ncap;
	}
	l = &tb->lines[tb->nlines++];
	l->start = s;
	l->end = e;
	l->width = 0;
	for (i = s; i < e; i++)
		l->width += tb_gw(fs, tb, i);
	return APP_OK;
}

/* Characters after which a line may break inside a word. */
static bool
is_break_after(uint32_t c)
{
	return c == '-' || c == '/' || c == 0x2010 || c == 0x2013 ||
	    c == 0x2014;
}

/*
 * Wrap tb into lines no wider than maxw: break at spaces, after hyphens
 * and slashes, and inside a word only when the word alone is too long.
 * "\n" forces a break.  Empty text gives no lines.
 */
static enum app_err
tb_layout(const struct fontset *fs, struct tbox *tb, double maxw)
{
	size_t		 i = 0, j, s, brk, nxt;
	double		 x, w;
	enum app_err	 rc;

	tb->nlines = 0;
	while (i < tb->n) {
		s = j = i;
		brk = nxt = SIZE_MAX;
		x = 0;
		for (;;) {
			if (j == tb->n || tb->cp[j] == '\n') {
				if ((rc = tb_emit(fs, tb, s, j)) != APP_OK)
					return rc;
				i = j + 1;
				break;
			}
			w = tb_gw(fs, tb, j);
			if (tb->cp[j] == ' ') {
				brk = j;
				nxt = j + 1;
				x += w;
				j++;
				continue;
			}
			if (x + w > maxw + 0.001 && j > s) {
				if (brk != SIZE_MAX) {
					rc = tb_emit(fs, tb, s, brk);
					i = nxt;
				} else {
					rc = tb_emit(fs, tb, s, j);
					i = j;
				}
				if (rc != APP_OK)
					return rc;
				while (i < tb->n && tb->cp[i] == ' ')
					i++;
				break;
			}
			x += w;
			j++;
			if (is_break_after(tb->cp[j - 1]) && j < tb->n &&
			    tb->cp[j] != ' ' && tb->cp[j] != '\n' &&
			    j - s > 1 && tb->cp[j - 2] != ' ') {
				brk = nxt = j;
			}
		}
	}
	return APP_OK;
}

/* The widest line of a laid-out tbox. */
static double
tb_maxwidth(const struct tbox *tb)
{
	double	 w = 0;
	size_t	 i;

	for (i = 0; i < tb->nlines; i++)
		if (tb->lines[i].width > w)
			w = tb->lines[i].width;
	return w;
}

/* ------------------------------------------------------------------ */
/* The document                                                         */
/* ------------------------------------------------------------------ */

#define MAXCOLS		16
#define BODY_SIZE	10.0
#define BODY_LEAD	1.45
#define SMALL_LEAD	1.35

struct pdf {
	HPDF_Doc		 doc;
	HPDF_Font		 font[FACE__MAX];
	const struct fontset	*fs;
	enum app_err		 err;		/* sticky */
	HPDF_STATUS		 hpdf_err;
	HPDF_STATUS		 hpdf_detail;
	bool			 finished;

	HPDF_Page		*pages;
	size_t			 npages;
	size_t			 pagecap;
	HPDF_Page		 page;
	double			 pw, ph;	/* page size */
	double			 left, right;	/* content box */
	double			 top, bottom;
	double			 mt, mb;	/* margins */
	double			 y;		/* cursor: top of free space */
	bool			 at_top;	/* nothing on this page yet */

	char			*hdr_left, *hdr_right, *ftr_left;
	char			*page_word, *of_word;
	bool			 cover, numbers;

	struct tbox		 pend[3];	/* headings waiting for */
	int			 pend_level[3];	/* the block they head */
	size_t			 npend;
	struct tbox		 tb[MAXCOLS];	/* scratch, reused */
	struct tbox		 aux;		/* scratch: labels, keys */
	char			*ubuf;		/* UTF-8 out, reused */
	size_t			 ucap;

	bool			 in_table;
	size_t			 ncols;
	enum pdf_align		 calign[MAXCOLS];
	double			 colx[MAXCOLS + 1];
	struct tbox		 hdr[MAXCOLS];	/* laid-out titles */
	double			 hdr_h;
	size_t			 hdr_page;	/* page+1 with the header */
	size_t			 rowno;
};

/* libharu's error handler: record the first error, never jump. */
static void
pdf_on_error(HPDF_STATUS err, HPDF_STATUS detail, void *arg)
{
	struct pdf	*p = arg;

	if (p == NULL || p->hpdf_err != 0)
		return;
	p->hpdf_err = err;
	p->hpdf_detail = detail;
	if (p->err == APP_OK)
		p->err = err == HPDF_FAILD_TO_ALLOC_MEM ? APP_ERR_NOMEM :
		    APP_ERR_IO;
}

/* Record a failed libharu status (the handler usually did already). */
static void
hp(struct pdf *p, HPDF_STATUS s)
{
	if (s != HPDF_OK && p->err == APP_OK)
		p->err = s == HPDF_FAILD_TO_ALLOC_MEM ? APP_ERR_NOMEM :
		    APP_ERR_IO;
}

/* Record an error of ours; returns the sticky error. */
static enum app_err
fail(struct pdf *p, enum app_err e)
{
	if (p->err == APP_OK)
		p->err = e;
	return p->err;
}

/* Colour helpers: 0xRRGGBB to libharu's components, fill and stroke. */
static void
rgb_split(uint32_t rgb, HPDF_REAL *r, HPDF_REAL *g, HPDF_REAL *b)
{
	*r = (HPDF_REAL)((rgb >> 16) & 0xff) / 255.0f;
	*g = (HPDF_REAL)((rgb >> 8) & 0xff) / 255.0f;
	*b = (HPDF_REAL)(rgb & 0xff) / 255.0f;
}

/* Set the fill colour of the current page. */
static void
fill_rgb(struct pdf *p, uint32_t rgb)
{
	HPDF_REAL	 r, g, b;

	rgb_split(rgb, &r, &g, &b);
	hp(p, HPDF_Page_SetRGBFill(p->page, r, g, b));
}

/* Set the stroke colour of the current page. */
static void
stroke_rgb(struct pdf *p, uint32_t rgb)
{
	HPDF_REAL	 r, g, b;

	rgb_split(rgb, &r, &g, &b);
	hp(p, HPDF_Page_SetRGBStroke(p->page, r, g, b));
}

/* A filled rectangle; y is the bottom edge. */
static void
draw_rect(struct pdf *p, double x, double y, double w, double h,
    uint32_t rgb)
{
	if (p->err != APP_OK || w <= 0 || h <= 0)
		return;
	fill_rgb(p, rgb);
	hp(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y,
	    (HPDF_REAL)w, (HPDF_REAL)h));
	hp(p, HPDF_Page_Fill(p->page));
}

/* A horizontal line of the given width and colour at y. */
static void
draw_hline(struct pdf *p, double x0, double x1, double y, double width,
    uint32_t rgb)
{
	if (p->err != APP_OK)
		return;
	stroke_rgb(p, rgb);
	hp(p, HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)width));
	hp(p, HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)y));
	hp(p, HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y));
	hp(p, HPDF_Page_Stroke(p->page));
}

/* Encode glyphs [s, e) of tb as UTF-8 into p->ubuf. */
static const char *
utf8_run(struct pdf *p, const struct tbox *tb, size_t s, size_t e)
{
	size_t	 need = 3 * (e - s) + 1, o = 0, i;

	if (need > p->ucap) {
		char	*nb;

		if ((nb = realloc(p->ubuf, need)) == NULL) {
			fail(p, APP_ERR_NOMEM);
			return NULL;
		}
		p->ubuf = nb;
		p->ucap = need;
	}
	for (i = s; i < e; i++) {
		uint32_t c = tb->cp[i];

		if (c < 0x80)
			p->ubuf[o++] = (char)c;
		else if (c < 0x800) {
			p->ubuf[o++] = (char)(0xc0 | c >> 6);
			p->ubuf[o++] = (char)(0x80 | (c & 0x3f));
		} else {
			p->ubuf[o++] = (char)(0xe0 | c >> 12);
			p->ubuf[o++] = (char)(0x80 | ((c >> 6) & 0x3f));
			p->ubuf[o++] = (char)(0x80 | (c & 0x3f));
		}
	}
	p->ubuf[o] = '\0';
	return p->ubuf;
}

/* The baseline of a line whose box starts at top, for a tbox. */
static double
baseline(const struct tbox *tb, double top)
{
	/* DejaVu: ascent 0.928, descent 0.236 of the size. */
	return top - (tb->lead - tb->size * 1.164) / 2 - tb->size * 0.928;
}

/*
 * Draw lines [l0, l1) of tb, the first line box starting at top, inside
 * [x, x + width) with the given alignment; SLOT_BLOCK glyphs in rgb.
 */
static void
tb_draw(struct pdf *p, const struct tbox *tb, size_t l0, size_t l1,
    double x, double top, double width, enum pdf_align align, uint32_t rgb)
{
	size_t		 li, i, s;
	int		 face = -1;
	unsigned	 col = SLOT__MAX;
	const char	*str;
	bool		 begun = false;

	for (li = l0; li < l1 && p->err == APP_OK; li++) {
		const struct line *l = &tb->lines[li];
		double	 lx = x, by = baseline(tb, top - tb->lead *
		    (double)(li - l0));

		if (l->start == l->end)
			continue;
		if (align == PDF_ALIGN_CENTER)
			lx += (width - l->width) / 2;
		else if (align == PDF_ALIGN_RIGHT)
			lx += width - l->width;
		if (!begun) {
			hp(p, HPDF_Page_BeginText(p->page));
			begun = true;
		}
		for (i = s = l->start; i < l->end && p->err == APP_OK; i = s) {
			int		 f = tb->at[s] & A_BOLD;
			unsigned	 c = A_COLOR(tb->at[s]);

			while (i < l->end && tb->at[i] == tb->at[s])
				i++;
			if (f != face) {
				hp(p, HPDF_Page_SetFontAndSize(p->page,
				    p->font[f], (HPDF_REAL)tb->size));
				face = f;
			}
			if (c != col) {
				fill_rgb(p, c == SLOT_BLOCK || c >= SLOT__MAX ?
				    rgb : slot_rgb[c]);
				col = c;
			}
			if ((str = utf8_run(p, tb, s, i)) == NULL)
				break;
			if (s == l->start)
				hp(p, HPDF_Page_TextOut(p->page, (HPDF_REAL)lx,
				    (HPDF_REAL)by, str));
			else
				hp(p, HPDF_Page_ShowText(p->page, str));
			s = i;
		}
	}
	if (begun)
		hp(p, HPDF_Page_EndText(p->page));
}

/*
 * Add a page (the document keeps it) and put the cursor at its top.
 * Returns the sticky error.
 */
static enum app_err
new_page(struct pdf *p)
{
	HPDF_Page	 pg;

	if (p->err != APP_OK)
		return p->err;
	if (p->npages == p->pagecap) {
		size_t	 ncap = p->pagecap ? p->pagecap * 2 : 16;
		void	*a;

		if ((a = realloc(p->pages, ncap * sizeof(*p->pages))) == NULL)
			return fail(p, APP_ERR_NOMEM);
		p->pages = a;
		p->pagecap = ncap;
	}
	if ((pg = HPDF_AddPage(p->doc)) == NULL)
		return fail(p, APP_ERR_IO);
	hp(p, HPDF_Page_SetWidth(pg, (HPDF_REAL)p->pw));
	hp(p, HPDF_Page_SetHeight(pg, (HPDF_REAL)p->ph));
	p->pages[p->npages++] = pg;
	p->page = pg;
	p->y = p->top;
	p->at_top = true;
	return p->err;
}

/* Start a new page unless h points fit (or the page is still empty). */
static enum app_err
need(struct pdf *p, double h)
{
	if (p->err != APP_OK)
		return p->err;
	if (p->y - h < p->bottom - 0.01 && !p->at_top)
		return new_page(p);
	return APP_OK;
}

/* Space before a block, dropped at the top of a page. */
static void
gap(struct pdf *p, double h)
{
	if (!p->at_top)
		p->y -= h;
}

static void table_close(struct pdf *);
static void table_header(struct pdf *);

/* Common entry of every block: errors, state, an open table. */
static enum app_err
block_start(struct pdf *p)
{
	if (p == NULL)
		return APP_ERR_INVALID;
	if (p->finished)
		return APP_ERR_INVALID;
	if (p->err != APP_OK)
		return p->err;
	if (p->in_table)
		table_close(p);
	return APP_OK;
}

/*
 * Draw the lines of tb at x with the given width, page by page: as many
 * lines as fit on each page, one BT/ET per page.  Advances the cursor.
 */
static enum app_err
flow(struct pdf *p, const struct tbox *tb, double x, double width,
    enum pdf_align align, uint32_t rgb)
{
	size_t	 i = 0, k;

	while (i < tb->nlines && p->err == APP_OK) {
		k = (size_t)((p->y - p->bottom + 0.01) / tb->lead);
		if (k == 0) {
			if (p->at_top)
				k = 1;	/* a page smaller than a line */
			else {
				new_page(p);
				continue;
			}
		}
		if (k > tb->nlines - i)
			k = tb->nlines - i;
		tb_draw(p, tb, i, i + k, x, p->y, width, align, rgb);
		p->y -= tb->lead * (double)k;
		p->at_top = false;
		i += k;
	}
	return p->err;
}

/* A style colour (PDF_RGB) or, when unset, the default. */
static uint32_t
color_or(uint32_t c, uint32_t def)
{
	return (c & 0x1000000u) ? (c & 0xffffffu) : def;
}

/*
 * Open a document: fonts (the process-wide fontset, built on first use),
 * libharu in UTF-8 mode, the information dictionary and page 1.  On
 * success the caller owns *out (pdf_free()).
 */
enum app_err
pdf_open(struct pdf **out, const struct pdf_opts *o)
{
	static const struct pdf_opts	 defaults;
	struct pdf			*p = NULL;
	const char			*name;
	struct tbox			 tb;
	HPDF_Date			 date;
	struct tm			 tm;
	time_t				 now;
	enum app_err			 rc;
	int				 f;
	const char	*info[4];
	const HPDF_InfoType types[4] = { HPDF_INFO_TITLE, HPDF_INFO_AUTHOR,
	    HPDF_INFO_SUBJECT, HPDF_INFO_CREATOR };
	size_t		 i;

	if (out == NULL)
		return APP_ERR_INVALID;
	*out = NULL;
	if (o == NULL)
		o = &defaults;
	if ((unsigned)o->paper >= PDF_PAPER__MAX)
		return APP_ERR_INVALID;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return APP_ERR_NOMEM;
	memset(&tb, 0, sizeof(tb));

	rc = fs_get(o->font_regular ? o->font_regular : PDF_FONT_REGULAR,
	    o->font_bold ? o->font_bold : PDF_FONT_BOLD, &p->fs);
	if (rc != APP_OK)
		goto out;

	if (o->paper == PDF_PAPER_LETTER) {
		p->pw = 612;
		p->ph = 792;
	} else {
		p->pw = 595.276;
		p->ph = 841.89;
	}
	p->mt = o->margin_top > 0 ? o->margin_top : 70;
	p->mb = o->margin_bottom > 0 ? o->margin_bottom : 64;
	p->left = o->margin_left > 0 ? o->margin_left : 56.7;
	p->right = p->pw - (o->margin_right > 0 ? o->margin_right : 56.7);
	p->top = p->ph - p->mt;
	p->bottom = p->mb;
	if (p->right - p->left < 72 || p->top - p->bottom < 72) {
		rc = APP_ERR_INVALID;
		goto out;
	}
	p->cover = o->cover;
	p->numbers = !o->no_page_numbers;
	rc = APP_ERR_NOMEM;
	if ((o->header_left && (p->hdr_left = strdup(o->header_left)) ==
	    NULL) ||
	    (o->header_right && (p->hdr_right = strdup(o->header_right)) ==
	    NULL) ||
	    (o->footer_left && (p->ftr_left = strdup(o->footer_left)) ==
	    NULL) ||
	    (p->page_word = strdup(o->page_word ? o->page_word : "Page")) ==
	    NULL ||
	    (p->of_word = strdup(o->of_word ? o->of_word : "of")) == NULL)
		goto out;

	if ((p->doc = HPDF_New(pdf_on_error, p)) == NULL)
		goto out;
	rc = APP_ERR_IO;
	if (!o->no_compress)
		hp(p, HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL));
	hp(p, HPDF_UseUTFEncodings(p->doc));
	hp(p, HPDF_SetCurrentEncoder(p->doc, "UTF-8"));
	for (f = 0; f < FACE__MAX && p->err == APP_OK; f++) {
		HPDF_Dict	 tu;

		name = HPDF_LoadTTFontFromFile(p->doc, fs_load_path(p->fs, f),
		    HPDF_TRUE);
		if (name == NULL ||
		    (p->font[f] = HPDF_GetFont(p->doc, name, "UTF-8")) ==
		    NULL) {
			fail(p, APP_ERR_IO);
			break;
		}
		/*
		 * Replace libharu's invalid ToUnicode CMap by ours.  Reaches
		 * into libharu 2.3.0's objects; skipped if they differ.
		 */
		tu = HPDF_Dict_GetItem((HPDF_Dict)p->font[f], "ToUnicode",
		    HPDF_OCLASS_DICT);
		if (tu != NULL && tu->stream != NULL &&
		    tu->stream->type == HPDF_STREAM_MEMORY) {
			HPDF_MemStream_FreeData(tu->stream);
			hp(p, HPDF_Stream_Write(tu->stream,
			    (const HPDF_BYTE *)p->fs->tounicode,
			    (HPDF_UINT)p->fs->tulen));
			HPDF_Dict_RemoveElement(tu, "CMapName");
			HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
			HPDF_Dict_RemoveElement(tu, "WMode");
			HPDF_Dict_RemoveElement(tu, "Type");
		}
	}

	/* Document information: any BMP text (no font involved). */
	info[0] = o->title;
	info[1] = o->author;
	info[2] = o->subject;
	info[3] = o->creator ? o->creator : "RISE Suite";
	for (i = 0; i < NELEM(info) && p->err == APP_OK; i++) {
		if (info[i] == NULL)
			continue;
		tb_reset(&tb, 1, 1);
		if (tb_utf8(&tb, NULL, info[i], 0, false) != APP_OK) {
			fail(p, APP_ERR_NOMEM);
			break;
		}
		if (tb.n == 0)
			continue;
		if (utf8_run(p, &tb, 0, tb.n) != NULL)
			hp(p, HPDF_SetInfoAttr(p->doc, types[i], p->ubuf));
	}
	now = time(NULL);
	if (p->err == APP_OK && gmtime_r(&now, &tm) != NULL) {
		memset(&date, 0, sizeof(date));
		date.year = tm.tm_year + 1900;
		date.month = tm.tm_mon + 1;
		date.day = tm.tm_mday;
		date.hour = tm.tm_hour;
		date.minutes = tm.tm_min;
		date.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
		date.ind = 'Z';
		hp(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE,
		    date));
	}
	if (p->err == APP_OK)
		new_page(p);
	if (p->err != APP_OK) {
		rc = p->err;
		goto out;
	}
	*out = p;
	p = NULL;
	rc = APP_OK;
out:
	tb_release(&tb);
	pdf_free(p);
	return rc;
}

/* Release the document, libharu's included.  Accepts NULL. */
void
pdf_free(struct pdf *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	for (i = 0; i < NELEM(p->pend); i++)
		tb_release(&p->pend[i]);
	for (i = 0; i < MAXCOLS; i++) {
		tb_release(&p->tb[i]);
		tb_release(&p->hdr[i]);
	}
	tb_release(&p->aux);
	free(p->ubuf);
	free(p->pages);
	free(p->hdr_left);
	free(p->hdr_right);
	free(p->ftr_left);
	free(p->page_word);
	free(p->of_word);
	free(p);
}

/* Pages so far; 0 for NULL. */
size_t
pdf_page_count(const struct pdf *p)
{
	return p == NULL ? 0 : p->npages;
}

/* Width between the side margins; 0 for NULL. */
double
pdf_content_width(const struct pdf *p)
{
	return p == NULL ? 0 : p->right - p->left;
}

/* Width of one line of sanitized text in the default fonts, or -1. */
double
pdf_text_width(const char *text, double size, bool bold)
{
	const struct fontset	*fs;
	struct tbox		 tb;
	double			 w = 0;
	size_t			 i;

	if (fs_get(PDF_FONT_REGULAR, PDF_FONT_BOLD, &fs) != APP_OK)
		return -1;
	memset(&tb, 0, sizeof(tb));
	tb_reset(&tb, size, 1);
	if (tb_utf8(&tb, fs, text, A_MK(bold, SLOT_BLOCK), false) != APP_OK)
		w = -1;
	for (i = 0; i < tb.n && w >= 0; i++)
		w += tb_gw(fs, &tb, i);
	tb_release(&tb);
	return w;
}

/*
 * The text as the document would show it, in a malloc'd string that the
 * caller frees; NULL if out of memory or the fonts cannot be read.
 */
char *
pdf_sanitize(const char *text)
{
	const struct fontset	*fs;
	struct tbox		 tb;
	struct pdf		 fake;
	char			*s = NULL;

	if (fs_get(PDF_FONT_REGULAR, PDF_FONT_BOLD, &fs) != APP_OK)
		return NULL;
	memset(&tb, 0, sizeof(tb));
	memset(&fake, 0, sizeof(fake));
	if (tb_utf8(&tb, fs, text ? text : "", 0, true) == APP_OK &&
	    utf8_run(&fake, &tb, 0, tb.n) != NULL)
		s = fake.ubuf;
	else
		free(fake.ubuf);
	tb_release(&tb);
	if (s == NULL)
		s = strdup("");
	return s;
}

/* ------------------------------------------------------------------ */
/* Blocks                                                               */
/* ------------------------------------------------------------------ */

/* Lay out one string as a tbox of the given size and attributes. */
static enum app_err
lay(struct pdf *p, struct tbox *tb, const char *text, double size,
    double lead, uint8_t at, double width)
{
	enum app_err	 rc;

	tb_reset(tb, size, lead);
	if ((rc = tb_utf8(tb, p->fs, text, at, true)) != APP_OK ||
	    (rc = tb_layout(p->fs, tb, width)) != APP_OK)
		return fail(p, rc);
	return APP_OK;
}

/* A cell of a row: a laid-out tbox and where its text goes. */
struct cell {
	const struct tbox	*tb;
	double			 x, w;
	double			 dy;		/* baseline shift */
	enum pdf_align		 align;
	uint32_t		 rgb;
};

/*
 * Draw a row of n cells that share one line height, with pady above and
 * below the text, at the cursor, then a hairline under it (and above it
 * if rule_above).  bg is the background (0: none); bar marks the row with
 * the accent at its left edge.  A row that does not fit (with keep more
 * points) goes to the next page, where an open table repeats its header;
 * a row taller than a page is split between lines, which is the only way
 * to keep all of its text.
 */
static void
row_draw(struct pdf *p, const struct cell *c, size_t n, double lead,
    double pady, uint32_t bg, bool bar, double keep, bool rule_above)
{
	size_t	 i, maxl = 1, l0 = 0, l1, k;
	double	 rowh, avail, h, cap;
	bool	 fresh = false;

	for (i = 0; i < n; i++)
		if (c[i].tb->nlines > maxl)
			maxl = c[i].tb->nlines;
	rowh = lead * (double)maxl + 2 * pady;
	cap = p->top - p->bottom - (p->in_table ? p->hdr_h : 0);
	avail = p->y - p->bottom;
	if (!p->at_top && rowh + keep > avail + 0.01 &&
	    (rowh <= cap || avail < 2 * pady + 3 * lead)) {
		new_page(p);
		if (p->in_table)
			table_header(p);
		fresh = true;
	}
	while (l0 < maxl && p->err == APP_OK) {
		avail = p->y - p->bottom - 2 * pady;
		k = avail > 0 ? (size_t)((avail + 0.01) / lead) : 0;
		if (k == 0 && !fresh && !p->at_top) {
			new_page(p);
			if (p->in_table)
				table_header(p);
			fresh = true;
			continue;
		}
		if (k == 0)
			k = 1;		/* a page too small for one line */
		l1 = l0 + k < maxl ? l0 + k : maxl;
		h = lead * (double)(l1 - l0) + 2 * pady;
		if (rule_above && l0 == 0)
			draw_hline(p, p->left, p->right, p->y, 0.5, 0xd5dbe0);
		if (bg != 0)
			draw_rect(p, p->left, p->y - h, p->right - p->left, h,
			    bg);
		if (bar)
			draw_rect(p, p->left, p->y - h, 2.5, h, PDF_ACCENT);
		for (i = 0; i < n; i++) {
			size_t	 e = l1 < c[i].tb->nlines ? l1 :
			    c[i].tb->nlines;

			if (l0 < e)
				tb_draw(p, c[i].tb, l0, e, c[i].x,
				    p->y - pady + c[i].dy, c[i].w,
				    c[i].align, c[i].rgb);
		}
		p->y -= h;
		p->at_top = false;
		draw_hline(p, p->left, p->right, p->y, 0.5, 0xd5dbe0);
		l0 = l1;
		fresh = false;
	}
}

/* Heading styles by level: size, space before and after, colour. */
static const struct {
	double	 size, before, after;
	unsigned slot;
} hstyle[3] = {
	{ 16.5, 20, 9, SLOT_BRAND },
	{ 13, 15, 6, SLOT_BRAND },
	{ 11, 11, 4, SLOT_BLOCK },
};

/*
 * Draw the headings waiting for a block, on a new page if they and the
 * first h points of the block do not fit on this one: a heading never
 * ends a page.
 */
static void
flush_pending(struct pdf *p, double h)
{
	double	 total = h;
	size_t	 i;
	int	 l;

	if (p->npend == 0)
		return;
	for (i = 0; i < p->npend; i++) {
		l = p->pend_level[i];
		total += (i > 0 || !p->at_top ? hstyle[l].before : 0) +
		    p->pend[i].lead * (double)p->pend[i].nlines +
		    hstyle[l].after + (l == 0 ? 4 : 0);
	}
	need(p, total);
	for (i = 0; i < p->npend && p->err == APP_OK; i++) {
		l = p->pend_level[i];
		gap(p, hstyle[l].before);
		flow(p, &p->pend[i], p->left, p->right - p->left,
		    PDF_ALIGN_LEFT, PDF_INK);
		if (l == 0) {
			p->y -= 3;
			draw_hline(p, p->left, p->right, p->y, 0.8, PDF_BRAND);
			p->y -= 1;
		}
		p->y -= hstyle[l].after;
	}
	p->npend = 0;
}

/* The cover title block.  Returns the sticky error. */
enum app_err
pdf_title(struct pdf *p, const char *title, const char *subtitle)
{
	struct tbox	*tb = &p->tb[0], *sb = &p->tb[1];
	double		 w, h;
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	w = p->right - p->left;
	if (lay(p, tb, title, 26, 1.2, A_MK(true, SLOT_BRAND), w) ||
	    lay(p, sb, subtitle, 13, 1.4, A_MK(false, SLOT_MUTED), w))
		return p->err;
	h = 14 + tb->lead * (double)tb->nlines + 6 +
	    sb->lead * (double)sb->nlines;
	flush_pending(p, 0);
	gap(p, 24);
	need(p, h);
	draw_rect(p, p->left, p->y - 4, 56, 4, PDF_ACCENT);
	p->y -= 14;
	p->at_top = false;
	flow(p, tb, p->left, w, PDF_ALIGN_LEFT, PDF_BRAND);
	p->y -= 6;
	flow(p, sb, p->left, w, PDF_ALIGN_LEFT, PDF_MUTED);
	p->y -= 22;
	return p->err;
}

/*
 * Queue a heading: it is drawn with the next block (flush_pending()), so
 * that the two share a page.  Returns the sticky error.
 */
enum app_err
pdf_heading(struct pdf *p, int level, const char *text)
{
	struct tbox	*tb;
	enum app_err	 rc;
	int		 l;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	l = level < 1 ? 0 : level > 3 ? 2 : level - 1;
	if (p->npend == NELEM(p->pend))
		flush_pending(p, 0);
	tb = &p->pend[p->npend];
	if (lay(p, tb, text, hstyle[l].size, 1.25, A_MK(true, hstyle[l].slot),
	    p->right - p->left))
		return p->err;
	if (tb->nlines > 0)
		p->pend_level[p->npend++] = l;
	return APP_OK;
}

/* A paragraph of mixed-weight runs, flowing over pages. */
enum app_err
pdf_runs(struct pdf *p, const struct pdf_run *runs, size_t n,
    const struct pdf_style *st)
{
	static const struct pdf_style	 body;
	struct tbox	*tb = &p->tb[0];
	double		 size, x, w, after;
	enum app_err	 rc;
	size_t		 i;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	if (runs == NULL && n > 0)
		return APP_ERR_INVALID;
	if (st == NULL)
		st = &body;
	if ((unsigned)st->align >= PDF_ALIGN__MAX)
		return APP_ERR_INVALID;
	size = st->size > 0 ? st->size : BODY_SIZE;
	x = p->left + (st->indent > 0 ? st->indent : 0);
	w = p->right - x;
	if (w < size)
		return APP_ERR_INVALID;
	tb_reset(tb, size, size >= 13 ? 1.3 : BODY_LEAD);
	for (i = 0; i < n; i++)
		if ((rc = tb_utf8(tb, p->fs, runs[i].text,
		    A_MK(runs[i].bold || st->bold, SLOT_BLOCK), true)) !=
		    APP_OK)
			return fail(p, rc);
	if ((rc = tb_layout(p->fs, tb, w)) != APP_OK)
		return fail(p, rc);
	flush_pending(p, tb->lead * (double)(tb->nlines < 2 ? tb->nlines : 2));
	flow(p, tb, x, w, st->align, color_or(st->color, PDF_INK));
	after = st->space_after < 0 ? 0 : st->space_after > 0 ?
	    st->space_after : size * 0.75;
	if (tb->nlines > 0)
		p->y -= after;
	return p->err;
}

/* A paragraph of one run in the given style (NULL: body). */
enum app_err
pdf_text(struct pdf *p, const char *text, const struct pdf_style *st)
{
	struct pdf_run	 r;

	r.text = text;
	r.bold = false;
	return pdf_runs(p, &r, 1, st);
}

/* A paragraph in the body style. */
enum app_err
pdf_paragraph(struct pdf *p, const char *text)
{
	return pdf_text(p, text, NULL);
}

/* A bulleted or numbered list; items may break between lines. */
enum app_err
pdf_list(struct pdf *p, const char *const *items, size_t n,
    enum pdf_list_kind kind)
{
	struct tbox	*tb = &p->tb[0], *lb = &p->aux;
	double		 indent, x, w;
	char		 num[24];
	enum app_err	 rc;
	size_t		 i;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	if ((items == NULL && n > 0) || (unsigned)kind >= PDF_LIST__MAX)
		return APP_ERR_INVALID;
	indent = kind == PDF_LIST_NUMBER && n >= 10 ? 24 : 18;
	x = p->left + indent;
	w = p->right - x;
	for (i = 0; i < n && p->err == APP_OK; i++) {
		if (lay(p, tb, items[i], BODY_SIZE, BODY_LEAD, 0, w))
			break;
		if (tb->nlines == 0)
			continue;
		flush_pending(p, tb->lead * (tb->nlines > 1 ? 2 : 1));
		need(p, tb->lead);
		if (kind == PDF_LIST_BULLET)
			snprintf(num, sizeof(num), "\xe2\x80\xa2");
		else
			snprintf(num, sizeof(num), "%zu.", i + 1);
		if (lay(p, lb, num, BODY_SIZE, BODY_LEAD,
		    A_MK(kind == PDF_LIST_NUMBER, SLOT_BRAND), indent))
			break;
		tb_draw(p, lb, 0, lb->nlines, p->left, p->y, indent - 6,
		    kind == PDF_LIST_BULLET ? PDF_ALIGN_CENTER :
		    PDF_ALIGN_RIGHT, PDF_BRAND);
		flow(p, tb, x, w, PDF_ALIGN_LEFT, PDF_INK);
		p->y -= 3.5;
	}
	p->y -= BODY_SIZE * 0.45;
	return p->err;
}

/* Key/value rows sharing a key column sized to the widest key. */
enum app_err
pdf_keyvalue(struct pdf *p, const struct pdf_kv *kv, size_t n)
{
	struct tbox	*kb = &p->tb[0], *vb = &p->tb[1];
	struct cell	 c[2];
	double		 kw = 0, w, pad = 5, lead = 10.5 * SMALL_LEAD;
	enum app_err	 rc;
	size_t		 i;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	if (kv == NULL && n > 0)
		return APP_ERR_INVALID;
	w = p->right - p->left;
	/* The key column fits the widest key, within limits. */
	for (i = 0; i < n; i++) {
		if (lay(p, kb, kv[i].key, 9.5, SMALL_LEAD,
		    A_MK(false, SLOT_MUTED), w))
			return p->err;
		if (tb_maxwidth(kb) > kw)
			kw = tb_maxwidth(kb);
	}
	kw += 16;
	if (kw < 90)
		kw = 90;
	if (kw > w * 0.4)
		kw = w * 0.4;
	memset(c, 0, sizeof(c));
	c[0].tb = kb;
	c[0].x = p->left;
	c[0].w = kw - 10;
	c[0].rgb = PDF_MUTED;
	c[1].tb = vb;
	c[1].x = p->left + kw;
	c[1].w = w - kw;
	c[1].rgb = PDF_INK;
	for (i = 0; i < n && p->err == APP_OK; i++) {
		if (lay(p, kb, kv[i].key, 9.5, SMALL_LEAD,
		    A_MK(false, SLOT_MUTED), c[0].w) ||
		    lay(p, vb, kv[i].value, 10.5, SMALL_LEAD, 0, c[1].w))
			break;
		/* One line height; keys on the values' baselines. */
		kb->lead = lead;
		c[0].dy = baseline(vb, 0) - baseline(kb, 0);
		if (i == 0)
			flush_pending(p, lead * (double)(vb->nlines > 1 ? 2 :
			    1) + 2 * pad);
		row_draw(p, c, 2, lead, pad, 0, false, 0, i == 0);
	}
	p->y -= 12;
	return p->err;
}

/*
 * A tinted box with a coloured bar: on one page if it fits on one, else
 * split between lines with a box on each page.
 */
enum app_err
pdf_callout(struct pdf *p, enum pdf_tone tone, const char *title,
    const char *body)
{
	static const uint32_t	 bg[PDF_TONE__MAX] = {
		0xe8f1f4, 0xfcf1e3, 0xf2f4f6 };
	static const uint32_t	 bar[PDF_TONE__MAX] = {
		PDF_BRAND, PDF_ACCENT, 0x9aa5b1 };
	struct tbox	*tb = &p->tb[0];
	double		 pad = 10, x, w, avail, h;
	size_t		 i = 0, k;
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	if ((unsigned)tone >= PDF_TONE__MAX)
		return APP_ERR_INVALID;
	x = p->left + 3 + pad;
	w = p->right - pad - x;
	tb_reset(tb, BODY_SIZE, BODY_LEAD);
	if (title != NULL && *title != '\0') {
		if ((rc = tb_utf8(tb, p->fs, title, A_MK(true, tone ==
		    PDF_TONE_ACCENT ? SLOT_ACCENT : tone == PDF_TONE_INFO ?
		    SLOT_BRAND : SLOT_BLOCK), false)) != APP_OK ||
		    (rc = tb_push(tb, '\n', 0)) != APP_OK)
			return fail(p, rc);
	}
	if ((rc = tb_utf8(tb, p->fs, body, 0, true)) != APP_OK ||
	    (rc = tb_layout(p->fs, tb, w)) != APP_OK)
		return fail(p, rc);
	if (tb->nlines == 0)
		return APP_OK;
	flush_pending(p, 4 + 2 * pad + tb->lead * (double)(tb->nlines < 3 ?
	    tb->nlines : 3));
	gap(p, 4);
	/* Whole box on one page if it fits on one; else split by lines. */
	need(p, tb->lead * (double)tb->nlines + 2 * pad);
	while (i < tb->nlines && p->err == APP_OK) {
		avail = p->y - p->bottom - 2 * pad;
		k = avail > 0 ? (size_t)((avail + 0.01) / tb->lead) : 0;
		if (k == 0) {
			if (p->at_top)
				k = 1;
			else {
				new_page(p);
				continue;
			}
		}
		if (k > tb->nlines - i)
			k = tb->nlines - i;
		h = tb->lead * (double)k + 2 * pad;
		draw_rect(p, p->left, p->y - h, p->right - p->left, h, bg[tone]);
		draw_rect(p, p->left, p->y - h, 3, h, bar[tone]);
		tb_draw(p, tb, i, i + k, x, p->y - pad, w, PDF_ALIGN_LEFT,
		    PDF_INK);
		p->y -= h;
		p->at_top = false;
		i += k;
	}
	p->y -= 12;
	return p->err;
}

/* A hairline across the content width. */
enum app_err
pdf_rule(struct pdf *p)
{
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	flush_pending(p, 13);
	gap(p, 4);
	need(p, 9);
	draw_hline(p, p->left, p->right, p->y - 4, 0.6, 0xc9d1d8);
	p->y -= 9;
	p->at_top = false;
	return p->err;
}

/* Vertical space, dropped at the top of a page. */
enum app_err
pdf_space(struct pdf *p, double points)
{
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	flush_pending(p, 0);
	if (points > 0)
		gap(p, points);
	return p->err;
}

/* A new page unless this one is still empty. */
enum app_err
pdf_page_break(struct pdf *p)
{
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	flush_pending(p, 0);
	if (p->at_top)
		return p->err;
	return new_page(p);
}

/* A new page unless `points` remain on this one. */
enum app_err
pdf_keep(struct pdf *p, double points)
{
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	flush_pending(p, points);
	return need(p, points);
}

/* ------------------------------------------------------------------ */
/* Images                                                               */
/* ------------------------------------------------------------------ */

/* CRC-32 of PNG chunks (ISO 3309), without a table: images are small. */
static uint32_t
png_crc(const uint8_t *b, size_t len)
{
	uint32_t	 c = 0xffffffffu;
	size_t		 i;
	int		 k;

	for (i = 0; i < len; i++) {
		c ^= b[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

/*
 * Check a PNG's signature, IHDR and chunk structure and CRCs, and return
 * its size.  This guards libharu (which aborts on libpng errors) against
 * truncated or damaged data; pdf_image() can also decode it with libgd.
 */
static bool
png_check(const uint8_t *b, size_t len, uint32_t *w, uint32_t *h)
{
	static const uint8_t	 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	size_t			 at = 8;
	uint32_t		 clen;
	bool			 idat = false;

	if (len < 8 + 25 + 12 || memcmp(b, sig, 8) != 0 ||
	    be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return false;
	*w = be32(b + 16);
	*h = be32(b + 20);
	if (*w == 0 || *h == 0 || *w > 20000 || *h > 20000 ||
	    b[28] != 0 /* interlace: keep libharu on its plain path */)
		return false;
	while (at + 12 <= len) {
		clen = be32(b + at);
		if (clen > len - at - 12)
			return false;
		if (png_crc(b + at + 4, clen + 4) != be32(b + at + 8 + clen))
			return false;
		if (memcmp(b + at + 4, "IDAT", 4) == 0)
			idat = true;
		if (memcmp(b + at + 4, "IEND", 4) == 0)
			return idat;
		at += 12 + clen;
	}
	return false;
}

/*
 * Check a PNG (see png_check()), let libharu load it, and draw it
 * centred at the requested width, with its caption.
 */
enum app_err
pdf_image(struct pdf *p, const struct pdf_image *img)
{
	HPDF_Image	 im;
	struct tbox	*cb = &p->tb[0];
	uint32_t	 pw, ph;
	double		 w, h, cw, x, caph = 0;
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	if (img == NULL || img->png == NULL ||
	    img->len > 64 * 1024 * 1024 ||
	    !png_check(img->png, img->len, &pw, &ph))
		return APP_ERR_INVALID;
	if (img->verify) {
		gdImagePtr	 gi;

		if ((gi = gdImageCreateFromPngPtr((int)img->len,
		    (void *)(uintptr_t)img->png)) == NULL)
			return APP_ERR_INVALID;
		gdImageDestroy(gi);
	}
	cw = p->right - p->left;
	w = img->width > 0 && img->width < cw ? img->width : cw;
	h = w * (double)ph / (double)pw;
	if (img->caption != NULL && *img->caption != '\0') {
		if (lay(p, cb, img->caption, 8.5, SMALL_LEAD,
		    A_MK(false, SLOT_MUTED), cw))
			return p->err;
		caph = 5 + cb->lead * (double)cb->nlines;
	} else
		cb->nlines = 0;
	/* Taller than a page: scale down to fit an empty one. */
	if (h + caph > p->top - p->bottom) {
		h = p->top - p->bottom - caph;
		w = h * (double)pw / (double)ph;
	}
	flush_pending(p, 6 + h + caph);
	gap(p, 6);
	need(p, h + caph);
	if (p->err != APP_OK)
		return p->err;
	if ((im = HPDF_LoadPngImageFromMem(p->doc, img->png,
	    (HPDF_UINT)img->len)) == NULL)
		return fail(p, APP_ERR_IO);
	x = p->left + (cw - w) / 2;
	hp(p, HPDF_Page_DrawImage(p->page, im, (HPDF_REAL)x,
	    (HPDF_REAL)(p->y - h), (HPDF_REAL)w, (HPDF_REAL)h));
	p->y -= h;
	p->at_top = false;
	if (cb->nlines > 0) {
		p->y -= 5;
		tb_draw(p, cb, 0, cb->nlines, p->left, p->y, cw,
		    PDF_ALIGN_CENTER, PDF_MUTED);
		p->y -= cb->lead * (double)cb->nlines;
	}
	p->y -= 12;
	return p->err;
}

/* ------------------------------------------------------------------ */
/* Tables                                                               */
/* ------------------------------------------------------------------ */

#define CELL_SIZE	9.0
#define CELL_PADX	6.0
#define CELL_PADY	4.5

/* End an open table: the space after it. */
static void
table_close(struct pdf *p)
{
	if (!p->in_table)
		return;
	p->in_table = false;
	p->y -= 12;
}

/* Draw the table's header row at the cursor and note the page. */
static void
table_header(struct pdf *p)
{
	size_t	 i;

	draw_rect(p, p->left, p->y - p->hdr_h, p->right - p->left, p->hdr_h,
	    PDF_BRAND);
	for (i = 0; i < p->ncols; i++)
		tb_draw(p, &p->hdr[i], 0, p->hdr[i].nlines,
		    p->colx[i] + CELL_PADX, p->y - CELL_PADY,
		    p->colx[i + 1] - p->colx[i] - 2 * CELL_PADX, p->calign[i],
		    0xffffff);
	p->y -= p->hdr_h;
	p->at_top = false;
	p->hdr_page = p->npages;
}

/*
 * Start a table: column positions from the weights, and the header row
 * laid out once (it is drawn with the first row and on each new page).
 */
enum app_err
pdf_table_begin(struct pdf *p, const struct pdf_column *cols, size_t n)
{
	double		 total = 0, acc = 0, w;
	size_t		 i, maxl = 1;
	enum app_err	 rc;

	if ((rc = block_start(p)) != APP_OK)
		return rc;
	if (cols == NULL || n == 0 || n > MAXCOLS)
		return APP_ERR_INVALID;
	for (i = 0; i < n; i++) {
		if ((unsigned)cols[i].align >= PDF_ALIGN__MAX)
			return APP_ERR_INVALID;
		total += cols[i].weight > 0 ? cols[i].weight : 1;
	}
	w = p->right - p->left;
	p->ncols = n;
	p->colx[0] = p->left;
	for (i = 0; i < n; i++) {
		acc += cols[i].weight > 0 ? cols[i].weight : 1;
		p->colx[i + 1] = p->left + w * acc / total;
		p->calign[i] = cols[i].align;
		if (p->colx[i + 1] - p->colx[i] < 2 * CELL_PADX + CELL_SIZE)
			return APP_ERR_INVALID;
	}
	for (i = 0; i < n; i++) {
		if (lay(p, &p->hdr[i], cols[i].title, CELL_SIZE, SMALL_LEAD,
		    A_MK(true, SLOT_BLOCK), p->colx[i + 1] - p->colx[i] -
		    2 * CELL_PADX))
			return p->err;
		if (p->hdr[i].nlines > maxl)
			maxl = p->hdr[i].nlines;
	}
	p->hdr_h = CELL_SIZE * SMALL_LEAD * (double)maxl + 2 * CELL_PADY;
	p->hdr_page = 0;
	p->rowno = 0;
	p->in_table = true;
	return APP_OK;
}

/*
 * One row: its cells are laid out, then drawn by row_draw(), after the
 * header if this page does not have it yet.
 */
enum app_err
pdf_table_row(struct pdf *p, const char *const *cells, unsigned int flags)
{
	const double	 lead = CELL_SIZE * SMALL_LEAD;
	struct cell	 c[MAXCOLS];
	size_t		 i, nc, maxl = 1;
	double		 rowh, keep = 0, cap;
	bool		 section = (flags & PDF_ROW_SECTION) != 0;
	uint32_t	 bgc;
	uint8_t		 at;

	if (p == NULL || cells == NULL)
		return APP_ERR_INVALID;
	if (p->finished || !p->in_table)
		return APP_ERR_INVALID;
	if (p->err != APP_OK)
		return p->err;
	nc = section ? 1 : p->ncols;
	at = A_MK((flags & (PDF_ROW_BOLD | PDF_ROW_SECTION)) != 0,
	    section ? SLOT_BRAND : SLOT_BLOCK);
	memset(c, 0, sizeof(c));
	for (i = 0; i < nc; i++) {
		c[i].tb = &p->tb[i];
		c[i].x = (section ? p->left : p->colx[i]) + CELL_PADX;
		c[i].w = (section ? p->right : p->colx[i + 1]) - c[i].x -
		    CELL_PADX;
		c[i].align = section ? PDF_ALIGN_LEFT : p->calign[i];
		c[i].rgb = PDF_INK;
		if (lay(p, &p->tb[i], cells[i], CELL_SIZE, SMALL_LEAD, at,
		    c[i].w))
			return p->err;
		if (p->tb[i].nlines > maxl)
			maxl = p->tb[i].nlines;
	}
	rowh = lead * (double)maxl + 2 * CELL_PADY;
	if (section) {
		bgc = 0xdde9ed;
		keep = 2 * lead + 2 * CELL_PADY;	/* with the next row */
	} else if (flags & PDF_ROW_FLAG)
		bgc = 0xfcebd7;
	else
		bgc = p->rowno % 2 ? 0xf3f5f7 : 0;

	/* The header goes with the first row, and on each new page. */
	cap = p->top - p->bottom - p->hdr_h;
	if (p->hdr_page == 0) {
		flush_pending(p, p->hdr_h + fmin(rowh + keep, cap) + 4);
		gap(p, 4);
	}
	if (p->hdr_page != p->npages) {
		need(p, p->hdr_h + fmin(rowh + keep, cap));
		table_header(p);
	}
	row_draw(p, c, nc, lead, CELL_PADY, bgc, (flags & PDF_ROW_FLAG) &&
	    !section, keep, false);
	if (!section)
		p->rowno++;
	else
		p->rowno = 0;
	return p->err;
}

/* End the table; APP_ERR_INVALID if none is open. */
enum app_err
pdf_table_end(struct pdf *p)
{
	if (p == NULL || p->finished || !p->in_table)
		return APP_ERR_INVALID;
	table_close(p);
	return p->err;
}

/* ------------------------------------------------------------------ */
/* Finishing                                                            */
/* ------------------------------------------------------------------ */

/*
 * Lay out a single line of small text, cut with an ellipsis to maxw.
 */
static enum app_err
lay_line(struct pdf *p, struct tbox *tb, const char *text, double size,
    double maxw)
{
	uint32_t	 ell;
	double		 w = 0, ew;
	size_t		 i;
	enum app_err	 rc;

	tb_reset(tb, size, SMALL_LEAD);
	if ((rc = tb_utf8(tb, p->fs, text, 0, false)) != APP_OK)
		return fail(p, rc);
	ell = fs_covered(p->fs, 0x2026) ? 0x2026 : '.';
	ew = fs_width(p->fs, 0, ell) * size / 1000.0;
	for (i = 0; i < tb->n; i++)
		w += tb_gw(p->fs, tb, i);
	if (w > maxw) {
		while (tb->n > 0 && w + ew > maxw)
			w -= tb_gw(p->fs, tb, --tb->n);
		while (tb->n > 0 && tb->cp[tb->n - 1] == ' ')
			tb->n--;
		if ((rc = tb_push(tb, ell, 0)) != APP_OK)
			return fail(p, rc);
	}
	if ((rc = tb_emit(p->fs, tb, 0, tb->n)) != APP_OK)
		return fail(p, rc);
	return APP_OK;
}

/* Draw the header and footer of page i (0-based) of n. */
static void
page_furniture(struct pdf *p, size_t i, size_t n)
{
	struct tbox	*tb = &p->tb[0];
	double		 w = p->right - p->left, hy, fy, rw;
	char		 num[96];

	p->page = p->pages[i];
	hy = p->ph - fmax(26, p->mt * 0.5);
	fy = fmax(20, p->mb * 0.45);
	if (p->hdr_left != NULL || p->hdr_right != NULL) {
		rw = 0;
		if (p->hdr_right != NULL) {
			if (lay_line(p, tb, p->hdr_right, 8, w * 0.45))
				return;
			rw = tb->lines[0].width;
			tb_draw(p, tb, 0, 1, p->left, hy + tb->lead, w,
			    PDF_ALIGN_RIGHT, PDF_MUTED);
		}
		if (p->hdr_left != NULL) {
			if (lay_line(p, tb, p->hdr_left, 8, w - rw - 18))
				return;
			tb_draw(p, tb, 0, 1, p->left, hy + tb->lead, w,
			    PDF_ALIGN_LEFT, PDF_BRAND);
		}
		draw_hline(p, p->left, p->right, hy - 5, 0.5, 0xc9d1d8);
	}
	rw = 0;
	if (p->numbers) {
		if (lay_line(p, tb, p->page_word, 8, w * 0.3))
			return;
		snprintf(num, sizeof(num), " %zu ", i + 1);
		if (tb_utf8(tb, p->fs, num, 0, false) ||
		    tb_utf8(tb, p->fs, p->of_word, 0, false))
			return (void)fail(p, APP_ERR_NOMEM);
		snprintf(num, sizeof(num), " %zu", n);
		if (tb_utf8(tb, p->fs, num, 0, false) ||
		    tb_emit(p->fs, tb, 0, tb->n))
			return (void)fail(p, APP_ERR_NOMEM);
		tb->lines[0] = tb->lines[tb->nlines - 1];
		rw = tb->lines[0].width;
		tb_draw(p, tb, 0, 1, p->left, fy + tb->lead, w,
		    PDF_ALIGN_RIGHT, PDF_MUTED);
	}
	if (p->ftr_left != NULL) {
		if (lay_line(p, tb, p->ftr_left, 8, w - rw - 18))
			return;
		tb_draw(p, tb, 0, 1, p->left, fy + tb->lead, w,
		    PDF_ALIGN_LEFT, PDF_MUTED);
	}
	if (p->ftr_left != NULL || p->numbers)
		draw_hline(p, p->left, p->right, fy + 11, 0.5, 0xc9d1d8);
}

/*
 * Draw the headers and footers now that the page count is known, save
 * through libharu's memory stream and copy the bytes to a malloc'd
 * buffer that the caller frees.
 */
enum app_err
pdf_finish(struct pdf *p, void **buf, size_t *len)
{
	HPDF_UINT32	 size, got;
	size_t		 i;
	void		*b;

	if (buf != NULL)
		*buf = NULL;
	if (len != NULL)
		*len = 0;
	if (p == NULL || buf == NULL || len == NULL || p->finished)
		return APP_ERR_INVALID;
	if (p->in_table)
		table_close(p);
	flush_pending(p, 0);
	p->finished = true;
	for (i = p->cover ? 1 : 0; i < p->npages && p->err == APP_OK; i++)
		page_furniture(p, i, p->npages);
	if (p->err != APP_OK)
		return p->err;
	hp(p, HPDF_SaveToStream(p->doc));
	if (p->err != APP_OK)
		return p->err;
	if ((size = HPDF_GetStreamSize(p->doc)) == 0)
		return fail(p, APP_ERR_IO);
	if ((b = malloc(size)) == NULL)
		return fail(p, APP_ERR_NOMEM);
	/* Ask for exactly the size: reading past the end is an "error". */
	got = size;
	hp(p, HPDF_ReadFromStream(p->doc, b, &got));
	if (p->err != APP_OK || got != size) {
		free(b);
		return fail(p, APP_ERR_IO);
	}
	*buf = b;
	*len = size;
	return APP_OK;
}
