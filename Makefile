# RISE Suite.  `make run` and `make test` install what is missing first.
# Variables are overridable on the command line or in Makefile.local.

PREFIX		?= /usr/local
DESTDIR		?=
CC		?= cc
CFLAGS		?= -O2 -g
WERROR		?= -Werror
WARNINGS	 = -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
		   -Wmissing-prototypes -Wwrite-strings
PORT		?= 8080
BUILD		?= build

-include Makefile.local

ifeq ($(SANITIZE),1)
BUILD		 = build/san
CFLAGS		+= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS		+= -fsanitize=address,undefined
endif

PKGS		 = json-c libpq libjwt gdlib libargon2 fcgi libcrypto libcurl
PKG_CFLAGS	:= $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS	:= $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libharu ships no .pc file.
LIBS		 = $(PKG_LIBS) -lhpdf -lm
CPPFLAGS	+= -D_GNU_SOURCE -Ilib $(PKG_CFLAGS)
ALL_CFLAGS	 = $(WARNINGS) $(CFLAGS)

LIB_SRCS	 = $(wildcard lib/*.c)
LIB_OBJS	 = $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIBRISE		 = $(BUILD)/librise.a

FAMILIES	 = $(notdir $(patsubst %/,%,$(dir $(wildcard cgi-bin/*/main.c))))
PROGRAMS	 = $(FAMILIES:%=$(BUILD)/cgi-bin/%.fcgi)

TOOLS		 = $(notdir $(patsubst %/,%,$(dir $(wildcard tools/*/main.c))))
UNIT_OBJS	 = $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/unit/*.c))
API_OBJS	 = $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/api/*.c))

.PHONY: all programs run test test-unit test-api deps clean sanitize screenshots bench-report \
	fuzz fuzz-smoke
FUZZ_SECONDS	?= 300
.SUFFIXES:

all: programs $(BUILD)/unit-tests $(BUILD)/api-tests

programs: $(PROGRAMS) $(TOOLS:%=bin/%)

$(BUILD)/%.o: %.c $(wildcard lib/*.h tests/*/*.h cgi-bin/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIBRISE): $(LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

# One FastCGI program per directory of cgi-bin/.
define program
$(BUILD)/cgi-bin/$(1).fcgi: $(patsubst %.c,$(BUILD)/%.o,$(wildcard cgi-bin/$(1)/*.c)) $(LIBRISE)
	@mkdir -p $$(dir $$@)
	@echo "  LD $$@"
	@$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(foreach f,$(FAMILIES),$(eval $(call program,$(f))))

# The command-line tools: tools/<name>/*.c → bin/<name>.
define tool
$(BUILD)/bin/$(1): $(patsubst %.c,$(BUILD)/%.o,$(wildcard tools/$(1)/*.c)) $(LIBRISE)
	@mkdir -p $$(dir $$@)
	@echo "  LD $$@"
	@$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)

bin/$(1): $(BUILD)/bin/$(1)
	@mkdir -p bin
	@cp $$< $$@.tmp && mv -f $$@.tmp $$@
endef
$(foreach t,$(TOOLS),$(eval $(call tool,$(t))))

$(BUILD)/unit-tests: $(UNIT_OBJS) $(LIBRISE)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcunit

$(BUILD)/api-tests: $(API_OBJS)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libcurl json-c cunit 2>/dev/null)

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory programs
	@exec env RISE_BUILD=$(BUILD) PORT=$(PORT) scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test-unit test-api

test-unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

test-api: programs $(BUILD)/api-tests
	@exec env RISE_BUILD=$(BUILD) scripts/test-api.sh

# Every page at desktop and phone width, in $(BUILD)/screenshots/.
screenshots: deps
	@$(MAKE) --no-print-directory programs $(BUILD)/api-tests
	@exec env RISE_BUILD=$(BUILD) scripts/screenshots.sh

# Report generation time: ours vs headless Chromium (not part of make test).
bench-report: deps
	@$(MAKE) --no-print-directory programs
	@exec bench/report.sh

# libFuzzer harnesses of fuzz/ (clang), each for FUZZ_SECONDS; fuzz-smoke: 10 s each.
fuzz:
	@fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke:
	@fuzz/run.sh 10

sanitize:
	@$(MAKE) --no-print-directory test SANITIZE=1

clean:
	rm -rf build $(TOOLS:%=bin/%)
