/* config.c: rise.conf and RISE_* environment settings. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mail.h"

enum cfg_type {
	CFG_STR,		/* any string, may be empty */
	CFG_REQ,		/* non-empty string */
	CFG_PATH,		/* path, made absolute against root */
	CFG_HOST,		/* host name(s) as is; with a '/', a CFG_PATH */
	CFG_URL,		/* http(s) URL, trailing slash removed */
	CFG_INT,		/* integer within [min, max] */
	CFG_RATE,		/* COUNT/SECONDS */
	CFG_LEVEL,		/* error, warn, info, debug */
	CFG_ONOFF,		/* on or off, as a long 1 or 0 */
	CFG_MAILBOX,		/* "Name <addr>" or "addr" (mail_addr_parse) */
};

struct cfg_key {
	const char	*name;
	enum cfg_type	 type;
	size_t		 off;
	const char	*def;
	long		 min, max;
};

#define S(f)	offsetof(struct cfg, f)
static const struct cfg_key keys[] = {
	{ "db.host",		CFG_HOST, S(db_host), "var/run", 0, 0 },
	{ "db.port",		CFG_REQ, S(db_port), "5432", 0, 0 },
	{ "db.name",		CFG_REQ, S(db_name), "rise", 0, 0 },
	{ "db.user",		CFG_REQ, S(db_user), "rise_app", 0, 0 },
	{ "db.password",	CFG_STR, S(db_password), "", 0, 0 },
	{ "db.admin_user",	CFG_REQ, S(db_admin_user), "rise_admin", 0, 0 },
	{ "db.admin_password",	CFG_STR, S(db_admin_password), "", 0, 0 },
	{ "jwt.secret_file",	CFG_PATH, S(jwt_secret_file), "var/jwt.secret", 0, 0 },
	{ "jwt.issuer",		CFG_REQ, S(jwt_issuer), "rise-suite", 0, 0 },
	{ "jwt.audience",	CFG_REQ, S(jwt_audience), "rise-suite-api", 0, 0 },
	{ "jwt.access_ttl",	CFG_INT, S(jwt_access_ttl), "900", 30, 86400 },
	{ "jwt.refresh_ttl",	CFG_INT, S(jwt_refresh_ttl), "2592000", 60, 31536000 },
	{ "public_base_url",	CFG_URL, S(public_base_url), "http://127.0.0.1:8080", 0, 0 },
	{ "http.body_max",	CFG_INT, S(body_max), "1048576", 1024, 1073741824 },
	{ "http.trusted_proxies", CFG_STR, S(trusted_proxies), "", 0, 0 },
	{ "http.cors_origins",	CFG_STR, S(cors_origins), "", 0, 0 },
	{ "log.level",		CFG_LEVEL, S(log_level), "info", 0, 0 },
	{ "rate_limit.default",	CFG_RATE, S(rate[RL_DEFAULT]), "100/900", 0, 0 },
	{ "rate_limit.login",	CFG_RATE, S(rate[RL_LOGIN]), "5/900", 0, 0 },
	{ "rate_limit.register", CFG_RATE, S(rate[RL_REGISTER]), "3/3600", 0, 0 },
	{ "rate_limit.password", CFG_RATE, S(rate[RL_PASSWORD]), "3/3600", 0, 0 },
	{ "rate_limit.report",	CFG_RATE, S(rate[RL_REPORT]), "10/60", 0, 0 },
	{ "rate_limit.client",	CFG_RATE, S(rate[RL_CLIENT]), "600/900", 0, 0 },
	{ "rate_limit.web",	CFG_RATE, S(rate[RL_WEB]), "1000/900", 0, 0 },
	{ "rate_limit.invite",	CFG_RATE, S(rate[RL_INVITE]), "5/3600", 0, 0 },
	{ "assessment.expiry_days", CFG_INT, S(expiry_days), "7", 1, 365 },
	{ "scoring.readiness_threshold", CFG_INT, S(readiness_threshold), "70", 1, 100 },
	{ "reports.lease_seconds", CFG_INT, S(report_lease), "60", 2, 3600 },
	{ "reports.max_attempts", CFG_INT, S(report_attempts), "3", 1, 20 },
	{ "reports.link_seconds", CFG_INT, S(report_link_ttl), "86400", 1, 604800 },
	{ "reports.font_dir",	CFG_PATH, S(font_dir), "/usr/share/fonts/truetype/dejavu", 0, 0 },
	{ "mail.smtp_host",	CFG_STR, S(mail_smtp_host), "", 0, 0 },
	{ "mail.smtp_port",	CFG_INT, S(mail_smtp_port), "587", 1, 65535 },
	{ "mail.starttls",	CFG_ONOFF, S(mail_starttls), "on", 0, 0 },
	{ "mail.user",		CFG_STR, S(mail_user), "", 0, 0 },
	{ "mail.password",	CFG_STR, S(mail_password), "", 0, 0 },
	{ "mail.from",		CFG_MAILBOX, S(mail_from), "RISE Suite <no-reply@rise.local>", 0, 0 },
	{ "mail.max_attempts",	CFG_INT, S(mail_attempts), "5", 1, 50 },
	{ "mail.lease_seconds",	CFG_INT, S(mail_lease), "120", 3, 3600 },
	{ "mail.scan_seconds",	CFG_INT, S(mail_scan), "300", 1, 86400 },
	{ "templates_dir",	CFG_PATH, S(templates_dir), "templates", 0, 0 },
	{ "sql_dir",		CFG_PATH, S(sql_dir), "sql", 0, 0 },
};
#undef S

static const char *const levels[LOG_LEVEL__MAX] = { "error", "warn", "info", "debug" };

/* One value per key while loading: from the file, then the environment. */
struct raw {
	char	*val[NELEM(keys)];
	char	 where[NELEM(keys)][64];
};

static enum app_err
fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return APP_ERR_CONFIG;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
key_index(const char *name)
{
	size_t	i;

	for (i = 0; i < NELEM(keys); i++)
		if (strcmp(keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Reads the file into raw, naming file and line in errors. */
static enum app_err
read_file(struct raw *raw, char **root, const char *path, char *err, size_t errsz)
{
	FILE		*f;
	char		 line[4096], *k, *v, *eq;
	int		 lineno = 0, i;
	enum app_err	 rc = APP_OK;

	if ((f = fopen(path, "r")) == NULL)
		return fail(err, errsz, "%s: %s", path, strerror(errno));
	while (rc == APP_OK && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			rc = fail(err, errsz, "%s:%d: line too long", path, lineno);
			break;
		}
		k = trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			rc = fail(err, errsz, "%s:%d: expected key = value", path, lineno);
			break;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		if (strcmp(k, "root") == 0) {
			free(*root);
			if ((*root = strdup(v)) == NULL)
				rc = APP_ERR_NOMEM;
			continue;
		}
		if ((i = key_index(k)) < 0) {
			rc = fail(err, errsz, "%s:%d: unknown setting '%s'", path, lineno, k);
			break;
		}
		free(raw->val[i]);
		if ((raw->val[i] = strdup(v)) == NULL)
			rc = APP_ERR_NOMEM;
		snprintf(raw->where[i], sizeof(raw->where[i]), "%s:%d", path, lineno);
	}
	fclose(f);
	return rc;
}

/* "rate_limit.default" → "RISE_RATE_LIMIT_DEFAULT". */
static void
env_name(char *out, size_t sz, const char *key)
{
	size_t	o;

	o = (size_t)snprintf(out, sz, "RISE_");
	for (; *key != '\0' && o + 1 < sz; key++)
		out[o++] = *key == '.' ? '_' : (char)toupper((unsigned char)*key);
	out[o] = '\0';
}

static enum app_err
set_value(struct cfg *c, const struct cfg_key *k, const char *v,
    const char *where, char *err, size_t errsz)
{
	char		**sp = (char **)((char *)c + k->off);
	long		 *lp = (long *)((char *)c + k->off);
	char		 *end, *s;
	size_t		  n;
	long		  l;
	int		  i;

	switch (k->type) {
	case CFG_REQ:
		if (*v == '\0')
			return fail(err, errsz, "%s: %s must not be empty", where, k->name);
		/* FALLTHROUGH */
	case CFG_STR:
		return (*sp = strdup(v)) == NULL ? APP_ERR_NOMEM : APP_OK;
	case CFG_HOST:		/* "db1,db2" for libpq, or a socket directory */
		if (*v != '\0' && strchr(v, '/') == NULL)
			return (*sp = strdup(v)) == NULL ? APP_ERR_NOMEM : APP_OK;
		/* FALLTHROUGH */
	case CFG_PATH:
		if (*v == '\0')
			return fail(err, errsz, "%s: %s must not be empty", where, k->name);
		n = strlen(c->root);
		if (*v == '/')
			s = strdup(v);
		else if (asprintf(&s, "%s%s%s", c->root,
		    n > 0 && c->root[n - 1] == '/' ? "" : "/", v) < 0)
			s = NULL;
		return (*sp = s) == NULL ? APP_ERR_NOMEM : APP_OK;
	case CFG_URL:
		n = strncmp(v, "https://", 8) == 0 ? 8 : strncmp(v, "http://", 7) == 0 ? 7 : 0;
		if (n == 0 || v[n] == '\0' || v[n] == '/')
			return fail(err, errsz, "%s: %s must be an http:// or https:// URL "
			    "with a host", where, k->name);
		if ((*sp = strdup(v)) == NULL)
			return APP_ERR_NOMEM;
		n = strlen(*sp);
		while (n > 8 && (*sp)[n - 1] == '/')
			(*sp)[--n] = '\0';
		return APP_OK;
	case CFG_INT:
		errno = 0;
		l = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || l < k->min || l > k->max)
			return fail(err, errsz, "%s: %s must be an integer from %ld to %ld",
			    where, k->name, k->min, k->max);
		*lp = l;
		return APP_OK;
	case CFG_RATE:
		if (!rl_parse(v, (struct rl_limit *)((char *)c + k->off)))
			return fail(err, errsz, "%s: %s must be COUNT/SECONDS, e.g. 100/900",
			    where, k->name);
		return APP_OK;
	case CFG_LEVEL:
		for (i = 0; i < LOG_LEVEL__MAX; i++)
			if (strcmp(v, levels[i]) == 0) {
				*(enum log_level *)((char *)c + k->off) = (enum log_level)i;
				return APP_OK;
			}
		return fail(err, errsz, "%s: %s must be error, warn, info or debug",
		    where, k->name);
	case CFG_ONOFF:
		if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
			return fail(err, errsz, "%s: %s must be on or off", where, k->name);
		*lp = strcmp(v, "on") == 0;
		return APP_OK;
	case CFG_MAILBOX: {
		char	name[MAIL_NAME_MAX], addr[MAIL_ADDR_MAX];

		if (!mail_addr_parse(v, name, addr))
			return fail(err, errsz, "%s: %s must be an address, or a name "
			    "and <address>", where, k->name);
		return (*sp = strdup(v)) == NULL ? APP_ERR_NOMEM : APP_OK;
	}
	}
	return APP_ERR_CONFIG;
}

/*
 * The file read when neither the caller nor RISE_CONFIG names one: the
 * tree's, relative to the working directory.  make install builds its
 * copies with $(SYSCONFDIR)/rise/rise.conf instead.
 */
#ifndef RISE_CONFIG_FILE
#define RISE_CONFIG_FILE	"conf/rise.conf"
#endif

/* The directory above the one that holds path, made absolute. */
static char *
default_root(const char *path)
{
	char	*abs, *slash;

	if ((abs = realpath(path, NULL)) == NULL)
		return NULL;
	for (int i = 0; i < 2; i++) {
		if ((slash = strrchr(abs, '/')) == NULL)
			break;
		if (slash == abs) {
			abs[1] = '\0';
			break;
		}
		*slash = '\0';
	}
	return abs;
}

enum app_err
cfg_load(struct cfg *c, const char *path, char *err, size_t errsz)
{
	struct raw	 raw;
	char		*root = NULL, name[128];
	const char	*v, *where;
	size_t		 i;
	enum app_err	 rc;

	memset(c, 0, sizeof(*c));
	memset(&raw, 0, sizeof(raw));
	if (path == NULL && (path = getenv("RISE_CONFIG")) == NULL)
		path = RISE_CONFIG_FILE;
	if ((rc = read_file(&raw, &root, path, err, errsz)) != APP_OK)
		goto out;
	if ((v = getenv("RISE_ROOT")) != NULL) {
		free(root);
		root = strdup(v);
	} else if (root == NULL)
		root = default_root(path);
	if (root == NULL || *root != '/') {
		rc = fail(err, errsz, "%s: root must be an absolute directory", path);
		goto out;
	}
	c->root = root;
	root = NULL;
	for (i = 0; i < NELEM(keys); i++) {
		env_name(name, sizeof(name), keys[i].name);
		if ((v = getenv(name)) != NULL)
			where = name;
		else if (raw.val[i] != NULL) {
			v = raw.val[i];
			where = raw.where[i];
		} else {
			v = keys[i].def;
			where = "default";
		}
		if ((rc = set_value(c, &keys[i], v, where, err, errsz)) != APP_OK)
			goto out;
	}
	rc = APP_OK;
out:
	if (rc == APP_ERR_NOMEM)
		snprintf(err, errsz, "%s", app_strerror(rc));
	for (i = 0; i < NELEM(keys); i++)
		free(raw.val[i]);
	free(root);
	return rc;
}

void
cfg_free(struct cfg *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < NELEM(keys); i++)
		switch (keys[i].type) {
		case CFG_STR:
		case CFG_REQ:
		case CFG_PATH:
		case CFG_HOST:
		case CFG_URL:
		case CFG_MAILBOX:
			free(*(char **)((char *)c + keys[i].off));
			break;
		default:
			break;
		}
	free(c->root);
	memset(c, 0, sizeof(*c));
}

int
cfg_trusted_proxy(const struct cfg *c, const char *addr)
{
	const char	*p = c->trusted_proxies, *e;
	size_t		 n = strlen(addr);

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		e = p;
		while (*e != '\0' && *e != ',' && *e != ' ')
			e++;
		if ((size_t)(e - p) == n && n > 0 && strncmp(p, addr, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}
