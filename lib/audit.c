/* audit.c: the audit log. */
#include "audit.h"
#include "db.h"
#include "serve.h"

static const char *
json_or_null(json_object *o)
{
	return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : NULL;
}

enum app_err
audit_record(struct req *r, const char *org, const char *action,
    const char *type, const char *id, json_object *before, json_object *after)
{
	PGresult	*res;

	res = DB_Q(r->app->db, STMT_AUDIT_INSERT, org,
	    r->who.ok ? r->who.user_id : NULL, action, type, id,
	    json_or_null(before), json_or_null(after), r->client_ip, r->rid);
	if (res == NULL)
		return APP_ERR_DB;
	PQclear(res);
	return APP_OK;
}
