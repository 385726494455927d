/*
 * report.h: the two PDF reports of a completed assessment, composed from
 * the database, the question bank and the report text in
 * templates/reports/content.json, drawn with lib/pdf and lib/chart.
 */
#ifndef RISE_REPORT_H
#define RISE_REPORT_H

#include <stddef.h>

#include "app.h"
#include "config.h"
#include "db.h"

/* What a worker loads once: the report text and font paths. */
struct report_ctx;

struct report_out {
	void	*pdf;			/* malloc'd; report_out_free */
	size_t	 len;
	int	 pages;
	char	 file_name[96];		/* [A-Za-z0-9-] and ".pdf" */
};

/*
 * Loads templates/reports/content.json and checks the fonts.  On error
 * the message names the file or setting.  The caller frees *rc with
 * report_free.
 */
enum app_err	 report_init(struct report_ctx **rc, const struct cfg *,
		    char *err, size_t errsz);
void		 report_free(struct report_ctx *);

/*
 * Renders report id inside the caller's transaction, whose tenant is the
 * report's.  On failure why says what went wrong (stored as the
 * report's failure reason; no client data in it).
 */
enum app_err	 report_render(struct report_ctx *, struct db *, const char *id,
		    struct report_out *, char *why, size_t whysz);

void		 report_out_free(struct report_out *);

/*
 * The download file name: the business name reduced to [A-Za-z0-9-]
 * (accents dropped), then "-<type>-report.pdf".
 */
void		 report_file_name(char out[96], const char *business, const char *type);

#endif
