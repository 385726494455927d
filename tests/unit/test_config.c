/*
 * test_config.c: CUnit suite for lib/config (rise.conf and the RISE_*
 * environment).
 *
 * Each test writes its configuration into a fresh directory under /tmp
 * (dir/conf/rise.conf, so that the default root is dir) and removes it
 * after.  The suite hides any RISE_* variable of the caller while it
 * runs and restores them at the end; every variable a test sets, it
 * unsets.  A failure names the table row's line.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "config.h"

void	suite_config(void);

extern char	**environ;

static void	check_at(int, bool, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Records one assertion at a table row's line; CUnit copies the message. */
static void
check_at(int line, bool ok, const char *fmt, ...)
{
	char	 buf[1024];
	va_list	 ap;

	if (ok) {
		CU_assertImplementation(CU_TRUE, (unsigned int)line, "ok",
		    __FILE__, "", CU_FALSE);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	CU_assertImplementation(CU_FALSE, (unsigned int)line, buf,
	    __FILE__, "", CU_FALSE);
}

static const char *
str_or_null(const char *s)
{
	return s == NULL ? "(null)" : s;
}

/* The caller's RISE_* variables, hidden while the suite runs. */
static char	**saved;
static size_t	  nsaved;

static int
suite_init(void)
{
	char	**e, *eq;
	size_t	  n = 0;

	for (e = environ; *e != NULL; e++)
		if (strncmp(*e, "RISE_", 5) == 0)
			n++;
	if ((saved = calloc(n + 1, sizeof(*saved))) == NULL)
		return -1;
	for (e = environ; *e != NULL; e++)
		if (strncmp(*e, "RISE_", 5) == 0 &&
		    (saved[nsaved] = strdup(*e)) != NULL)
			nsaved++;
	for (n = 0; n < nsaved; n++) {
		eq = strchr(saved[n], '=');
		*eq = '\0';
		unsetenv(saved[n]);
		*eq = '=';
	}
	return 0;
}

static int
suite_clean(void)
{
	char	*eq;
	size_t	 i;

	for (i = 0; i < nsaved; i++) {
		eq = strchr(saved[i], '=');
		*eq = '\0';
		setenv(saved[i], eq + 1, 1);
		free(saved[i]);
	}
	free(saved);
	saved = NULL;
	nsaved = 0;
	return 0;
}

/* A temporary root: dir, dir/conf and dir/conf/rise.conf. */
struct tmp {
	char	dir[PATH_MAX];		/* resolved */
	char	conf[PATH_MAX + 32];
};

static bool
tmp_make(struct tmp *t, const char *text)
{
	char	 templ[] = "/tmp/rise-cfg-XXXXXX", *real, sub[PATH_MAX + 8];
	FILE	*f;

	if (mkdtemp(templ) == NULL)
		return false;
	if ((real = realpath(templ, NULL)) == NULL)
		return false;
	snprintf(t->dir, sizeof(t->dir), "%s", real);
	free(real);
	snprintf(sub, sizeof(sub), "%s/conf", t->dir);
	if (mkdir(sub, 0700) != 0)
		return false;
	snprintf(t->conf, sizeof(t->conf), "%s/rise.conf", sub);
	if ((f = fopen(t->conf, "w")) == NULL)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

static void
tmp_remove(struct tmp *t)
{
	char	sub[PATH_MAX + 8];

	unlink(t->conf);
	snprintf(sub, sizeof(sub), "%s/conf", t->dir);
	rmdir(sub);
	rmdir(t->dir);
}

/* Checks that s is root/rel. */
static void
check_path(int line, const char *what, const char *s, const char *root,
    const char *rel)
{
	char	want[PATH_MAX * 2];

	snprintf(want, sizeof(want), "%s/%s", root, rel);
	check_at(line, s != NULL && strcmp(s, want) == 0, "%s = \"%s\", want \"%s\"",
	    what, str_or_null(s), want);
}

static void
check_str(int line, const char *what, const char *s, const char *want)
{
	check_at(line, s != NULL && strcmp(s, want) == 0, "%s = \"%s\", want \"%s\"",
	    what, str_or_null(s), want);
}

static void
test_defaults(void)
{
	struct tmp	 t;
	struct cfg	 c;
	char		 err[512] = "";

	CU_ASSERT_FATAL(tmp_make(&t, "# nothing but comments\n\n   \n\t# indented\n"));
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	CU_ASSERT_STRING_EQUAL(err, "");
	check_str(__LINE__, "root", c.root, t.dir);
	check_path(__LINE__, "db.host", c.db_host, t.dir, "var/run");
	check_str(__LINE__, "db.port", c.db_port, "5432");
	check_str(__LINE__, "db.name", c.db_name, "rise");
	check_str(__LINE__, "db.user", c.db_user, "rise_app");
	check_str(__LINE__, "db.password", c.db_password, "");
	check_str(__LINE__, "db.admin_user", c.db_admin_user, "rise_admin");
	check_str(__LINE__, "db.admin_password", c.db_admin_password, "");
	check_path(__LINE__, "jwt.secret_file", c.jwt_secret_file, t.dir,
	    "var/jwt.secret");
	check_str(__LINE__, "jwt.issuer", c.jwt_issuer, "rise-suite");
	check_str(__LINE__, "jwt.audience", c.jwt_audience, "rise-suite-api");
	CU_ASSERT_EQUAL(c.jwt_access_ttl, 900);
	CU_ASSERT_EQUAL(c.jwt_refresh_ttl, 2592000);
	check_str(__LINE__, "public_base_url", c.public_base_url,
	    "http://127.0.0.1:8080");
	CU_ASSERT_EQUAL(c.body_max, 1048576);
	check_str(__LINE__, "http.trusted_proxies", c.trusted_proxies, "");
	check_str(__LINE__, "http.cors_origins", c.cors_origins, "");
	CU_ASSERT_EQUAL(c.log_level, LOG_LEVEL_INFO);
	CU_ASSERT(c.rate[RL_DEFAULT].count == 100 && c.rate[RL_DEFAULT].window == 900);
	CU_ASSERT(c.rate[RL_LOGIN].count == 5 && c.rate[RL_LOGIN].window == 900);
	CU_ASSERT(c.rate[RL_REGISTER].count == 3 && c.rate[RL_REGISTER].window == 3600);
	CU_ASSERT(c.rate[RL_PASSWORD].count == 3 && c.rate[RL_PASSWORD].window == 3600);
	CU_ASSERT(c.rate[RL_REPORT].count == 10 && c.rate[RL_REPORT].window == 60);
	CU_ASSERT_EQUAL(c.expiry_days, 7);
	CU_ASSERT_EQUAL(c.readiness_threshold, 70);
	check_path(__LINE__, "templates_dir", c.templates_dir, t.dir, "templates");
	check_path(__LINE__, "sql_dir", c.sql_dir, t.dir, "sql");
	cfg_free(&c);
	CU_ASSERT_PTR_NULL(c.root);
	CU_ASSERT_PTR_NULL(c.db_name);
	tmp_remove(&t);

	/* An empty file will do too. */
	CU_ASSERT_FATAL(tmp_make(&t, ""));
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	cfg_free(&c);
	tmp_remove(&t);
}

static void
test_values(void)
{
	static const char text[] =
	    "# RISE test configuration\n"
	    "db.host = /run/postgresql\n"
	    "db.port=5433\n"
	    "   db.name   =   risetest   \n"
	    "db.user\t=\tapp\t\n"
	    "db.password = pa#ss=word\n"
	    "db.admin_user = owner\n"
	    "jwt.secret_file = etc/secret\n"
	    "jwt.issuer = first\n"
	    "jwt.issuer = second\n"		/* the last one wins */
	    "jwt.audience = aud\n"
	    "jwt.access_ttl = 30\n"
	    "jwt.refresh_ttl = 31536000\n"
	    "public_base_url = https://rise.example.com/app///\n"
	    "http.body_max = 1024\n"
	    "http.trusted_proxies = 10.0.0.1, 10.0.0.2\n"
	    "http.cors_origins = https://a.example, https://b.example\n"
	    "log.level = debug\n"
	    "rate_limit.default = 1000/60\n"
	    "rate_limit.login = 1/1\n"
	    "rate_limit.register = 7/86400\n"
	    "rate_limit.password = 2/120\n"
	    "rate_limit.report = 3/30\n"
	    "assessment.expiry_days = 365\n"
	    "scoring.readiness_threshold = 1\n"
	    "templates_dir = share/templates\n"
	    "sql_dir = /opt/rise/sql\n"
	    "# the end, without a final newline\n"
	    "db.admin_password = s3cret";
	struct tmp	 t;
	struct cfg	 c;
	char		 err[512] = "";

	CU_ASSERT_FATAL(tmp_make(&t, text));
	CU_ASSERT_EQUAL_FATAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "db.host", c.db_host, "/run/postgresql");
	check_str(__LINE__, "db.port", c.db_port, "5433");
	check_str(__LINE__, "db.name", c.db_name, "risetest");
	check_str(__LINE__, "db.user", c.db_user, "app");
	check_str(__LINE__, "db.password", c.db_password, "pa#ss=word");
	check_str(__LINE__, "db.admin_user", c.db_admin_user, "owner");
	check_str(__LINE__, "db.admin_password", c.db_admin_password, "s3cret");
	check_path(__LINE__, "jwt.secret_file", c.jwt_secret_file, t.dir,
	    "etc/secret");
	check_str(__LINE__, "jwt.issuer", c.jwt_issuer, "second");
	check_str(__LINE__, "jwt.audience", c.jwt_audience, "aud");
	CU_ASSERT_EQUAL(c.jwt_access_ttl, 30);
	CU_ASSERT_EQUAL(c.jwt_refresh_ttl, 31536000);
	check_str(__LINE__, "public_base_url", c.public_base_url,
	    "https://rise.example.com/app");
	CU_ASSERT_EQUAL(c.body_max, 1024);
	check_str(__LINE__, "http.trusted_proxies", c.trusted_proxies,
	    "10.0.0.1, 10.0.0.2");
	check_str(__LINE__, "http.cors_origins", c.cors_origins,
	    "https://a.example, https://b.example");
	CU_ASSERT_EQUAL(c.log_level, LOG_LEVEL_DEBUG);
	CU_ASSERT(c.rate[RL_DEFAULT].count == 1000 && c.rate[RL_DEFAULT].window == 60);
	CU_ASSERT(c.rate[RL_LOGIN].count == 1 && c.rate[RL_LOGIN].window == 1);
	CU_ASSERT(c.rate[RL_REGISTER].count == 7 && c.rate[RL_REGISTER].window == 86400);
	CU_ASSERT(c.rate[RL_PASSWORD].count == 2 && c.rate[RL_PASSWORD].window == 120);
	CU_ASSERT(c.rate[RL_REPORT].count == 3 && c.rate[RL_REPORT].window == 30);
	CU_ASSERT_EQUAL(c.expiry_days, 365);
	CU_ASSERT_EQUAL(c.readiness_threshold, 1);
	check_path(__LINE__, "templates_dir", c.templates_dir, t.dir,
	    "share/templates");
	check_str(__LINE__, "sql_dir", c.sql_dir, "/opt/rise/sql");
	CU_ASSERT_EQUAL(cfg_trusted_proxy(&c, "10.0.0.2"), 1);
	cfg_free(&c);
	tmp_remove(&t);
}

/* RISE_<KEY> beats the file; RISE_CONFIG names the file. */
static void
test_env(void)
{
	static const struct {
		const char	*name, *value;
	} env[] = {
		{ "RISE_DB_NAME", "envdb" },
		{ "RISE_DB_PASSWORD", "" },
		{ "RISE_JWT_ACCESS_TTL", "60" },
		{ "RISE_LOG_LEVEL", "warn" },
		{ "RISE_RATE_LIMIT_LOGIN", "10/60" },
		{ "RISE_PUBLIC_BASE_URL", "https://env.example/" },
		{ "RISE_HTTP_TRUSTED_PROXIES", "192.0.2.1" },
		{ "RISE_SQL_DIR", "envsql" },
		{ "RISE_SCORING_READINESS_THRESHOLD", "55" },
	};
	struct tmp	 t;
	struct cfg	 c;
	char		 err[512] = "";
	size_t		 i;

	CU_ASSERT_FATAL(tmp_make(&t, "db.name = filedb\ndb.password = filepw\n"
	    "jwt.access_ttl = 120\nlog.level = error\ndb.user = fileuser\n"));
	for (i = 0; i < NELEM(env); i++)
		setenv(env[i].name, env[i].value, 1);
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "db.name", c.db_name, "envdb");
	check_str(__LINE__, "db.password", c.db_password, "");
	check_str(__LINE__, "db.user", c.db_user, "fileuser");	/* not overridden */
	CU_ASSERT_EQUAL(c.jwt_access_ttl, 60);
	CU_ASSERT_EQUAL(c.log_level, LOG_LEVEL_WARN);
	CU_ASSERT(c.rate[RL_LOGIN].count == 10 && c.rate[RL_LOGIN].window == 60);
	check_str(__LINE__, "public_base_url", c.public_base_url,
	    "https://env.example");
	check_str(__LINE__, "http.trusted_proxies", c.trusted_proxies, "192.0.2.1");
	check_path(__LINE__, "sql_dir", c.sql_dir, t.dir, "envsql");
	CU_ASSERT_EQUAL(c.readiness_threshold, 55);
	cfg_free(&c);

	/* A bad value from the environment names the variable. */
	setenv("RISE_JWT_ACCESS_TTL", "5", 1);
	err[0] = '\0';
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "RISE_JWT_ACCESS_TTL"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "jwt.access_ttl"));
	cfg_free(&c);
	setenv("RISE_JWT_ACCESS_TTL", "60", 1);
	setenv("RISE_LOG_LEVEL", "loud", 1);
	err[0] = '\0';
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "RISE_LOG_LEVEL"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "log.level"));
	cfg_free(&c);
	for (i = 0; i < NELEM(env); i++)
		unsetenv(env[i].name);

	/* Back to the file once the environment is gone. */
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "db.name", c.db_name, "filedb");
	CU_ASSERT_EQUAL(c.jwt_access_ttl, 120);
	CU_ASSERT_EQUAL(c.log_level, LOG_LEVEL_ERROR);
	cfg_free(&c);

	/* RISE_CONFIG, when no path is given. */
	setenv("RISE_CONFIG", t.conf, 1);
	CU_ASSERT_EQUAL(cfg_load(&c, NULL, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "db.name", c.db_name, "filedb");
	check_str(__LINE__, "root", c.root, t.dir);
	cfg_free(&c);
	unsetenv("RISE_CONFIG");
	tmp_remove(&t);
}

/* Relative paths are taken against root, from the file or RISE_ROOT. */
static void
test_root(void)
{
	struct tmp	 t;
	struct cfg	 c;
	char		 err[512] = "";

	CU_ASSERT_FATAL(tmp_make(&t, "templates_dir = tpl\nroot = /srv/rise\n"
	    "sql_dir = /abs/sql\n"));
	CU_ASSERT_EQUAL_FATAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "root", c.root, "/srv/rise");
	check_str(__LINE__, "db.host", c.db_host, "/srv/rise/var/run");
	check_str(__LINE__, "templates_dir", c.templates_dir, "/srv/rise/tpl");
	check_str(__LINE__, "jwt.secret_file", c.jwt_secret_file,
	    "/srv/rise/var/jwt.secret");
	check_str(__LINE__, "sql_dir", c.sql_dir, "/abs/sql");
	cfg_free(&c);

	/* A db.host without a '/' names hosts, not a directory. */
	setenv("RISE_DB_HOST", "db1.example.net,10.0.0.2", 1);
	CU_ASSERT_EQUAL_FATAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "db.host", c.db_host, "db1.example.net,10.0.0.2");
	cfg_free(&c);
	unsetenv("RISE_DB_HOST");

	setenv("RISE_ROOT", "/opt/rise", 1);
	CU_ASSERT_EQUAL_FATAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "root", c.root, "/opt/rise");
	check_str(__LINE__, "templates_dir", c.templates_dir, "/opt/rise/tpl");
	check_str(__LINE__, "sql_dir", c.sql_dir, "/abs/sql");
	cfg_free(&c);

	setenv("RISE_ROOT", "relative", 1);
	err[0] = '\0';
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "root"));
	cfg_free(&c);
	unsetenv("RISE_ROOT");
	tmp_remove(&t);
}

/*
 * A file directly under /tmp has root "/": paths must still come out
 * as "/var/run", not "//var/run" (POSIX leaves a leading "//" to the
 * implementation).
 */
static void
test_root_slash(void)
{
	char		 path[] = "/tmp/rise-cfg-XXXXXX", err[512] = "";
	struct cfg	 c;
	int		 fd;

	CU_ASSERT_FATAL((fd = mkstemp(path)) >= 0);
	close(fd);
	CU_ASSERT_EQUAL_FATAL(cfg_load(&c, path, err, sizeof(err)), APP_OK);
	check_str(__LINE__, "root", c.root, "/");
	check_str(__LINE__, "db.host", c.db_host, "/var/run");
	check_str(__LINE__, "sql_dir", c.sql_dir, "/sql");
	cfg_free(&c);
	unlink(path);
}

static void
test_errors(void)
{
	static const struct {
		int		 line;
		const char	*text;
		const char	*env;		/* "NAME=value" or NULL */
		const char	*err;		/* expected in the message */
	} t[] = {
		/* Syntax. */
		{ __LINE__, "db.name = x\ndb.nmae = y\n", NULL,
		    ":2: unknown setting 'db.nmae'" },
		{ __LINE__, "DB.NAME = x\n", NULL, ":1: unknown setting 'DB.NAME'" },
		{ __LINE__, "db_name = x\n", NULL, ":1: unknown setting 'db_name'" },
		{ __LINE__, " = x\n", NULL, ":1: unknown setting ''" },
		{ __LINE__, "\n# comment\njust some words\n", NULL,
		    ":3: expected key = value" },
		{ __LINE__, "db.name\n", NULL, ":1: expected key = value" },
		{ __LINE__, "db.name: x\n", NULL, ":1: expected key = value" },
		/* Integers. */
		{ __LINE__, "db.port = 1\n\n\njwt.access_ttl = abc\n", NULL,
		    ":4: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl = 29\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl = 86401\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl = -900\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl = 900s\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl = 9 00\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl = 0x100\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl =\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.access_ttl = 99999999999999999999\n", NULL,
		    ":1: jwt.access_ttl must be an integer from 30 to 86400" },
		{ __LINE__, "jwt.refresh_ttl = 59\n", NULL,
		    ":1: jwt.refresh_ttl must be an integer from 60 to 31536000" },
		{ __LINE__, "http.body_max = 1023\n", NULL,
		    ":1: http.body_max must be an integer from 1024 to 1073741824" },
		{ __LINE__, "assessment.expiry_days = 0\n", NULL,
		    ":1: assessment.expiry_days must be an integer from 1 to 365" },
		{ __LINE__, "assessment.expiry_days = 366\n", NULL,
		    ":1: assessment.expiry_days must be an integer from 1 to 365" },
		{ __LINE__, "scoring.readiness_threshold = 101\n", NULL,
		    ":1: scoring.readiness_threshold must be an integer from 1 to 100" },
		{ __LINE__, "scoring.readiness_threshold = 0\n", NULL,
		    ":1: scoring.readiness_threshold must be an integer from 1 to 100" },
		/* Rates. */
		{ __LINE__, "rate_limit.default = abc\n", NULL,
		    ":1: rate_limit.default must be COUNT/SECONDS, e.g. 100/900" },
		{ __LINE__, "rate_limit.login = 5\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.login = 5/\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.login = /900\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.login = 0/900\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.login = 5/0\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.login = -5/900\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.login = 5/900/1\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.login = 5 / 900\n", NULL,
		    ":1: rate_limit.login must be COUNT/SECONDS" },
		{ __LINE__, "rate_limit.report = 5/900x\n", NULL,
		    ":1: rate_limit.report must be COUNT/SECONDS" },
		/* URLs. */
		{ __LINE__, "public_base_url = ftp://rise.example.com\n", NULL,
		    ":1: public_base_url must be an http:// or https:// URL" },
		{ __LINE__, "public_base_url = rise.example.com\n", NULL,
		    ":1: public_base_url must be an http:// or https:// URL" },
		{ __LINE__, "public_base_url = HTTP//rise\n", NULL,
		    ":1: public_base_url must be an http:// or https:// URL" },
		{ __LINE__, "public_base_url =\n", NULL,
		    ":1: public_base_url must be an http:// or https:// URL" },
		/* A scheme without a host is no URL either. */
		{ __LINE__, "public_base_url = http://\n", NULL,
		    ":1: public_base_url must be an http:// or https:// URL" },
		{ __LINE__, "public_base_url = https:///\n", NULL,
		    ":1: public_base_url must be an http:// or https:// URL" },
		/* Log levels. */
		{ __LINE__, "log.level = verbose\n", NULL,
		    ":1: log.level must be error, warn, info or debug" },
		{ __LINE__, "log.level = INFO\n", NULL,
		    ":1: log.level must be error, warn, info or debug" },
		{ __LINE__, "log.level = warning\n", NULL,
		    ":1: log.level must be error, warn, info or debug" },
		{ __LINE__, "log.level =\n", NULL,
		    ":1: log.level must be error, warn, info or debug" },
		/* Required strings and paths. */
		{ __LINE__, "db.name =\n", NULL, ":1: db.name must not be empty" },
		{ __LINE__, "jwt.issuer = \t \n", NULL,
		    ":1: jwt.issuer must not be empty" },
		{ __LINE__, "templates_dir =\n", NULL,
		    ":1: templates_dir must not be empty" },
		{ __LINE__, "db.host =\n", NULL, ":1: db.host must not be empty" },
		{ __LINE__, "root = relative/dir\n", NULL,
		    "root must be an absolute directory" },
		/* The environment names itself. */
		{ __LINE__, "", "RISE_RATE_LIMIT_DEFAULT=abc",
		    "RISE_RATE_LIMIT_DEFAULT: rate_limit.default must be COUNT/SECONDS" },
		{ __LINE__, "", "RISE_DB_NAME=",
		    "RISE_DB_NAME: db.name must not be empty" },
		{ __LINE__, "", "RISE_PUBLIC_BASE_URL=localhost",
		    "RISE_PUBLIC_BASE_URL: public_base_url must be an http" },
		{ __LINE__, "", "RISE_HTTP_BODY_MAX=1k",
		    "RISE_HTTP_BODY_MAX: http.body_max must be an integer" },
	};
	struct tmp	 tm;
	struct cfg	 c;
	char		 err[1024], name[64], want[PATH_MAX + 128];
	const char	*eq;
	enum app_err	 rc;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		if (!tmp_make(&tm, t[i].text)) {
			check_at(t[i].line, false, "cannot write %s", tm.conf);
			continue;
		}
		name[0] = '\0';
		if (t[i].env != NULL) {
			eq = strchr(t[i].env, '=');
			snprintf(name, sizeof(name), "%.*s", (int)(eq - t[i].env),
			    t[i].env);
			setenv(name, eq + 1, 1);
		}
		err[0] = '\0';
		rc = cfg_load(&c, tm.conf, err, sizeof(err));
		check_at(t[i].line, rc == APP_ERR_CONFIG, "cfg_load = %d, want %d (%s)",
		    rc, APP_ERR_CONFIG, err);
		/* File errors start with the file's name. */
		if (t[i].err[0] == ':')
			snprintf(want, sizeof(want), "%s%s", tm.conf, t[i].err);
		else
			snprintf(want, sizeof(want), "%s", t[i].err);
		check_at(t[i].line, strstr(err, want) != NULL,
		    "error \"%s\", want \"%s\"", err, want);
		cfg_free(&c);
		if (name[0] != '\0')
			unsetenv(name);
		tmp_remove(&tm);
	}
}

/* A missing file and an over-long line. */
static void
test_file_errors(void)
{
	struct tmp	 t;
	struct cfg	 c;
	char		 err[1024], *text, want[PATH_MAX + 64];
	size_t		 n = 5000, off;

	err[0] = '\0';
	CU_ASSERT_EQUAL(cfg_load(&c, "/nonexistent/rise.conf", err, sizeof(err)),
	    APP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/rise.conf"));
	cfg_free(&c);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text = malloc(n + 64));
	snprintf(text, n + 64, "db.name = x\ndb.password = ");
	off = strlen(text);
	memset(text + off, 'p', n);
	text[off + n] = '\0';
	strcat(text, "\n");
	CU_ASSERT_FATAL(tmp_make(&t, text));
	free(text);
	err[0] = '\0';
	CU_ASSERT_EQUAL(cfg_load(&c, t.conf, err, sizeof(err)), APP_ERR_CONFIG);
	snprintf(want, sizeof(want), "%s:2: line too long", t.conf);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	cfg_free(&c);
	tmp_remove(&t);

	/* cfg_free accepts NULL and a zeroed struct, twice. */
	cfg_free(NULL);
	memset(&c, 0, sizeof(c));
	cfg_free(&c);
	cfg_free(&c);
}

static void
test_trusted_proxy(void)
{
	static const struct {
		int		 line;
		const char	*list;
		const char	*addr;
		int		 want;
	} t[] = {
		{ __LINE__, "10.0.0.1", "10.0.0.1", 1 },
		{ __LINE__, "10.0.0.1,10.0.0.2", "10.0.0.2", 1 },
		{ __LINE__, "10.0.0.1, 10.0.0.2", "10.0.0.2", 1 },
		{ __LINE__, " 10.0.0.1 , 10.0.0.2 ,", "10.0.0.1", 1 },
		{ __LINE__, "127.0.0.1,::1", "::1", 1 },
		{ __LINE__, "10.0.0.1", "10.0.0.2", 0 },
		{ __LINE__, "10.0.0.10", "10.0.0.1", 0 },	/* prefix */
		{ __LINE__, "10.0.0.1", "10.0.0.10", 0 },
		{ __LINE__, "110.0.0.1", "10.0.0.1", 0 },	/* suffix */
		{ __LINE__, "10.0.0.1", "0.0.1", 0 },
		{ __LINE__, "10.0.0.1", "", 0 },
		{ __LINE__, "", "10.0.0.1", 0 },
		{ __LINE__, "", "", 0 },
		{ __LINE__, ",,", "", 0 },
		{ __LINE__, "10.0.0.1,10.0.0.2", "10.0.0.1,10.0.0.2", 0 },
		{ __LINE__, NULL, "10.0.0.1", 0 },
	};
	struct cfg	c;
	size_t		i;
	int		got;

	for (i = 0; i < NELEM(t); i++) {
		memset(&c, 0, sizeof(c));
		c.trusted_proxies = (char *)t[i].list;
		got = cfg_trusted_proxy(&c, t[i].addr);
		check_at(t[i].line, got == t[i].want,
		    "cfg_trusted_proxy(\"%s\", \"%s\") = %d", str_or_null(t[i].list),
		    t[i].addr, got);
	}
}

void
suite_config(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "cfg_load defaults", test_defaults },
		{ "cfg_load values", test_values },
		{ "cfg_load environment", test_env },
		{ "cfg_load root", test_root },
		{ "cfg_load root \"/\"", test_root_slash },
		{ "cfg_load errors", test_errors },
		{ "cfg_load file errors", test_file_errors },
		{ "cfg_trusted_proxy", test_trusted_proxy },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("config", suite_init, suite_clean)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
