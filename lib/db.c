/* db.c: the libpq connection, named statements, transactions. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "util.h"

/*
 * Transactions cost no round trip of their own: BEGIN and the tenant wait
 * until the next statement and go out with it in one pipeline (libpq
 * pipeline mode), and a transaction that ran nothing ends without a word
 * to the server.
 */
enum db_tx {
	DB_TX_NONE,		/* autocommit */
	DB_TX_BEGIN,		/* db_begin called, nothing sent yet */
	DB_TX_OPEN,		/* BEGIN sent */
	DB_TX_READ,		/* db_read: one read-only transaction per statement */
};

struct db {
	PGconn		*conn;
	const struct cfg *cfg;
	bool		 admin;
	enum db_tx	 tx;
	bool		 tenant_pending;	/* send the tenant with the next statement */
	char		 org[UTIL_ID_MAX];	/* the tenant (db_tenant, db_read) */
	char		 user[UTIL_ID_MAX];
	char		 role[16];
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
	/*
	 * An open transaction ended with the old connection; one not sent
	 * yet (DB_TX_BEGIN, DB_TX_READ) starts on the new one.
	 */
	if (db->tx == DB_TX_OPEN)
		db->tx = DB_TX_NONE;
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
	if (db->tx == DB_TX_OPEN)
		return false;
	return db_connect(db) == APP_OK;
}

/* True if a failed statement may run again on a new connection. */
static bool
db_retryable(const struct db *db)
{
	return db->tx != DB_TX_OPEN;
}

static void
db_fail(struct db *db, const PGresult *res, const char *what)
{
	const char	*st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", st ? st : "");
	db->unavailable = db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK ||
	    strncmp(db->sqlstate, "08", 2) == 0 ||
	    strncmp(db->sqlstate, "57P", 3) == 0;
	/* The server's message names no parameter values. */
	LOG_ERROR(NULL, "%s failed: %s%s", what, db->sqlstate,
	    res ? PQresultErrorMessage(res) : db->conn ? PQerrorMessage(db->conn) :
	    "no connection");
}

static bool
result_ok(const PGresult *res)
{
	ExecStatusType	s = PQresultStatus(res);

	return s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK;
}

/* Prepares statement st on this connection unless done: false on failure. */
static bool
db_prepare(struct db *db, enum stmt st)
{
	char		 name[16];
	PGresult	*res;

	if (db->prepared[st])
		return true;
	snprintf(name, sizeof(name), "s%d", (int)st);
	res = PQprepare(db->conn, name, stmts[st].sql, stmts[st].nparams, NULL);
	if (res == NULL || !result_ok(res)) {
		db_fail(db, res, "prepare");
		PQclear(res);
		return false;
	}
	PQclear(res);
	db->prepared[st] = true;
	return true;
}

static int
db_send(struct db *db, enum stmt st, const char *const *params, int n)
{
	char	name[16];

	snprintf(name, sizeof(name), "s%d", (int)st);
	return PQsendQueryPrepared(db->conn, name, n, params, NULL, NULL, 0);
}

/*
 * Runs statement st after what is pending (BEGIN, the tenant) in one
 * pipeline, so one round trip: its result, or NULL after db_fail.  The
 * statements before the Sync form one transaction: in DB_TX_READ mode the
 * implicit one that the tenant and transaction_read_only last for.
 */
static PGresult *
db_pipeline(struct db *db, enum stmt st, const char *const *params, int n)
{
	const char	*tenant[3] = { db->org, db->user, db->role };
	enum stmt	 ts = db->tx == DB_TX_READ ? STMT_SET_TENANT_READ : STMT_SET_TENANT;
	bool		 begin = db->tx == DB_TX_BEGIN;
	bool		 settenant = db->tx == DB_TX_READ || db->tenant_pending;
	PGresult	*res, *out = NULL, *err = NULL;
	int		 want, sent = 0, i;

	if ((settenant && !db_prepare(db, ts)) || !db_prepare(db, st))
		return NULL;
	if (PQenterPipelineMode(db->conn) != 1) {
		db_fail(db, NULL, "pipeline");
		return NULL;
	}
	/* Sent in order, each only if those before it were. */
	want = (int)begin + (int)settenant + 1;
	if (begin && PQsendQueryParams(db->conn, "BEGIN", 0, NULL, NULL, NULL,
	    NULL, 0) == 1)
		sent++;
	if (sent == (int)begin && settenant && db_send(db, ts, tenant, 3) == 1)
		sent++;
	if (sent == want - 1 && db_send(db, st, params, n) == 1)
		sent++;
	(void)PQpipelineSync(db->conn);
	/* One result and a NULL per statement sent, then the Sync. */
	for (i = 0; i < sent; i++) {
		if ((res = PQgetResult(db->conn)) == NULL)
			break;
		if (i == want - 1 && result_ok(res))
			out = res;
		else if (err == NULL && !result_ok(res) &&
		    PQresultStatus(res) != PGRES_PIPELINE_ABORTED)
			err = res;
		else
			PQclear(res);
		while ((res = PQgetResult(db->conn)) != NULL)
			PQclear(res);
	}
	while ((res = PQgetResult(db->conn)) != NULL) {
		ExecStatusType	s = PQresultStatus(res);

		PQclear(res);
		if (s == PGRES_PIPELINE_SYNC)
			break;
	}
	if (PQexitPipelineMode(db->conn) != 1 && PQstatus(db->conn) == CONNECTION_OK) {
		/* Out of step with the server: start again on a new connection. */
		PQfinish(db->conn);
		db->conn = NULL;
	}
	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK) {
		/* The server has the transaction now, even a failed one. */
		if (begin)
			db->tx = DB_TX_OPEN;
		if (db->tx != DB_TX_READ && out != NULL)
			db->tenant_pending = false;
	}
	if (out == NULL) {
		db_fail(db, err, "statement");
		PQclear(err);
	}
	return out;
}

PGresult *
db_exec(struct db *db, enum stmt st, const char *const *params, int n)
{
	PGresult	*res;
	int		 attempt;

	db->sqlstate[0] = '\0';
	if ((unsigned)st >= STMT__MAX || n != stmts[st].nparams) {
		LOG_ERROR(NULL, "statement %d called with %d parameters", (int)st, n);
		return NULL;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		if (!db_ensure(db)) {
			db->unavailable = true;
			return NULL;
		}
		if (db->tx == DB_TX_BEGIN || db->tx == DB_TX_READ || db->tenant_pending)
			res = db_pipeline(db, st, params, n);
		else if (!db_prepare(db, st))
			res = NULL;
		else {
			char	name[16];

			snprintf(name, sizeof(name), "s%d", (int)st);
			res = PQexecPrepared(db->conn, name, n, params, NULL, NULL, 0);
			if (res == NULL || !result_ok(res)) {
				db_fail(db, res, "statement");
				PQclear(res);
				res = NULL;
			}
		}
		if (res != NULL)
			return res;
		/* The server restarted: retry once on a fresh connection. */
		if (db->unavailable && db_retryable(db))
			continue;
		/* 26000: prepared statements gone (e.g. DISCARD ALL): prepare again. */
		if (strcmp(db->sqlstate, "26000") == 0 && db_retryable(db)) {
			memset(db->prepared, 0, sizeof(db->prepared));
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

	/* A script cannot go in a pipeline: what is pending goes first. */
	if ((db->tx == DB_TX_BEGIN || db->tenant_pending) &&
	    (res = DB_Q0(db, STMT_HEALTH)) != NULL)
		PQclear(res);
	if (!db_ensure(db) || db->tx == DB_TX_BEGIN || db->tenant_pending) {
		snprintf(err, errsz, "%s", db->conn ? PQerrorMessage(db->conn) :
		    "no connection");
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
	if (db->tx != DB_TX_NONE)
		return APP_OK;
	if (!db_ensure(db)) {
		db->unavailable = true;
		return APP_ERR_DB;
	}
	db->tx = DB_TX_BEGIN;
	db->tenant_pending = false;
	return APP_OK;
}

enum app_err
db_read(struct db *db, const char *org, const char *user, const char *role)
{
	enum app_err	rc;

	if (db->tx != DB_TX_NONE)
		return APP_ERR_INVALID;
	if (!db_ensure(db)) {
		db->unavailable = true;
		return APP_ERR_DB;
	}
	db->tx = DB_TX_READ;
	if ((rc = db_tenant(db, org, user, role)) != APP_OK)
		db->tx = DB_TX_NONE;
	return rc;
}

/* Ends the transaction with sql ("COMMIT" or "ROLLBACK") if the server has one. */
static enum app_err
db_end(struct db *db, const char *sql)
{
	enum app_err	rc = APP_OK;

	if (db->tx == DB_TX_OPEN && PQstatus(db->conn) == CONNECTION_OK)
		rc = db_simple(db, sql);
	else if (db->tx == DB_TX_OPEN)
		rc = APP_ERR_DB;	/* the connection went with it */
	db->tx = DB_TX_NONE;
	db->tenant_pending = false;
	return rc;
}

enum app_err
db_commit(struct db *db)
{
	return db_end(db, "COMMIT");
}

void
db_rollback(struct db *db)
{
	(void)db_end(db, "ROLLBACK");
}

bool
db_in_tx(const struct db *db)
{
	return db->tx != DB_TX_NONE;
}

/* Copies s into out (outsz bytes): false if it does not fit. */
static bool
copy(char *out, size_t outsz, const char *s)
{
	size_t	n = strlen(s ? s : "");

	if (n >= outsz)
		return false;
	memcpy(out, s ? s : "", n + 1);
	return true;
}

enum app_err
db_tenant(struct db *db, const char *org, const char *user, const char *role)
{
	/* Outside a transaction the setting would end with its own statement. */
	if (db->tx == DB_TX_NONE)
		return APP_OK;
	if (!copy(db->org, sizeof(db->org), org) ||
	    !copy(db->user, sizeof(db->user), user) ||
	    !copy(db->role, sizeof(db->role), role)) {
		LOG_ERROR(NULL, "tenant value too long");
		return APP_ERR_INVALID;
	}
	if (db->tx != DB_TX_READ)
		db->tenant_pending = true;
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
