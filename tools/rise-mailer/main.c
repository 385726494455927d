/*
 * rise-mailer: sends the mail outbox over SMTP and queues due reminders.
 *
 * Claims the oldest runnable mail of any tenant with FOR UPDATE SKIP
 * LOCKED and a lease (mail_claim), sends the message stored with it
 * through libcurl's SMTP (STARTTLS required when mail.starttls is on),
 * and marks it "sent" in one UPDATE that only a mail still queued
 * accepts, after the server accepted it.  The SMTP exchange times out
 * before the lease runs out, so no two senders hold one mail at once.
 *
 * Exactly once: a mail is marked sent only after the server's 250 for
 * its DATA, and marked at most once.  Between that 250 and the commit of
 * the mark (a crash, a lost database) the mail stays queued with its
 * lease, and once the lease runs out a sender sends it again: at most one
 * duplicate per crash, since a sender holds one mail at a time, with the
 * same Message-ID.  No commit protocol spans SMTP and PostgreSQL; this
 * is the window every outbox has.
 *
 * A failure is retried with back-off (30 s times the try squared, at most
 * an hour); after mail.max_attempts the mail is "failed" with the reason.
 * With no mail.smtp_host the mailer sends nothing and marks queued mail
 * "held".  Every mail.scan_seconds it queues the reminders that are due
 * (mail_reminders_due), each in a transaction of its tenant.  Sleeps on
 * LISTEN mail_jobs between mails, waking every few seconds for leases and
 * back-offs that ran out.  SIGTERM finishes the mail in hand.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "auth.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "util.h"

static volatile sig_atomic_t stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The mail in hand. */
struct job {
	char		 id[UTIL_ID_MAX];
	char		 org[UTIL_ID_MAX];
	char		 to[MAIL_ADDR_MAX];
	long		 attempts;
	const char	*msg;		/* the stored message, in the claim's result */
	size_t		 len, off;	/* what the read callback has handed over */
};

/* libcurl's read callback: the next piece of the message. */
static size_t
feed(char *buf, size_t size, size_t n, void *arg)
{
	struct job	*j = arg;
	size_t		 k = size * n;

	if (k > j->len - j->off)
		k = j->len - j->off;
	memcpy(buf, j->msg + j->off, k);
	j->off += k;
	return k;
}

/*
 * Sends j's message to its one recipient.  Returns true if the server
 * accepted it; else why holds the reason.
 */
static bool
smtp_send(const struct cfg *cfg, struct job *j, char *why, size_t whysz)
{
	CURL			*c;
	struct curl_slist	*rcpt = NULL;
	char			 url[512], from[MAIL_ADDR_MAX + 2], to[MAIL_ADDR_MAX + 2];
	char			 name[MAIL_NAME_MAX], addr[MAIL_ADDR_MAX];
	char			 cerr[CURL_ERROR_SIZE];
	CURLcode		 rc = CURLE_FAILED_INIT;
	long			 timeout;

	*why = cerr[0] = '\0';
	if (!mail_addr_parse(cfg->mail_from, name, addr)) {
		snprintf(why, whysz, "mail.from is not an address");
		return false;
	}
	if (!mail_addr_parse(j->to, name, to)) {
		snprintf(why, whysz, "the recipient is not an address");
		return false;
	}
	snprintf(from, sizeof(from), "<%s>", addr);
	snprintf(to, sizeof(to), "<%s>", j->to);
	/* The host part of our From address names us in EHLO. */
	snprintf(url, sizeof(url), "smtp://%s:%ld/%s", cfg->mail_smtp_host,
	    cfg->mail_smtp_port, strrchr(addr, '@') + 1);
	/* Done before the lease runs out, so no other sender takes it meanwhile. */
	timeout = cfg->mail_lease > 3 ? cfg->mail_lease - 2 : 1;
	if ((c = curl_easy_init()) == NULL ||
	    (rcpt = curl_slist_append(NULL, to)) == NULL)
		goto out;
	j->off = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout : 10L);
	curl_easy_setopt(c, CURLOPT_USE_SSL,
	    cfg->mail_starttls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
	if (*cfg->mail_user != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->mail_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->mail_password);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
	curl_easy_setopt(c, CURLOPT_READDATA, j);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)j->len);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(c);
out:
	if (rc != CURLE_OK)
		snprintf(why, whysz, "%s", *cerr != '\0' ? cerr : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc == CURLE_OK;
}

/*
 * Records a failed try in the mail's tenant: back off and retry, or give
 * up with the reason.  Should this fail too, the lease runs out and the
 * mail is tried again.
 */
static void
job_failed(struct db *db, const struct cfg *cfg, const struct job *j,
    const char *why)
{
	char		 delay[24];
	long		 d;
	PGresult	*res = NULL;

	LOG_WARN(j->id, "mail to %s failed (try %ld of %ld): %s", j->to, j->attempts,
	    cfg->mail_attempts, why);
	if (db_begin(db) != APP_OK ||
	    db_tenant(db, j->org, "", "worker") != APP_OK) {
		db_rollback(db);
		return;
	}
	if (j->attempts >= cfg->mail_attempts)
		res = DB_Q(db, STMT_MAIL_FAIL, j->id, why);
	else {
		d = j->attempts * j->attempts * 30;
		snprintf(delay, sizeof(delay), "%ld", d > 3600 ? 3600 : d);
		res = DB_Q(db, STMT_MAIL_RETRY, j->id, why, delay);
	}
	if (res == NULL || db_commit(db) != APP_OK)
		db_rollback(db);
	PQclear(res);
}

/* Marks j sent; true if this call did (false: the database failed). */
static bool
mark_sent(struct db *db, const struct job *j)
{
	PGresult	*res = NULL;
	bool		 ok = false;

	if (db_begin(db) != APP_OK || db_tenant(db, j->org, "", "worker") != APP_OK ||
	    (res = DB_Q(db, STMT_MAIL_SENT, j->id)) == NULL ||
	    db_commit(db) != APP_OK) {
		db_rollback(db);
		PQclear(res);
		return false;
	}
	ok = true;
	if (PQntuples(res) == 0)
		LOG_WARN(j->id, "mail was no longer queued when marked sent");
	PQclear(res);
	return ok;
}

/* Claims and sends one mail: 1 if there was one, 0 if none, -1 on error. */
static int
job_run(struct db *db, const struct cfg *cfg)
{
	struct job	 j;
	PGresult	*res;
	char		 lease[16], why[CURL_ERROR_SIZE + 64];
	int		 tries;

	snprintf(lease, sizeof(lease), "%ld", cfg->mail_lease);
	if ((res = DB_Q(db, STMT_MAIL_CLAIM, lease)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	memset(&j, 0, sizeof(j));
	snprintf(j.id, sizeof(j.id), "%s", db_get(res, 0, 0));
	snprintf(j.org, sizeof(j.org), "%s", db_get(res, 0, 1));
	snprintf(j.to, sizeof(j.to), "%s", db_get(res, 0, 2));
	j.msg = db_get(res, 0, 3);
	j.len = strlen(j.msg);
	j.attempts = (long)db_getll(res, 0, 4);
	if (!smtp_send(cfg, &j, why, sizeof(why))) {
		PQclear(res);
		job_failed(db, cfg, &j, why);
		return 1;
	}
	PQclear(res);
	/*
	 * Accepted: mark it while the lease holds.  A database that is away
	 * gets a few more tries; after that the mail is sent again later.
	 */
	for (tries = 0; !mark_sent(db, &j) && tries < 3; tries++) {
		LOG_ERROR(j.id, "mail sent but not yet marked sent: %s",
		    db_sqlstate(db));
		sleep(1);
	}
	if (tries == 3)
		LOG_ERROR(j.id, "mail sent but could not be marked; it will be "
		    "sent again when its lease runs out");
	else
		LOG_INFO(j.id, "mail sent to %s", j.to);
	return 1;
}

/* Queues every reminder that is due, each in its tenant's transaction. */
static void
scan_reminders(struct db *db, const struct cfg *cfg, const struct auth_key *key)
{
	PGresult	*due;
	char		 mid[UTIL_ID_MAX];
	enum app_err	 rc;

	if ((due = DB_Q0(db, STMT_MAIL_DUE)) == NULL)
		return;
	for (int i = 0; i < PQntuples(due) && !stopping; i++) {
		if (db_begin(db) != APP_OK ||
		    db_tenant(db, db_get(due, i, 1), db_get(due, i, 2), "worker") != APP_OK) {
			db_rollback(db);
			break;
		}
		rc = mail_queue(db, cfg, key, MAIL_REMINDER, db_get(due, i, 0), mid);
		if (rc != APP_OK || db_commit(db) != APP_OK) {
			LOG_WARN(db_get(due, i, 0), "reminder not queued: %s",
			    app_strerror(rc));
			db_rollback(db);
		} else if (*mid != '\0')
			LOG_INFO(mid, "reminder queued for %s", db_get(due, i, 0));
	}
	PQclear(due);
}

/* With no SMTP host: queued mail becomes held, to be listed and released. */
static void
hold(struct db *db)
{
	PGresult	*res;

	if ((res = DB_Q0(db, STMT_MAIL_HOLD)) == NULL)
		return;
	if (db_getll(res, 0, 0) > 0)
		LOG_INFO(NULL, "%lld mails held: no mail.smtp_host (risectl mail list)",
		    db_getll(res, 0, 0));
	PQclear(res);
}

int
main(void)
{
	struct cfg		 cfg;
	struct auth_key		 key;
	struct db		*db = NULL;
	struct sigaction	 sa;
	char			 err[512];
	time_t			 next_scan = 0, now;
	int			 status = 1, n;

	memset(&key, 0, sizeof(key));
	if (cfg_load(&cfg, NULL, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "rise-mailer: %s\n", err);
		goto out;
	}
	log_init("mailer", cfg.log_level);
	if (auth_key_load(&key, &cfg, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "rise-mailer: %s\n", err);
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "rise-mailer: libcurl failed to start\n");
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (db_open(&db, &cfg, false) != APP_OK)
		goto out;
	(void)db_listen(db, "mail_jobs");
	LOG_INFO(NULL, "started: %s", *cfg.mail_smtp_host != '\0' ?
	    "sending" : "holding mail (no mail.smtp_host)");
	while (!stopping) {
		if ((now = time(NULL)) >= next_scan) {
			scan_reminders(db, &cfg, &key);
			next_scan = now + cfg.mail_scan;
		}
		if (*cfg.mail_smtp_host == '\0')
			hold(db);
		else
			while (!stopping && (n = job_run(db, &cfg)) > 0)
				continue;
		if (stopping)
			break;
		now = time(NULL);
		if (db_wait(db, next_scan - now < 2 ? 1000 : 2000) < 0)
			sleep(1);	/* PostgreSQL is away; db_wait reconnects */
	}
	LOG_INFO(NULL, "stopped");
	status = 0;
out:
	mail_cleanup();
	db_close(db);
	explicit_bzero(&key, sizeof(key));
	cfg_free(&cfg);
	curl_global_cleanup();
	return status;
}
