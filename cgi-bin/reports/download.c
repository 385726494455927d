/* download.c: GET /v1/reports/:reportId/download. */
#include <string.h>

#include "reportq.h"
#include "resp.h"
#include "serve.h"
#include "sign.h"

#include "extern.h"

/*
 * The PDF, as application/pdf with a file name made from the business
 * name.  With ?expires=&sig= (the downloadUrl) no bearer token is needed
 * until the link expires; otherwise the owner's bearer token.  200; 401
 * with neither; 403 FORBIDDEN for a changed or expired signature; 404 if
 * the report is not the caller's or not ready.
 */
int
rpt_download(struct req *r)
{
	const char	*id = r->params[0], *exp = req_query(r, "expires");
	const char	*sig = req_query(r, "sig"), *owner = "";
	PGresult	*res;

	if (!util_id_valid(id, "rpt_"))
		return resp_error(r, RESP_NOT_FOUND, "Report not found", NULL);
	if (exp != NULL || sig != NULL) {
		switch (sign_check(&r->app->key, "report", id, exp, sig, time(NULL))) {
		case SIGN_OK:
			break;
		case SIGN_EXPIRED:
			return resp_error(r, RESP_FORBIDDEN, "This download link has expired", NULL);
		default:
			return resp_error(r, RESP_FORBIDDEN, "Invalid download link", NULL);
		}
		/* The link names the report; read it in its own tenant. */
		if ((res = DB_Q(r->app->db, STMT_REPORT_TENANT, id)) == NULL)
			return resp_db_error(r);
		if (db_null(res, 0, 0)) {
			PQclear(res);
			return resp_error(r, RESP_NOT_FOUND, "Report not found", NULL);
		}
		if (db_tenant(r->app->db, db_get(res, 0, 0), "", "client") != APP_OK) {
			PQclear(res);
			return resp_db_error(r);
		}
		PQclear(res);
	} else if (!r->who.ok)
		return resp_error(r, RESP_UNAUTHORIZED,
		    "Missing access token or signed link", NULL);
	else if (strcmp(r->who.role, "admin") != 0)
		owner = r->who.user_id;
	return reportq_pdf(r, id, owner);
}
