/* util.c: random identifiers, encodings, hashing and time. */
#include <sys/random.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "util.h"

enum app_err
util_random(void *buf, size_t len)
{
	unsigned char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return APP_ERR_CRYPTO;
		}
		p += n;
		len -= (size_t)n;
	}
	return APP_OK;
}

enum app_err
util_id(char out[UTIL_ID_MAX], const char *prefix)
{
	static const char	 alnum[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	unsigned char		 buf[64];
	size_t			 plen, i = 0, k;
	enum app_err		 e;

	plen = strlen(prefix);
	if (plen + UTIL_ID_RANDLEN + 1 > UTIL_ID_MAX)
		return APP_ERR_INVALID;
	memcpy(out, prefix, plen);
	while (i < UTIL_ID_RANDLEN) {
		if ((e = util_random(buf, sizeof(buf))) != APP_OK)
			return e;
		/* 252 = 7 * 36: bytes at or above it would bias the result. */
		for (k = 0; k < sizeof(buf) && i < UTIL_ID_RANDLEN; k++)
			if (buf[k] < 252)
				out[plen + i++] = alnum[buf[k] % 36];
	}
	out[plen + i] = '\0';
	return APP_OK;
}

bool
util_id_valid(const char *s, const char *prefix)
{
	size_t	plen = strlen(prefix), n = 0;

	if (s == NULL || strncmp(s, prefix, plen) != 0 || strlen(s) >= UTIL_ID_MAX)
		return false;
	for (s += plen; *s != '\0'; s++, n++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		    *s == '_') || n >= 40)
			return false;
	return n > 0;
}

size_t
util_b64url_encode(char *out, const void *in, size_t len)
{
	static const char	 tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char	*p = in;
	size_t			 i, o = 0;
	uint32_t		 v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = tab[v & 63];
	}
	if (len - i == 1) {
		v = (uint32_t)p[i] << 16;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
	} else if (len - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
	}
	out[o] = '\0';
	return o;
}

static int
b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

long
util_b64url_decode(void *out, size_t outsz, const char *in)
{
	unsigned char	*o = out;
	size_t		 n = 0, bits = 0;
	uint32_t	 acc = 0;
	int		 v;

	for (; *in != '\0'; in++) {
		if ((v = b64url_value(*in)) < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= outsz)
				return -1;
			o[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (bits >= 6)		/* a lone trailing character is not base64 */
		return -1;
	return (long)n;
}

void
util_hex(char *out, const void *in, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = in;
	size_t			 i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * len] = '\0';
}

void
util_sha256(uint8_t out[32], const void *in, size_t len)
{
	SHA256(in, len, out);
}

void
util_hmac_sha256(uint8_t out[32], const void *key, size_t keylen,
    const void *in, size_t len)
{
	unsigned int	olen = 32;

	HMAC(EVP_sha256(), key, (int)keylen, in, len, out, &olen);
}

bool
util_ct_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

/* Two decimal digits of v (0..99) at p. */
static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

void
util_time_iso(char out[UTIL_TIME_MAX], time_t t)
{
	struct tm	tm;
	int		y;

	memset(&tm, 0, sizeof(tm));
	(void)gmtime_r(&t, &tm);
	y = tm.tm_year + 1900;
	if (y < 1000 || y > 9999) {
		strftime(out, UTIL_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return;
	}
	/*
	 * By hand: strftime() was a sixth of the instructions of a list
	 * request, which formats 40 of these (BENCHMARKS.md, "HTTP").
	 */
	put2(out, y / 100);
	put2(out + 2, y % 100);
	out[4] = '-';
	put2(out + 5, tm.tm_mon + 1);
	out[7] = '-';
	put2(out + 8, tm.tm_mday);
	out[10] = 'T';
	put2(out + 11, tm.tm_hour);
	out[13] = ':';
	put2(out + 14, tm.tm_min);
	out[16] = ':';
	put2(out + 17, tm.tm_sec);
	memcpy(out + 19, "Z", 2);
}

static bool
digits(const char *s, size_t n, int *v)
{
	size_t	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool
util_time_parse(const char *s, time_t *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm	 tm;
	int		 y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	const char	*p;

	if (strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d))
		return false;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return false;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	p = s + 10;
	if (*p == 'T') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) ||
		    p[6] != ':' || !digits(p + 7, 2, &se))
			return false;
		if (h > 23 || mi > 59 || se > 60)
			return false;
		p += 9;
		if (*p == '.') {
			if (p[1] < '0' || p[1] > '9')
				return false;
			for (p++; *p >= '0' && *p <= '9'; p++)
				continue;
		}
		if (*p == 'Z')
			p++;
		else if (*p == '+' || *p == '-') {
			sign = *p == '+' ? 1 : -1;
			if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
			    !digits(p + 4, 2, &om) || oh > 23 || om > 59)
				return false;
			p += 6;
		} else
			return false;
	}
	if (*p != '\0')
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*t = timegm(&tm) - sign * (oh * 3600 + om * 60);
	return true;
}

int64_t
util_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
