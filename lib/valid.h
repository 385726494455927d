/*
 * valid.h: pure validators.  Each takes a string and returns whether it
 * is acceptable, with a static message for the client where useful.
 */
#ifndef RISE_VALID_H
#define RISE_VALID_H

#include <stdbool.h>
#include <stddef.h>

#define VALID_PHONE_MAX	17	/* "+" and 15 digits and NUL */

/*
 * An email address as people type them: local@domain, local part of
 * [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-] without leading, trailing or double
 * dots, a domain of at least two dot-separated labels of letters, digits
 * and inner hyphens, a final label of letters, at most 254 characters.
 */
bool	 valid_email(const char *);

/*
 * The password policy: at least 8 characters (at most 128), one upper
 * case letter, one lower case letter, one digit and one other character.
 * Returns NULL if acceptable, else the message naming the first rule
 * broken.
 */
const char *valid_password(const char *);

/*
 * An E.164 number.  Spaces, dashes, dots and parentheses are accepted as
 * separators (the document writes "+1-555-0100").  On success writes the
 * canonical "+15550100" into out (VALID_PHONE_MAX bytes).
 */
bool	 valid_phone(const char *, char out[VALID_PHONE_MAX]);

/* True if s is valid UTF-8 holding no control characters but \t \n \r. */
bool	 valid_text(const char *s, size_t len);

#endif
