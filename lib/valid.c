/* valid.c: email, password policy, E.164 phone, text. */
#include <ctype.h>
#include <string.h>

#include "valid.h"

bool
valid_email(const char *s)
{
	static const char	 special[] = ".!#$%&'*+/=?^_`{|}~-";
	const char		*at, *p, *label;
	size_t			 len, labels = 0;
	bool			 alpha_last = true;

	if (s == NULL || (len = strlen(s)) > 254 || (at = strchr(s, '@')) == NULL ||
	    strchr(at + 1, '@') != NULL)
		return false;
	if (at == s || at - s > 64 || *s == '.' || at[-1] == '.')
		return false;
	for (p = s; p < at; p++) {
		if (!(isalnum((unsigned char)*p) || strchr(special, *p) != NULL))
			return false;
		if (*p == '.' && p[1] == '.')
			return false;
	}
	for (label = p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || p - label > 63 || *label == '-' || p[-1] == '-')
				return false;
			alpha_last = true;
			for (const char *q = label; q < p; q++)
				if (!isalpha((unsigned char)*q))
					alpha_last = false;
			labels++;
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!(isalnum((unsigned char)*p) || *p == '-'))
			return false;
	}
	return labels >= 2 && alpha_last && p - label >= 2;
}

const char *
valid_password(const char *s)
{
	bool	upper = false, lower = false, digit = false, other = false;
	size_t	n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		/* Count characters, not bytes, for the length rules. */
		if ((*p & 0xc0) != 0x80)
			n++;
		if (isupper(*p))
			upper = true;
		else if (islower(*p))
			lower = true;
		else if (isdigit(*p))
			digit = true;
		else if ((*p & 0xc0) != 0x80)
			other = true;
	}
	if (n < 8)
		return "Password must be at least 8 characters";
	if (n > 128)
		return "Password must be at most 128 characters";
	if (!upper)
		return "Password must contain an uppercase letter";
	if (!lower)
		return "Password must contain a lowercase letter";
	if (!digit)
		return "Password must contain a number";
	if (!other)
		return "Password must contain a special character";
	return NULL;
}

bool
valid_phone(const char *s, char out[VALID_PHONE_MAX])
{
	size_t	n = 0;

	if (s == NULL || *s != '+')
		return false;
	out[n++] = '+';
	for (s++; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n == 1 && *s == '0')
				return false;
			if (n >= VALID_PHONE_MAX - 1)
				return false;
			out[n++] = *s;
		} else if (!strchr(" -.()", *s))
			return false;
	}
	out[n] = '\0';
	return n >= 9;		/* "+" and at least 8 digits */
}

bool
valid_text(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + len;
	unsigned		 cp, need;

	while (p < e) {
		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
			    *p == 0x7f)
				return false;
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			need = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			need = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			cp = *p & 0x07;
			need = 3;
		} else
			return false;
		if ((size_t)(e - p) <= need)
			return false;
		for (unsigned i = 1; i <= need; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		/* Overlong forms, surrogates and beyond U+10FFFF. */
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
			return false;
		p += need + 1;
	}
	return true;
}
