/*
 * charts.c: PNG charts of a completed assessment's stored scores for its
 * page, drawn as the reports draw them (lib/chart.h).  The admin charts
 * are in admin.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "assess.h"
#include "chart.h"
#include "resp.h"
#include "score.h"
#include "serve.h"

#include "extern.h"

/* The DISC style names of the reports (templates/reports/content.json). */
static const char *const disc_labels[SCORE_DISC__MAX] = {
	"Direct (D)", "Influential (I)", "Steady (S)", "Conscientious (C)",
};

/*
 * GET /charts/assessments/:id/:chart: chart "disc.png" (the four style
 * scores, the primary in the accent) or "phases.png" (the five phase
 * scores against the readiness threshold, the primary phase in the
 * accent).  Only for the assessment's consultant or an admin.  200
 * image/png, cacheable by the browser only; 404 for another chart, an
 * assessment that is not the caller's, or one without those scores.
 */
int
web_chart_assessment(struct req *r)
{
	struct chart_bar	 bars[SCORE_PHASE__MAX];
	struct chart_opts	 co;
	const char		*chart = r->params[1];
	char			 font[512], bold[512], target[32];
	json_object		*scores = NULL, *v;
	PGresult		*res;
	void			*png = NULL;
	size_t			 len = 0, n = 0, i;
	bool			 disc;
	int			 scol, pcol, st;

	if (strcmp(chart, "disc.png") == 0)
		disc = true;
	else if (strcmp(chart, "phases.png") == 0)
		disc = false;
	else
		return resp_error(r, RESP_NOT_FOUND, "No such chart", NULL);
	if ((res = assess_fetch(r, r->params[0], false)) == NULL)
		return r->status;
	scol = disc ? AC_DISC_SCORES : AC_PHASE_SCORES;
	pcol = disc ? AC_DISC_PRIMARY : AC_PHASE_PRIMARY;
	if (strcmp(db_get(res, 0, AC_STATUS), "completed") != 0 || db_null(res, 0, scol) ||
	    (scores = json_tokener_parse(db_get(res, 0, scol))) == NULL) {
		st = resp_error(r, RESP_NOT_FOUND, "No scores to chart", NULL);
		goto out;
	}
	/* In the document's order, not jsonb's. */
	n = disc ? SCORE_DISC__MAX : SCORE_PHASE__MAX;
	for (i = 0; i < n; i++) {
		const char *key = disc ? score_disc_name((enum score_disc)i) :
		    score_phase_name((enum score_phase)i);

		bars[i].label = disc ? disc_labels[i] : key;
		bars[i].value = json_object_object_get_ex(scores, key, &v) ?
		    json_object_get_int(v) : 0;
		bars[i].highlight = !db_null(res, 0, pcol) &&
		    strcmp(db_get(res, 0, pcol), key) == 0;
	}
	memset(&co, 0, sizeof(co));
	/*
	 * Narrower than the reports' 440 points: shown about 500 pixels wide,
	 * so that the labels read at 11 to 14 pixels.
	 */
	co.width = 360;
	co.height = disc ? 170 : 190;
	co.scale = 2;
	snprintf(font, sizeof(font), "%s/DejaVuSans.ttf", r->app->cfg.font_dir);
	snprintf(bold, sizeof(bold), "%s/DejaVuSans-Bold.ttf", r->app->cfg.font_dir);
	co.font = font;
	co.font_bold = bold;
	if (!disc) {
		co.threshold = (int)r->app->cfg.readiness_threshold;
		snprintf(target, sizeof(target), "Target %d", co.threshold);
		co.threshold_label = target;
	}
	if (chart_bars(bars, n, &co, &png, &len) != APP_OK) {
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	free(r->raw);
	r->raw = png;
	r->rawlen = len;
	r->raw_type = "image/png";
	/* The scores of a completed assessment do not change. */
	(void)resp_header(r, "Cache-Control", "private, max-age=3600");
	r->status = 200;
	r->error = false;
	st = 200;
out:
	json_object_put(scores);
	PQclear(res);
	return st;
}
