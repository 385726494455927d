/* db.c: the libpq connection, named statements, transactions. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "util.h"

struct db {
	PGconn		*conn;
	const struct cfg *cfg;
	bool		 admin;
	bool		 in_tx;
	bool		 unavailable;
	char		 sqlstate[6];
	bool		 prepared[STMT__MAX];
	const char	*channel;	/* LISTEN after every connect */
};

/* Notices ("relation already exists, skipping") are for psql users, not logs. */
static void
db_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum app_err
db_connect(struct db *db)
{
	const char	*keys[] = { "host", "port", "dbname", "user", "password",
			    "application_name", "connect_timeout", NULL };
	const char	*vals[NELEM(keys)];
	const struct cfg *c = db->cfg;

	vals[0] = c->db_host;
	vals[1] = c->db_port;
	vals[2] = c->db_name;
	vals[3] = db->admin ? c->db_admin_user : c->db_user;
	vals[4] = db->admin ? c->db_admin_password : c->db_password;
	if (*vals[4] == '\0')
		vals[4] = NULL;
	vals[5] = "rise";
	vals[6] = "5";
	vals[7] = NULL;
	if (db->conn != NULL)
		PQfinish(db->conn);
	memset(db->prepared, 0, sizeof(db->prepared));
	db->in_tx = false;
	db->conn = PQconnectdbParams(keys, vals, 0);
	if (db->conn == NULL)
		return APP_ERR_NOMEM;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		LOG_ERROR(NULL, "database connection failed: %s",
		    PQerrorMessage(db->conn));
		db->unavailable = true;
		return APP_ERR_DB;
	}
	PQsetNoticeProcessor(db->conn, db_notice, NULL);
	db->unavailable = false;
	if (db->channel != NULL) {
		char		 sql[80];
		PGresult	*res;

		snprintf(sql, sizeof(sql), "LISTEN %s", db->channel);
		res = PQexec(db->conn, sql);
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			db->unavailable = true;
			return APP_ERR_DB;
		}
		PQclear(res);
	}
	return APP_OK;
}

enum app_err
db_open(struct db **out, const struct cfg *cfg, bool admin)
{
	struct db	*db;
	enum app_err	 rc;

	*out = NULL;
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return APP_ERR_NOMEM;
	db->cfg = cfg;
	db->admin = admin;
	/* A server that is down now may be back later: keep the handle. */
	rc = db_connect(db);
	*out = db;
	return rc == APP_ERR_NOMEM ? rc : APP_OK;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db);
}

/* Reconnects if the connection is gone and no transaction is open. */
static bool
db_ensure(struct db *db)
{
	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		return true;
	if (db->in_tx)
		return false;
	return db_connect(db) == APP_OK;
}

static void
db_fail(struct db *db, const PGresult *res, const char *what)
{
	const char	*st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", st ? st : "");
	db->unavailable = PQstatus(db->conn) != CONNECTION_OK ||
	    strncmp(db->sqlstate, "08", 2) == 0 ||
	    strncmp(db->sqlstate, "57P", 3) == 0;
	/* The server's message names no parameter values. */
	LOG_ERROR(NULL, "%s failed: %s%s", what, db->sqlstate,
	    res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn));
}

static bool
result_ok(const PGresult *res)
{
	ExecStatusType	s = PQresultStatus(res);

	return s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK;
}

PGresult *
db_exec(struct db *db, enum stmt st, const char *const *params, int n)
{
	char		 name[16];
	PGresult	*res;
	int		 attempt;

	db->sqlstate[0] = '\0';
	if ((unsigned)st >= STMT__MAX || n != stmts[st].nparams) {
		LOG_ERROR(NULL, "statement %d called with %d parameters", (int)st, n);
		return NULL;
	}
	snprintf(name, sizeof(name), "s%d", (int)st);
	for (attempt = 0; attempt < 2; attempt++) {
		if (!db_ensure(db)) {
			db->unavailable = true;
			return NULL;
		}
		if (!db->prepared[st]) {
			res = PQprepare(db->conn, name, stmts[st].sql, n, NULL);
			if (res == NULL || !result_ok(res)) {
				db_fail(db, res, "prepare");
				PQclear(res);
				if (db->unavailable && !db->in_tx)
					continue;
				return NULL;
			}
			PQclear(res);
			db->prepared[st] = true;
		}
		res = PQexecPrepared(db->conn, name, n, params, NULL, NULL, 0);
		if (res != NULL && result_ok(res))
			return res;
		db_fail(db, res, "statement");
		PQclear(res);
		/* The server restarted: retry once on a fresh connection. */
		if (db->unavailable && !db->in_tx)
			continue;
		/* 26000: prepared statement gone (e.g. DISCARD): prepare again. */
		if (strcmp(db->sqlstate, "26000") == 0 && !db->in_tx) {
			db->prepared[st] = false;
			continue;
		}
		return NULL;
	}
	return NULL;
}

enum app_err
db_script(struct db *db, const char *sql, char *err, size_t errsz)
{
	PGresult	*res;
	enum app_err	 rc = APP_OK;

	if (!db_ensure(db)) {
		snprintf(err, errsz, "%s", PQerrorMessage(db->conn));
		return APP_ERR_DB;
	}
	res = PQexec(db->conn, sql);
	if (res == NULL || !result_ok(res)) {
		snprintf(err, errsz, "%s", res ? PQresultErrorMessage(res) :
		    PQerrorMessage(db->conn));
		rc = APP_ERR_DB;
	}
	PQclear(res);
	return rc;
}

static enum app_err
db_simple(struct db *db, const char *sql)
{
	PGresult	*res;
	enum app_err	 rc = APP_OK;

	res = PQexec(db->conn, sql);
	if (res == NULL || !result_ok(res)) {
		db_fail(db, res, sql);
		rc = APP_ERR_DB;
	}
	PQclear(res);
	return rc;
}

enum app_err
db_listen(struct db *db, const char *channel)
{
	db->channel = channel;
	/* A fresh connection issues the LISTEN (see db_connect). */
	return db_connect(db);
}

int
db_wait(struct db *db, int timeout_ms)
{
	struct pollfd	 pfd;
	PGnotify	*n;
	int		 got = 0;

	if (!db_ensure(db))
		return -1;
	pfd.fd = PQsocket(db->conn);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, timeout_ms) < 0)
		return 0;		/* a signal: let the caller look */
	if (PQconsumeInput(db->conn) == 0) {
		db->unavailable = true;
		return -1;
	}
	while ((n = PQnotifies(db->conn)) != NULL) {
		got = 1;
		PQfreemem(n);
	}
	if (PQstatus(db->conn) != CONNECTION_OK)
		return -1;
	return got;
}

enum app_err
db_begin(struct db *db)
{
	if (db->in_tx)
		return APP_OK;
	if (!db_ensure(db)) {
		db->unavailable = true;
		return APP_ERR_DB;
	}
	if (db_simple(db, "BEGIN") != APP_OK)
		return APP_ERR_DB;
	db->in_tx = true;
	return APP_OK;
}

enum app_err
db_commit(struct db *db)
{
	enum app_err	rc;

	if (!db->in_tx)
		return APP_OK;
	rc = db_simple(db, "COMMIT");
	db->in_tx = false;
	return rc;
}

void
db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (PQstatus(db->conn) == CONNECTION_OK)
		(void)db_simple(db, "ROLLBACK");
	db->in_tx = false;
}

bool
db_in_tx(const struct db *db)
{
	return db->in_tx;
}

enum app_err
db_tenant(struct db *db, const char *org, const char *user, const char *role)
{
	PGresult	*res;

	res = DB_Q(db, STMT_SET_TENANT, org ? org : "", user ? user : "",
	    role ? role : "");
	if (res == NULL)
		return APP_ERR_DB;
	PQclear(res);
	return APP_OK;
}

bool
db_unavailable(const struct db *db)
{
	return db->unavailable;
}

const char *
db_sqlstate(const struct db *db)
{
	return db->sqlstate;
}

int
db_http_status(const struct db *db)
{
	/* PostgREST's mapping, reduced to what we can meet. */
	if (db->unavailable || strncmp(db->sqlstate, "08", 2) == 0 ||
	    strncmp(db->sqlstate, "57P", 3) == 0 ||
	    strcmp(db->sqlstate, "40001") == 0 || strcmp(db->sqlstate, "40P01") == 0 ||
	    strcmp(db->sqlstate, "55P03") == 0)
		return 503;
	if (strcmp(db->sqlstate, "23505") == 0 || strcmp(db->sqlstate, "23503") == 0)
		return 409;
	/* A row-level security or privilege refusal. */
	if (strcmp(db->sqlstate, "42501") == 0 || strncmp(db->sqlstate, "28", 2) == 0)
		return 403;
	return 500;
}

const char *
db_get(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col);
}

bool
db_null(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col);
}

long long
db_getll(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

bool
db_getbool(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

json_object *
db_json_str(const PGresult *res, int row, int col)
{
	return db_null(res, row, col) ? NULL :
	    json_object_new_string(db_get(res, row, col));
}

json_object *
db_json_time(const PGresult *res, int row, int col)
{
	char	ts[UTIL_TIME_MAX];

	if (db_null(res, row, col))
		return NULL;
	util_time_iso(ts, (time_t)db_getll(res, row, col));
	return json_object_new_string(ts);
}
