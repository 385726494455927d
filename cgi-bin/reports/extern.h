/* extern.h: the handlers of the reports family (/v1/reports/...). */
#ifndef REPORTS_EXTERN_H
#define REPORTS_EXTERN_H

#include "request.h"

int	rpt_generate(struct req *);
int	rpt_get(struct req *);
int	rpt_download(struct req *);

#endif
