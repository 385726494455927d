/* user.c: the user object and account creation. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "user.h"
#include "util.h"

json_object *
user_json_at(const PGresult *res, int row, int off, enum user_view view)
{
	json_object	*o, *settings;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, "id", db_json_str(res, row, off + UC_ID));
	json_object_object_add(o, "email", db_json_str(res, row, off + UC_EMAIL));
	json_object_object_add(o, "firstName", db_json_str(res, row, off + UC_FIRST));
	json_object_object_add(o, "lastName", db_json_str(res, row, off + UC_LAST));
	if (view == USER_VIEW_PROFILE) {
		json_object_object_add(o, "company", db_json_str(res, row, off + UC_COMPANY));
		json_object_object_add(o, "phone", db_json_str(res, row, off + UC_PHONE));
	}
	json_object_object_add(o, "role", db_json_str(res, row, off + UC_ROLE));
	if (view == USER_VIEW_PROFILE) {
		settings = json_object_new_object();
		json_object_object_add(settings, "emailNotifications",
		    json_object_new_boolean(db_getbool(res, row, off + UC_NOTIFY)));
		json_object_object_add(settings, "theme",
		    db_json_str(res, row, off + UC_THEME));
		json_object_object_add(o, "settings", settings);
	}
	if (view == USER_VIEW_ADMIN)
		json_object_object_add(o, "status", db_json_str(res, row, off + UC_STATUS));
	json_object_object_add(o, "createdAt", db_json_time(res, row, off + UC_CREATED));
	if (view == USER_VIEW_PROFILE)
		json_object_object_add(o, "updatedAt",
		    db_json_time(res, row, off + UC_UPDATED));
	if (view == USER_VIEW_ADMIN)
		json_object_object_add(o, "lastLogin",
		    db_json_time(res, row, off + UC_LASTLOGIN));
	return o;
}

json_object *
user_json(const PGresult *res, int row, enum user_view view)
{
	return user_json_at(res, row, 0, view);
}

enum app_err
user_create(struct db *db, const struct user_new *u, PGresult **row)
{
	char		 org[UTIL_ID_MAX], id[UTIL_ID_MAX], hash[AUTH_HASH_MAX];
	char		 name[512];
	PGresult	*res;
	enum app_err	 rc;

	*row = NULL;
	if ((rc = util_id(id, "usr_")) != APP_OK ||
	    (rc = auth_password_hash(u->password, hash)) != APP_OK)
		return rc;
	if (u->org_id != NULL)
		snprintf(org, sizeof(org), "%s", u->org_id);
	else if ((rc = util_id(org, "org_")) != APP_OK)
		return rc;
	if ((rc = db_tenant(db, org, id, u->role)) != APP_OK)
		return rc;
	if (u->org_id == NULL) {
		if (u->company != NULL && *u->company != '\0')
			snprintf(name, sizeof(name), "%s", u->company);
		else
			snprintf(name, sizeof(name), "%s %s", u->first, u->last);
		if ((res = DB_Q(db, STMT_ORG_INSERT, org, name)) == NULL)
			return APP_ERR_DB;
		PQclear(res);
	}
	res = DB_Q(db, STMT_USER_INSERT, id, org, u->email, hash, u->first,
	    u->last, u->company, u->phone, u->role);
	explicit_bzero(hash, sizeof(hash));
	if (res == NULL)
		return APP_ERR_DB;
	*row = res;
	return APP_OK;
}
