/*
 * config.h: the application settings.
 *
 * Settings come from conf/rise.conf (or the file named by RISE_CONFIG), one
 * "key = value" a line with "#" comments, and every key can be overridden
 * by an environment variable RISE_<KEY> (upper case, dots as underscores).
 * Relative paths are relative to "root", which defaults to the directory
 * above the one holding the file.  A wrong or missing setting is an error
 * that names it, reported at start.
 */
#ifndef RISE_CONFIG_H
#define RISE_CONFIG_H

#include <stddef.h>

#include "app.h"
#include "ratelimit.h"

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
	LOG_LEVEL__MAX
};

struct cfg {
	char		*root;		/* absolute project or install root */
	char		*db_host;	/* socket directory or host name */
	char		*db_port;
	char		*db_name;
	char		*db_user;	/* the application's role */
	char		*db_password;	/* may be empty */
	char		*db_admin_user;	/* owns the schema, runs migrations */
	char		*db_admin_password; /* may be empty */
	char		*jwt_secret_file;
	char		*jwt_issuer;
	char		*jwt_audience;
	long		 jwt_access_ttl;	/* seconds */
	long		 jwt_refresh_ttl;	/* seconds */
	char		*public_base_url;	/* no trailing slash */
	long		 body_max;		/* bytes */
	char		*trusted_proxies;	/* comma-separated addresses */
	char		*cors_origins;		/* comma-separated origins */
	enum log_level	 log_level;
	struct rl_limit	 rate[RL__MAX];
	long		 expiry_days;		/* assessment link lifetime */
	long		 readiness_threshold;	/* phase score, 1..100 */
	long		 report_lease;		/* seconds a worker holds a job */
	long		 report_attempts;	/* tries before a report fails */
	long		 report_link_ttl;	/* seconds a download link works */
	char		*font_dir;		/* DejaVu TrueType fonts */
	char		*mail_smtp_host;	/* "" : hold mail in the outbox */
	long		 mail_smtp_port;
	long		 mail_starttls;		/* 1: require STARTTLS */
	char		*mail_user;		/* "" : no SMTP AUTH */
	char		*mail_password;
	char		*mail_from;		/* a mailbox: "Name <addr>" */
	long		 mail_attempts;		/* tries before a mail fails */
	long		 mail_lease;		/* seconds a sender holds a mail */
	long		 mail_scan;		/* seconds between reminder scans */
	char		*templates_dir;
	char		*sql_dir;
};

/*
 * Loads the settings from path (NULL: $RISE_CONFIG or conf/rise.conf)
 * and the environment into *c.  On error returns APP_ERR_CONFIG (or
 * APP_ERR_NOMEM) with a message naming the setting in err.  The caller
 * releases *c with cfg_free, also after an error.
 */
enum app_err	 cfg_load(struct cfg *c, const char *path, char *err, size_t errsz);

/* Releases what cfg_load allocated; accepts a zeroed or NULL struct. */
void		 cfg_free(struct cfg *c);

/* True if addr is listed in http.trusted_proxies. */
int		 cfg_trusted_proxy(const struct cfg *c, const char *addr);

#endif
