/*
 * log.h: one log function.  Lines go to standard error, which lighttpd
 * and Apache write to their error log:
 *
 *   2026-11-22T10:00:00Z auth[123] info rid=ab12… message
 *
 * Non-printable characters are replaced by '?'.  Never pass passwords,
 * tokens, JWTs or SQL parameters.
 */
#ifndef RISE_LOG_H
#define RISE_LOG_H

#include "config.h"

/* Sets the program name and the lowest level written. */
void	log_init(const char *prog, enum log_level);

/* True if a message of this level would be written. */
int	log_enabled(enum log_level);

void	log_write(enum log_level, const char *file, int line, const char *rid,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define LOG_ERROR(rid, ...) log_write(LOG_LEVEL_ERROR, __FILE__, __LINE__, rid, __VA_ARGS__)
#define LOG_WARN(rid, ...)  log_write(LOG_LEVEL_WARN, __FILE__, __LINE__, rid, __VA_ARGS__)
#define LOG_INFO(rid, ...)  log_write(LOG_LEVEL_INFO, __FILE__, __LINE__, rid, __VA_ARGS__)
#define LOG_DEBUG(rid, ...) log_write(LOG_LEVEL_DEBUG, __FILE__, __LINE__, rid, __VA_ARGS__)

#endif
