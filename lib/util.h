/*
 * util.h: random identifiers, encodings, hashing and time, small and
 * free of I/O except for the kernel's random source.
 */
#ifndef RISE_UTIL_H
#define RISE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"

/* Length of an identifier's random part: 20 characters of [0-9a-z], 103 bits. */
#define UTIL_ID_RANDLEN	20
/* Room for any id: prefix (up to 11 bytes, e.g. "usr_"), random part, NUL. */
#define UTIL_ID_MAX	32
/* Room for an ISO 8601 UTC timestamp "2025-12-22T10:00:00Z" and NUL. */
#define UTIL_TIME_MAX	24

/* Fills buf with len bytes from the kernel's random source (getrandom). */
enum app_err	 util_random(void *buf, size_t len);

/*
 * Writes prefix followed by UTIL_ID_RANDLEN random [0-9a-z] characters into
 * out (UTIL_ID_MAX bytes), e.g. "usr_k3x9...".  Rejection sampling keeps
 * the distribution uniform.
 */
enum app_err	 util_id(char out[UTIL_ID_MAX], const char *prefix);

/*
 * True if s is prefix followed by characters of [0-9a-z_], shorter than
 * UTIL_ID_MAX: the shape of every id we issue (and the seeded q_001 and
 * opt_001_a ids).
 */
bool		 util_id_valid(const char *s, const char *prefix);

/*
 * Base64url without padding.  util_b64url_encode writes at most
 * 4 * ceil(len / 3) + 1 bytes including the NUL and returns the length.
 * util_b64url_decode returns the decoded length, or -1 if the input holds
 * a character outside the alphabet or does not fit outsz.
 */
size_t		 util_b64url_encode(char *out, const void *in, size_t len);
long		 util_b64url_decode(void *out, size_t outsz, const char *in);

/* Lower-case hex of len bytes into out (2 * len + 1 bytes). */
void		 util_hex(char *out, const void *in, size_t len);

/* SHA-256 of len bytes. */
void		 util_sha256(uint8_t out[32], const void *in, size_t len);

/* HMAC-SHA-256 of len bytes with key. */
void		 util_hmac_sha256(uint8_t out[32], const void *key, size_t keylen,
		    const void *in, size_t len);

/* Compares two buffers of equal length in time independent of content. */
bool		 util_ct_equal(const void *a, const void *b, size_t len);

/* Formats t as ISO 8601 UTC, "2025-12-22T10:00:00Z". */
void		 util_time_iso(char out[UTIL_TIME_MAX], time_t t);

/*
 * Parses an ISO 8601 date ("2025-12-01") or UTC date-time
 * ("2025-12-01T10:00:00Z", "…T10:00:00.123Z", "…T10:00:00+02:00")
 * into *t.  Returns false if s is not one of those or not a real date.
 */
bool		 util_time_parse(const char *s, time_t *t);

/* Microseconds from a monotonic clock, for durations. */
int64_t		 util_now_us(void);

#endif
