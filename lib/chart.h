/*
 * chart.h: report charts drawn with libgd, as PNG bytes (prefix chart_).
 *
 * The images are palette PNGs (a few dozen colours) written at a fast
 * compression level: PNG (de)compression dominated report time with
 * truecolor images.  Sizes are given in points and multiplied by
 * opts->scale to get pixels, so that an image placed at its size in
 * points in a PDF (pdf_image() with width = opts->width) has scale pixels
 * per point: 2 prints crisply.  Labels are drawn with a TrueType font
 * through libgd's FreeType renderer, each distinct string once per process
 * (then composited from a cache); colours follow the house palette of
 * pdf.h.  Thread-safe.
 */
#ifndef RISE_CHART_H
#define RISE_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* A bar: a label and a score from 0 to 100 (or opts->max; clamped). */
struct chart_bar {
	const char	*label;
	int		 value;
	bool		 highlight;	/* the primary: drawn in the accent */
};

/*
 * Options shared by the charts.  Zero fields take the defaults shown.
 */
struct chart_opts {
	double		 width;		/* points; default 440 */
	double		 height;	/* points; default 220 (roadmap 100) */
	double		 scale;		/* pixels per point; default 2, max 6 */
	const char	*font;		/* TrueType; default PDF_FONT_REGULAR */
	const char	*font_bold;	/* default PDF_FONT_BOLD */
	int		 threshold;	/* bars: dashed line at this score if
					   1..99, e.g. 70 for phases */
	const char	*threshold_label; /* e.g. "Target 70"; default the
					   number */
	const char	*marker;	/* roadmap: "You are here" default */
	int		 level;		/* PNG compression 1-9; 0: default 1 */
	int		 max;		/* bars: the top of the axis, for counts
					   (gridlines at its quarters: best a
					   multiple of 4); default 100 */
};

/*
 * A vertical bar chart of n labelled scores (1 <= n <= 12) on a 0-100
 * axis (0-opts->max) with gridlines, the value above each bar, the highlighted bars in
 * the accent colour and the optional threshold line.  On success *png is
 * a malloc'd PNG of *len bytes that the caller frees with free().
 * Returns APP_ERR_INVALID for bad arguments, APP_ERR_CONFIG if the font
 * cannot be used, APP_ERR_NOMEM.
 */
enum app_err	 chart_bars(const struct chart_bar *, size_t n,
		    const struct chart_opts *, void **png, size_t *len);

/*
 * A roadmap: n steps (2 <= n <= 8, e.g. the five phases) as chevrons
 * from left to right.  Steps before `current` are drawn as done (brand
 * colour with a check mark), step `current` in the accent with the
 * marker text above it, later steps muted grey.  The labels are written
 * inside the chevrons (and wrapped onto two lines if needed).  Memory and
 * errors as for chart_bars().
 */
enum app_err	 chart_roadmap(const char *const *labels, size_t n,
		    size_t current, const struct chart_opts *,
		    void **png, size_t *len);

/*
 * Release the per-process caches: rendered strings and libgd's FreeType
 * fonts.  Only for leak checkers and tests: no chart may be in progress.
 */
void		 chart_cache_free(void);

#endif
