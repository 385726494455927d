/*
 * risectl: the operator's command line.  It reads the same settings as
 * the FastCGI programs ($RISE_CONFIG or conf/rise.conf, and RISE_*), and
 * connects as db.admin_user.
 *
 *   risectl migrate
 *   risectl bootstrap-admin
 *   risectl user add --email E --password P --role admin|consultant
 *                    [--first F] [--last L] [--company C]
 *   risectl user list
 *   risectl user passwd --email E --password P
 *   risectl user status --email E --status active|suspended|deleted
 *   risectl mail list [--limit N]
 *   risectl mail show ID
 *   risectl mail release [ID]
 *   risectl purge [--days N]
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "user.h"
#include "util.h"
#include "valid.h"

static struct cfg	 cfg;
static struct db	*db;

static void
usage(void)
{
	fputs("usage: risectl migrate\n"
	    "       risectl bootstrap-admin\n"
	    "       risectl user add --email E --password P --role admin|consultant"
	    " [--first F] [--last L] [--company C]\n"
	    "       risectl user list\n"
	    "       risectl user passwd --email E --password P\n"
	    "       risectl user status --email E --status active|suspended|deleted\n"
	    "       risectl mail list [--limit N]\n"
	    "       risectl mail show ID\n"
	    "       risectl mail release [ID]\n"
	    "       risectl purge [--days N]\n",
	    stderr);
}

/* The value of --name in argv, or NULL. */
static const char *
opt(int argc, char *argv[], const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

/* Reads a whole file; the caller frees the result. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	long	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else
			buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_sql(const struct dirent *d)
{
	size_t	n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".sql") == 0 &&
	    d->d_name[0] >= '0' && d->d_name[0] <= '9';
}

/*
 * Applies every file of dir in name order, each in its own transaction:
 * migrations once (recorded in schema_migrations), seeds every time.
 */
static int
apply_dir(const char *dir, bool once)
{
	struct dirent	**ents;
	char		 path[4096], err[1024];
	char		*sql;
	PGresult	*res;
	int		 n, i, rc = 0;
	bool		 done;

	if ((n = scandir(dir, &ents, is_sql, by_name)) < 0) {
		if (!once && errno == ENOENT)
			return 0;
		fprintf(stderr, "risectl: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (rc != 0)
			continue;
		if (once) {
			if ((res = DB_Q(db, STMT_MIGRATION_DONE, ents[i]->d_name)) == NULL) {
				rc = 1;
				continue;
			}
			done = PQntuples(res) > 0;
			PQclear(res);
			if (done)
				continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		if ((sql = slurp(path)) == NULL) {
			fprintf(stderr, "risectl: %s: %s\n", path, strerror(errno));
			rc = 1;
			continue;
		}
		if (db_begin(db) != APP_OK ||
		    db_script(db, sql, err, sizeof(err)) != APP_OK ||
		    (once && (res = DB_Q(db, STMT_MIGRATION_RECORD,
		    ents[i]->d_name)) == NULL)) {
			fprintf(stderr, "risectl: %s: %s\n", path, err);
			db_rollback(db);
			rc = 1;
		} else {
			if (once)
				PQclear(res);
			if (db_commit(db) != APP_OK)
				rc = 1;
			else if (once)
				printf("applied %s\n", ents[i]->d_name);
		}
		free(sql);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}

static int
cmd_migrate(void)
{
	char		 dir[4096];
	PGresult	*res;

	if ((res = DB_Q0(db, STMT_MIGRATE_LOCK)) == NULL)
		return 1;
	PQclear(res);
	if ((res = DB_Q0(db, STMT_MIGRATIONS_TABLE)) == NULL)
		return 1;
	PQclear(res);
	if (apply_dir(cfg.sql_dir, true) != 0)
		return 1;
	snprintf(dir, sizeof(dir), "%s/seed", cfg.sql_dir);
	return apply_dir(dir, false);
}

/* Opens a transaction in which the operator sees every tenant. */
static int
begin_admin(void)
{
	if (db_begin(db) != APP_OK || db_tenant(db, "", "", "admin") != APP_OK)
		return 1;
	return 0;
}

static int
create_user(const struct user_new *u)
{
	PGresult	*row;
	const char	*why;

	if (!valid_email(u->email)) {
		fprintf(stderr, "risectl: invalid email: %s\n", u->email);
		return 1;
	}
	if ((why = valid_password(u->password)) != NULL) {
		fprintf(stderr, "risectl: %s\n", why);
		return 1;
	}
	if (begin_admin() != 0)
		return 1;
	if (user_create(db, u, &row) != APP_OK) {
		if (db_http_status(db) == 409)
			fprintf(stderr, "risectl: %s is already registered\n", u->email);
		db_rollback(db);
		return 1;
	}
	PQclear(row);
	return db_commit(db) == APP_OK ? 0 : 1;
}

/* A random password that meets the policy. */
static int
random_password(char out[24])
{
	static const char	 set[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	    "23456789-_.!@#%+=";
	unsigned char		 rnd[20];

	do {
		if (util_random(rnd, sizeof(rnd)) != APP_OK)
			return 1;
		for (size_t i = 0; i < sizeof(rnd); i++)
			out[i] = set[rnd[i] % (sizeof(set) - 1)];
		out[sizeof(rnd)] = '\0';
	} while (valid_password(out) != NULL);
	return 0;
}

static int
cmd_bootstrap(void)
{
	struct user_new	 u;
	PGresult	*res;
	char		 pw[24];
	bool		 exists;

	if (begin_admin() != 0 || (res = DB_Q0(db, STMT_ADMIN_EXISTS)) == NULL)
		return 1;
	exists = db_getbool(res, 0, 0);
	PQclear(res);
	db_rollback(db);
	if (exists)
		return 0;
	if (random_password(pw) != 0)
		return 1;
	memset(&u, 0, sizeof(u));
	u.email = "admin@rise.local";
	u.password = pw;
	u.first = "RISE";
	u.last = "Administrator";
	u.company = "RISE Suite";
	u.role = "admin";
	if (create_user(&u) != 0)
		return 1;
	printf("Created the first admin account (shown only this once):\n"
	    "  email:    %s\n  password: %s\n", u.email, pw);
	explicit_bzero(pw, sizeof(pw));
	return 0;
}

static int
cmd_user_add(int argc, char *argv[])
{
	struct user_new	 u;

	memset(&u, 0, sizeof(u));
	u.email = opt(argc, argv, "--email");
	u.password = opt(argc, argv, "--password");
	u.role = opt(argc, argv, "--role");
	u.first = opt(argc, argv, "--first");
	u.last = opt(argc, argv, "--last");
	u.company = opt(argc, argv, "--company");
	if (u.email == NULL || u.password == NULL || u.role == NULL ||
	    (strcmp(u.role, "admin") != 0 && strcmp(u.role, "consultant") != 0)) {
		usage();
		return 2;
	}
	if (u.first == NULL)
		u.first = "";
	if (u.last == NULL)
		u.last = "";
	if (create_user(&u) != 0)
		return 1;
	printf("created %s (%s)\n", u.email, u.role);
	return 0;
}

static int
cmd_user_list(void)
{
	PGresult	*res;

	if (begin_admin() != 0 || (res = DB_Q0(db, STMT_USER_LIST)) == NULL)
		return 1;
	printf("%-26s %-32s %-10s %-9s %s\n", "ID", "EMAIL", "ROLE", "STATUS", "NAME");
	for (int i = 0; i < PQntuples(res); i++)
		printf("%-26s %-32s %-10s %-9s %s %s\n", db_get(res, i, UC_ID),
		    db_get(res, i, UC_EMAIL), db_get(res, i, UC_ROLE),
		    db_get(res, i, UC_STATUS), db_get(res, i, UC_FIRST),
		    db_get(res, i, UC_LAST));
	PQclear(res);
	db_rollback(db);
	return 0;
}

/*
 * Finds the user by --email in an operator transaction; on success the
 * transaction stays open and the id is copied to id.
 */
static int
find_user(const char *email, char id[UTIL_ID_MAX])
{
	PGresult	*res;

	if (email == NULL) {
		usage();
		return 2;
	}
	if (begin_admin() != 0 || (res = DB_Q(db, STMT_USER_BY_EMAIL, email)) == NULL)
		return 1;
	if (PQntuples(res) != 1) {
		fprintf(stderr, "risectl: no user with email %s\n", email);
		PQclear(res);
		db_rollback(db);
		return 1;
	}
	snprintf(id, UTIL_ID_MAX, "%s", db_get(res, 0, UC_ID));
	PQclear(res);
	return 0;
}

/* Ends every session of the user, inside the open transaction. */
static int
revoke_all(const char *id, const char *why)
{
	PGresult	*res;

	if ((res = DB_Q(db, STMT_SESSION_REVOKE_USER, id, "", why)) == NULL)
		return 1;
	PQclear(res);
	return 0;
}

static int
cmd_user_passwd(int argc, char *argv[])
{
	const char	*pw = opt(argc, argv, "--password"), *why;
	char		 id[UTIL_ID_MAX], hash[AUTH_HASH_MAX];
	PGresult	*res;
	int		 rc;

	if (pw == NULL) {
		usage();
		return 2;
	}
	if ((why = valid_password(pw)) != NULL) {
		fprintf(stderr, "risectl: %s\n", why);
		return 1;
	}
	if ((rc = find_user(opt(argc, argv, "--email"), id)) != 0)
		return rc;
	if (auth_password_hash(pw, hash) != APP_OK ||
	    (res = DB_Q(db, STMT_USER_SET_PASSWORD, id, hash)) == NULL) {
		db_rollback(db);
		return 1;
	}
	PQclear(res);
	if (revoke_all(id, "password reset by operator") != 0) {
		db_rollback(db);
		return 1;
	}
	return db_commit(db) == APP_OK ? 0 : 1;
}

static int
cmd_user_status(int argc, char *argv[])
{
	const char	*status = opt(argc, argv, "--status");
	char		 id[UTIL_ID_MAX];
	PGresult	*res;
	int		 rc;

	if (status == NULL || (strcmp(status, "active") != 0 &&
	    strcmp(status, "suspended") != 0 && strcmp(status, "deleted") != 0)) {
		usage();
		return 2;
	}
	if ((rc = find_user(opt(argc, argv, "--email"), id)) != 0)
		return rc;
	if ((res = DB_Q(db, STMT_USER_SET_STATUS, id, status)) == NULL) {
		db_rollback(db);
		return 1;
	}
	PQclear(res);
	if (strcmp(status, "active") != 0 && revoke_all(id, status) != 0) {
		db_rollback(db);
		return 1;
	}
	if (db_commit(db) != APP_OK)
		return 1;
	printf("%s is now %s\n", opt(argc, argv, "--email"), status);
	return 0;
}

/*
 * The outbox, newest first: when it was queued, to whom, the subject and
 * where it stands (held: no mail.smtp_host; failed: with the reason).
 */
static int
cmd_mail_list(int argc, char *argv[])
{
	const char	*lim = opt(argc, argv, "--limit");
	char		 when[UTIL_TIME_MAX], nbuf[16];
	PGresult	*res;
	long		 n;
	char		*end = NULL;

	n = lim == NULL ? 50 : strtol(lim, &end, 10);
	if (lim != NULL && (*end != '\0' || n < 1 || n > 100000)) {
		usage();
		return 2;
	}
	if (begin_admin() != 0)
		return 1;
	snprintf(nbuf, sizeof(nbuf), "%ld", n);
	if ((res = DB_Q(db, STMT_MAIL_LIST, nbuf)) == NULL)
		return 1;
	printf("%-20s %-25s %-7s %-9s %-32s %s\n", "WHEN", "ID", "STATUS", "KIND",
	    "TO", "SUBJECT");
	for (int i = 0; i < PQntuples(res); i++) {
		util_time_iso(when, (time_t)db_getll(res, i, 1));
		printf("%-20s %-25s %-7s %-9s %-32s %s\n", when, db_get(res, i, 0),
		    db_get(res, i, 4), db_get(res, i, 5), db_get(res, i, 2),
		    db_get(res, i, 3));
		if (strcmp(db_get(res, i, 4), "failed") == 0 && !db_null(res, i, 7))
			printf("%-20s   failed after %s tries: %s\n", "",
			    db_get(res, i, 6), db_get(res, i, 7));
	}
	PQclear(res);
	db_rollback(db);
	return 0;
}

/* One mail: where it stands, then the message exactly as it is sent. */
static int
cmd_mail_show(const char *id)
{
	char		 when[UTIL_TIME_MAX];
	PGresult	*res;

	if (id == NULL) {
		usage();
		return 2;
	}
	if (begin_admin() != 0 || (res = DB_Q(db, STMT_MAIL_GET, id)) == NULL)
		return 1;
	if (PQntuples(res) != 1) {
		fprintf(stderr, "risectl: no mail %s\n", id);
		PQclear(res);
		db_rollback(db);
		return 1;
	}
	util_time_iso(when, (time_t)db_getll(res, 0, 1));
	printf("Id: %s\nKind: %s\nStatus: %s\nQueued: %s\nAttempts: %s\n",
	    db_get(res, 0, 0), db_get(res, 0, 5), db_get(res, 0, 4), when,
	    db_get(res, 0, 6));
	if (!db_null(res, 0, 8)) {
		util_time_iso(when, (time_t)db_getll(res, 0, 8));
		printf("Sent: %s\n", when);
	}
	if (!db_null(res, 0, 7))
		printf("Last error: %s\n", db_get(res, 0, 7));
	printf("\n");
	/* The stored message has CRLF line ends; a terminal wants LF. */
	for (const char *p = db_get(res, 0, 9); *p != '\0'; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			putchar(*p);
	PQclear(res);
	db_rollback(db);
	return 0;
}

/* Held or failed mail (one, or all) queued again for the mailer. */
static int
cmd_mail_release(const char *id)
{
	PGresult	*res;

	if (begin_admin() != 0 ||
	    (res = DB_Q(db, STMT_MAIL_RELEASE, id == NULL ? "" : id)) == NULL ||
	    db_commit(db) != APP_OK)
		return 1;
	printf("%d mails queued again\n", PQntuples(res));
	PQclear(res);
	return 0;
}

/*
 * Deletes what no request can use any more (see STMT_PURGE_*); days
 * (default 30) is how long ended sessions and sent mail are kept.  One
 * transaction: a failure leaves everything as it was.
 */
static int
cmd_purge(int argc, char *argv[])
{
	static const struct {
		enum stmt	 stmt;
		const char	*what;
	} steps[] = {
		{ STMT_PURGE_TOKENS, "refresh tokens" },
		{ STMT_PURGE_SESSIONS, "sessions" },
		{ STMT_PURGE_RATE_LIMITS, "rate-limit windows" },
		{ STMT_PURGE_MAIL, "mails" },
	};
	const char	*days = opt(argc, argv, "--days");
	long long	 n[sizeof(steps) / sizeof(steps[0])];
	char		 dbuf[16];
	const char	*param[] = { dbuf };
	PGresult	*res;
	char		*end = NULL;
	long		 d;

	d = days == NULL ? 30 : strtol(days, &end, 10);
	if ((days != NULL && (*end != '\0' || d < 0 || d > 36500)) ||
	    argc != (days == NULL ? 2 : 4)) {
		usage();
		return 2;
	}
	snprintf(dbuf, sizeof(dbuf), "%ld", d);
	if (begin_admin() != 0)
		return 1;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		res = db_exec(db, steps[i].stmt, param, stmts[steps[i].stmt].nparams);
		if (res == NULL) {
			fprintf(stderr, "risectl: purge failed: %s\n", db_sqlstate(db));
			db_rollback(db);
			return 1;
		}
		n[i] = db_getll(res, 0, 0);
		PQclear(res);
	}
	if (db_commit(db) != APP_OK)
		return 1;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		printf("%lld %s\n", n[i], steps[i].what);
	return 0;
}

int
main(int argc, char *argv[])
{
	char	err[512];
	int	rc = 1;

	if (argc < 2) {
		usage();
		return 2;
	}
	if (cfg_load(&cfg, NULL, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "risectl: %s\n", err);
		goto out;
	}
	log_init("risectl", LOG_LEVEL_WARN);
	if (db_open(&db, &cfg, true) != APP_OK || db_unavailable(db)) {
		fprintf(stderr, "risectl: cannot connect to PostgreSQL (db.host %s)\n",
		    cfg.db_host);
		goto out;
	}
	if (strcmp(argv[1], "migrate") == 0)
		rc = cmd_migrate();
	else if (strcmp(argv[1], "bootstrap-admin") == 0)
		rc = cmd_bootstrap();
	else if (strcmp(argv[1], "user") == 0 && argc >= 3) {
		if (strcmp(argv[2], "add") == 0)
			rc = cmd_user_add(argc, argv);
		else if (strcmp(argv[2], "list") == 0)
			rc = cmd_user_list();
		else if (strcmp(argv[2], "passwd") == 0)
			rc = cmd_user_passwd(argc, argv);
		else if (strcmp(argv[2], "status") == 0)
			rc = cmd_user_status(argc, argv);
		else {
			usage();
			rc = 2;
		}
	} else if (strcmp(argv[1], "mail") == 0 && argc >= 3) {
		if (strcmp(argv[2], "list") == 0)
			rc = cmd_mail_list(argc, argv);
		else if (strcmp(argv[2], "show") == 0 && argc == 4)
			rc = cmd_mail_show(argv[3]);
		else if (strcmp(argv[2], "release") == 0 && argc <= 4)
			rc = cmd_mail_release(argc == 4 ? argv[3] : NULL);
		else {
			usage();
			rc = 2;
		}
	} else if (strcmp(argv[1], "purge") == 0)
		rc = cmd_purge(argc, argv);
	else {
		usage();
		rc = 2;
	}
out:
	db_close(db);
	cfg_free(&cfg);
	return rc;
}
