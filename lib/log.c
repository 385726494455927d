/* log.c: the log line. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

static const char	*log_prog = "rise";
static enum log_level	 log_min = LOG_LEVEL_INFO;

static const char *const names[LOG_LEVEL__MAX] = { "error", "warn", "info", "debug" };

void
log_init(const char *prog, enum log_level level)
{
	log_prog = prog;
	log_min = level;
}

int
log_enabled(enum log_level level)
{
	return level <= log_min;
}

void
log_write(enum log_level level, const char *file, int line, const char *rid,
    const char *fmt, ...)
{
	char	 msg[2048], ts[UTIL_TIME_MAX];
	va_list	 ap;
	size_t	 i;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (i = 0; msg[i] != '\0'; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = '?';
	util_time_iso(ts, time(NULL));
	/* Errors carry their source position; request lines need none. */
	if (level <= LOG_LEVEL_WARN)
		fprintf(stderr, "%s %s[%d] %s rid=%s %s (%s:%d)\n", ts, log_prog,
		    (int)getpid(), names[level], rid ? rid : "-", msg, file, line);
	else
		fprintf(stderr, "%s %s[%d] %s rid=%s %s\n", ts, log_prog,
		    (int)getpid(), names[level], rid ? rid : "-", msg);
	fflush(stderr);
}
