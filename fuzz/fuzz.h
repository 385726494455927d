/*
 * fuzz.h: helpers shared by the libFuzzer harnesses of fuzz/ (one per
 * parser we own; fuzz/run.sh builds and runs them).
 */
#ifndef RISE_FUZZ_H
#define RISE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (malloc'ed exactly, for ASan). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char	*s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Stops the run on a broken invariant: libFuzzer records a crash. */
#define FUZZ_ASSERT(c)	do { if (!(c)) abort(); } while (0)

#endif
