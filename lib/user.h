/*
 * user.h: the user object as the API shows it, and account creation,
 * shared by registration, the admin API, the web UI and risectl.
 */
#ifndef RISE_USER_H
#define RISE_USER_H

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "db.h"

/* The columns of USER_COLS in stmt.c, in order. */
enum user_col {
	UC_ID, UC_EMAIL, UC_FIRST, UC_LAST, UC_COMPANY, UC_PHONE, UC_ROLE,
	UC_STATUS, UC_NOTIFY, UC_THEME, UC_CREATED, UC_UPDATED, UC_LASTLOGIN,
	UC_ORG, UC__MAX
};

enum user_view {
	USER_VIEW_BRIEF,	/* register and login: id, email, names, role (+createdAt) */
	USER_VIEW_PROFILE,	/* GET /users/me */
	USER_VIEW_ADMIN,	/* GET /admin/users: status, lastLogin */
};

/* The user in row of res as a new JSON object (caller owns), or NULL. */
json_object	*user_json(const PGresult *res, int row, enum user_view);

/* The same, for USER_COLS starting at column off of res. */
json_object	*user_json_at(const PGresult *res, int row, int off, enum user_view);

struct user_new {
	const char	*email;
	const char	*password;	/* plain text, hashed here */
	const char	*first;
	const char	*last;
	const char	*company;	/* may be NULL */
	const char	*phone;		/* canonical E.164 or NULL */
	const char	*role;		/* "admin" or "consultant" */
	const char	*org_id;	/* existing organization, or NULL for a new one */
};

/*
 * Creates the user (and, without org_id, an organization named after the
 * company, else after the person) inside the caller's transaction, whose
 * tenant it sets to the new user's.  Returns the new row (USER_COLS) in
 * *row for the caller to PQclear, or NULL with the database error left
 * for resp_db_error (23505: the email is taken).
 */
enum app_err	 user_create(struct db *, const struct user_new *, PGresult **row);

#endif
