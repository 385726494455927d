/*
 * rise-worker: renders queued reports.
 *
 * Claims the oldest runnable job of any tenant with FOR UPDATE SKIP
 * LOCKED and a lease (report_claim), renders the PDF, and stores it with
 * status "ready" in one UPDATE that only a job still processing accepts,
 * so a report is stored exactly once even if a lease ran out.  A failure
 * is retried with back-off; after reports.max_attempts the report is
 * "failed" with the reason.  A worker that dies leaves its lease to
 * expire and another worker (here or on another host) takes the job.
 * Sleeps on LISTEN report_jobs between jobs, waking every few seconds for
 * leases and back-offs that ran out.  SIGTERM finishes the job in hand.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "config.h"
#include "db.h"
#include "log.h"
#include "report.h"
#include "util.h"

static volatile sig_atomic_t stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The job in hand: which report, in which tenant, which try. */
struct job {
	char	id[UTIL_ID_MAX];
	char	org[UTIL_ID_MAX];
	char	user[UTIL_ID_MAX];
	long	attempts;
};

/*
 * Records a failed try in a transaction of its own, in the report's
 * tenant (the failed one was rolled back): back off and retry, or give up
 * with the reason.
 */
static void
job_failed(struct db *db, const struct cfg *cfg, const struct job *j,
    const char *why)
{
	char		 delay[24];
	PGresult	*res = NULL;

	db_rollback(db);
	LOG_WARN(j->id, "report failed (try %ld of %ld): %s", j->attempts,
	    cfg->report_attempts, why);
	if (db_begin(db) != APP_OK ||
	    db_tenant(db, j->org, j->user, "worker") != APP_OK) {
		db_rollback(db);
		return;		/* the lease runs out and the job is tried again */
	}
	if (j->attempts >= cfg->report_attempts)
		res = DB_Q(db, STMT_REPORT_FAIL, j->id, why);
	else {
		snprintf(delay, sizeof(delay), "%ld", j->attempts * j->attempts * 5);
		res = DB_Q(db, STMT_REPORT_RETRY, j->id, why, delay);
	}
	if (res == NULL || db_commit(db) != APP_OK)
		db_rollback(db);
	PQclear(res);
}

/* Claims and renders one job: 1 if there was one, 0 if none, -1 on error. */
static int
job_run(struct db *db, const struct cfg *cfg, struct report_ctx *rc)
{
	struct report_out	 out;
	struct job		 j;
	PGresult		*res;
	char			 lease[16], pages[16], ms[32];
	char			*hex = NULL, why[256];
	int64_t			 t0;

	snprintf(lease, sizeof(lease), "%ld", cfg->report_lease);
	if ((res = DB_Q(db, STMT_REPORT_CLAIM, lease)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	snprintf(j.id, sizeof(j.id), "%s", db_get(res, 0, 0));
	snprintf(j.org, sizeof(j.org), "%s", db_get(res, 0, 1));
	snprintf(j.user, sizeof(j.user), "%s", db_get(res, 0, 2));
	j.attempts = (long)db_getll(res, 0, 3);
	PQclear(res);
	t0 = util_now_us();
	memset(&out, 0, sizeof(out));
	if (db_begin(db) != APP_OK || db_tenant(db, j.org, j.user, "worker") != APP_OK) {
		db_rollback(db);
		return -1;
	}
	if (report_render(rc, db, j.id, &out, why, sizeof(why)) != APP_OK) {
		job_failed(db, cfg, &j, why);
		return 1;
	}
	snprintf(pages, sizeof(pages), "%d", out.pages);
	snprintf(ms, sizeof(ms), "%.3f", (double)(util_now_us() - t0) / 1000.0);
	if ((hex = malloc(2 * out.len + 3)) == NULL) {
		report_out_free(&out);
		job_failed(db, cfg, &j, "out of memory");
		return 1;
	}
	hex[0] = '\\';
	hex[1] = 'x';
	util_hex(hex + 2, out.pdf, out.len);
	res = DB_Q(db, STMT_REPORT_DONE, j.id, hex, pages, ms, out.file_name);
	free(hex);
	report_out_free(&out);
	if (res == NULL || db_commit(db) != APP_OK) {
		PQclear(res);
		job_failed(db, cfg, &j, "could not store the PDF");
		return 1;
	}
	if (PQntuples(res) == 0)
		LOG_INFO(j.id, "report was already stored by another worker");
	else
		LOG_INFO(j.id, "report ready: %s pages in %s ms", pages, ms);
	PQclear(res);
	return 1;
}

int
main(void)
{
	struct cfg		 cfg;
	struct db		*db = NULL;
	struct report_ctx	*rc = NULL;
	struct sigaction	 sa;
	char			 err[512];
	int			 status = 1, n;

	if (cfg_load(&cfg, NULL, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "rise-worker: %s\n", err);
		goto out;
	}
	log_init("worker", cfg.log_level);
	if (report_init(&rc, &cfg, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "rise-worker: %s\n", err);
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (db_open(&db, &cfg, false) != APP_OK)
		goto out;
	(void)db_listen(db, "report_jobs");
	LOG_INFO(NULL, "started");
	while (!stopping) {
		/* Drain the queue, then sleep until a job is queued or 2 s pass. */
		while (!stopping && (n = job_run(db, &cfg, rc)) > 0) {
#ifdef __SANITIZE_ADDRESS__
			/* Sanitizer builds: what a job leaked is reported now. */
			__lsan_do_recoverable_leak_check();
#endif
		}
		if (stopping)
			break;
		if (db_wait(db, 2000) < 0)
			sleep(1);	/* PostgreSQL is away; db_wait reconnects */
	}
	LOG_INFO(NULL, "stopped");
	status = 0;
out:
	report_free(rc);
	db_close(db);
	cfg_free(&cfg);
	return status;
}
