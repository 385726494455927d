# RISE Suite.  `make run` and `make test` install what is missing first.
# Variables are overridable on the command line or in Makefile.local.

PREFIX		?= /usr/local
DESTDIR		?=
# make install: the FastCGI programs are private executables of the package,
# so they go where Debian puts those (/usr/lib/<package>/); risectl and the
# two daemons are administrators' commands (sbin).  /etc for PREFIX=/usr.
SBINDIR		?= $(PREFIX)/sbin
PKGLIBDIR	?= $(PREFIX)/lib/rise
PKGDATADIR	?= $(PREFIX)/share/rise
SYSCONFDIR	?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
SYSTEMDUNITDIR	?= $(PREFIX)/lib/systemd/system
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
	fuzz fuzz-smoke install test-hosts test-install bench test-apache test-hardening
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

# make install's copies of the programs differ in one object: lib/config.c
# built to read $(SYSCONFDIR)/rise/rise.conf when RISE_CONFIG is unset (the
# tree's read conf/rise.conf).  Rebuilt by every make install, whose
# SYSCONFDIR may not be the last one's.
INST		 = $(BUILD)/install
$(INST)/librise.a: $(LIB_OBJS) FORCE
	@mkdir -p $(INST)
	@$(CC) $(CPPFLAGS) -DRISE_CONFIG_FILE='"$(SYSCONFDIR)/rise/rise.conf"' \
		$(ALL_CFLAGS) -c -o $(INST)/config.o lib/config.c
	@rm -f $@
	@ar rcs $@ $(filter-out $(BUILD)/lib/config.o,$(LIB_OBJS)) $(INST)/config.o
FORCE:

# One FastCGI program per directory of cgi-bin/, and its installed copy.
define program
$(BUILD)/cgi-bin/$(1).fcgi: $(patsubst %.c,$(BUILD)/%.o,$(wildcard cgi-bin/$(1)/*.c)) $(LIBRISE)
	@mkdir -p $$(dir $$@)
	@echo "  LD $$@"
	@$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)

$(INST)/cgi-bin/$(1).fcgi: $(patsubst %.c,$(BUILD)/%.o,$(wildcard cgi-bin/$(1)/*.c)) $(INST)/librise.a
	@mkdir -p $$(dir $$@)
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

$(INST)/bin/$(1): $(patsubst %.c,$(BUILD)/%.o,$(wildcard tools/$(1)/*.c)) $(INST)/librise.a
	@mkdir -p $$(dir $$@)
	@$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool,$(t))))

$(BUILD)/unit-tests: $(UNIT_OBJS) $(LIBRISE)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcunit

$(BUILD)/api-tests: $(API_OBJS)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libcurl json-c cunit libcrypto 2>/dev/null)

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory programs
	@exec env RISE_BUILD=$(BUILD) PORT=$(PORT) scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test-unit test-api test-apache test-hosts test-install

# Two web hosts on one database: shared sessions, rate limits and report queue.
test-hosts: programs
	@exec env RISE_BUILD=$(BUILD) scripts/test-hosts.sh

# make install into a temporary DESTDIR, and the installed risectl on it.
test-install: programs
	@scripts/test-install.sh

test-unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

test-api: programs $(BUILD)/api-tests
	@exec env RISE_BUILD=$(BUILD) scripts/test-api.sh

# The API tests again through Apache with mod_fcgid (conf/apache/rise.conf);
# the browser tests only through lighttpd.
test-apache: programs $(BUILD)/api-tests
	@exec env RISE_BUILD=$(BUILD) RISE_SERVER=apache RISE_SKIP_BROWSER=1 scripts/test-api.sh

# Every page at desktop and phone width, in $(BUILD)/screenshots/.
screenshots: deps
	@$(MAKE) --no-print-directory programs $(BUILD)/api-tests
	@exec env RISE_BUILD=$(BUILD) scripts/screenshots.sh

# The HTTP API under wrk, against the pgbench ceiling of its SQL (not part of make test).
bench: deps
	@$(MAKE) --no-print-directory programs
	@exec bench/http.sh

# Report generation time: ours vs headless Chromium (not part of make test).
bench-report: deps
	@$(MAKE) --no-print-directory programs
	@exec bench/report.sh

# libFuzzer harnesses of fuzz/ (clang), each for FUZZ_SECONDS; fuzz-smoke: 10 s each.
fuzz:
	@fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke:
	@fuzz/run.sh 10

# Crashes and restarts under wrk load (scripts/test-chaos.sh), the assessments
# program under valgrind (scripts/test-valgrind.sh), then fuzz-smoke.  Not in
# SANITIZE builds: valgrind runs plain binaries.
test-hardening: deps
	@$(if $(filter 1,$(SANITIZE)),$(error test-hardening runs valgrind: build without SANITIZE=1))
	@$(MAKE) --no-print-directory programs $(BUILD)/api-tests
	@env RISE_BUILD=$(BUILD) scripts/test-chaos.sh
	@env RISE_BUILD=$(BUILD) scripts/test-valgrind.sh
	@$(MAKE) --no-print-directory fuzz-smoke

sanitize:
	@$(MAKE) --no-print-directory test SANITIZE=1

# Programs (reading $(SYSCONFDIR)/rise/rise.conf unless RISE_CONFIG names
# another file), templates, static files, SQL, web server configurations,
# systemd units and a sample rise.conf whose paths are absolute
# (scripts/test-install.sh checks the tree; README "Deploying" uses it):
#   $(SBINDIR)/{risectl,rise-worker,rise-mailer}
#   $(PKGLIBDIR)/cgi-bin/<family>.fcgi
#   $(PKGDATADIR)/{templates,htdocs,sql}/
#   $(PKGDATADIR)/apache/rise.conf       the vhost snippet (conf/apache/rise.conf)
#   $(PKGDATADIR)/lighttpd.conf          lighttpd's whole configuration, and
#   $(PKGDATADIR)/lighttpd/<family>.conf the snippets it includes
#   $(SYSTEMDUNITDIR)/{rise-worker@,rise-mailer,rise-purge}.service, rise-purge.timer
#   $(SYSCONFDIR)/rise/rise.conf.sample
install: programs $(FAMILIES:%=$(INST)/cgi-bin/%.fcgi) $(TOOLS:%=$(INST)/bin/%)
	@echo "  INSTALL $(DESTDIR)$(PREFIX)"
	@install -d -m 0755 $(DESTDIR)$(SBINDIR) $(DESTDIR)$(PKGLIBDIR)/cgi-bin \
		$(DESTDIR)$(PKGDATADIR)/lighttpd $(DESTDIR)$(PKGDATADIR)/apache \
		$(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(SYSCONFDIR)/rise
	@install -m 0755 $(TOOLS:%=$(INST)/bin/%) $(DESTDIR)$(SBINDIR)/
	@install -m 0755 $(FAMILIES:%=$(INST)/cgi-bin/%.fcgi) $(DESTDIR)$(PKGLIBDIR)/cgi-bin/
	@for d in templates htdocs sql; do \
		find $$d -type f ! -name '.*' ! -name '*~' | while IFS= read -r f; do \
			install -D -m 0644 "$$f" "$(DESTDIR)$(PKGDATADIR)/$$f" || exit 1; \
		done || exit 1; \
	done
	@install -m 0644 conf/lighttpd/*.conf $(DESTDIR)$(PKGDATADIR)/lighttpd/
	@sed -e 's|@PKGLIBDIR@|$(PKGLIBDIR)|g' -e 's|@PKGDATADIR@|$(PKGDATADIR)|g' \
		conf/apache/rise.conf >$(DESTDIR)$(PKGDATADIR)/apache/rise.conf
	@{ printf '%s\n' \
		'# lighttpd configuration for RISE Suite, written by make install from' \
		'# the template conf/lighttpd.conf (whose comments explain it).  Run it as' \
		'# lighttpd -D -f $(PKGDATADIR)/lighttpd.conf, or include it from' \
		'# /etc/lighttpd/lighttpd.conf.  It serves port 80 of every address as' \
		'# www-data, which must own /var/lib/rise/sock (the FastCGI sockets) and' \
		'# /var/log/lighttpd (the logs, made by the lighttpd package).' \
		''; \
	  sed -e '1,/^$$/d' -e 's|@ROOT@|$(PKGDATADIR)|' -e 's|@BUILD@|$(PKGLIBDIR)|' \
		-e 's|@VAR@|/var/lib/rise|' -e 's|@MAX_PROCS@|2|' -e 's|@PORT@|80|' \
		-e '/^server.bind /d' -e 's|var.rise_var + "/log/lighttpd-|"/var/log/lighttpd/rise-|' \
		-e 's|var.rise_root + "/conf/lighttpd/|var.rise_root + "/lighttpd/|' \
		-e 's|^server.tag .*|&\nserver.username      = "www-data"\nserver.groupname     = "www-data"|' \
		conf/lighttpd.conf; \
	} >$(DESTDIR)$(PKGDATADIR)/lighttpd.conf
	@for u in conf/systemd/*.service conf/systemd/*.timer; do \
		sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' "$$u" \
			>$(DESTDIR)$(SYSTEMDUNITDIR)/$${u##*/} || exit 1; \
	done
	@{ printf '%s\n' \
		'# RISE Suite configuration (sample installed by make install).' \
		'#' \
		'# Copy it to $(SYSCONFDIR)/rise/rise.conf, readable by the user the' \
		'# programs run as but not by others (it may hold passwords), and edit it.' \
		'# The installed FastCGI programs, rise-worker, rise-mailer and risectl' \
		'# read $(SYSCONFDIR)/rise/rise.conf unless RISE_CONFIG names another file.' \
		'#' \
		'# One "key = value" per line; "#" starts a comment.  Every key can be' \
		'# overridden by an environment variable RISE_<KEY>, upper case with dots' \
		'# turned into underscores: db.host -> RISE_DB_HOST.  Give paths as' \
		'# absolute paths.  Values not set here take the defaults shown.' \
		'' \
		'# Installed files: page, mail and report templates; migrations (risectl migrate).' \
		'templates_dir = $(PKGDATADIR)/templates' \
		'sql_dir = $(PKGDATADIR)/sql' \
		''; \
	  sed -e '1,/^$$/d' \
		-e 's|^db.host = var/run$$|db.host = /run/postgresql|' \
		-e 's|^jwt.secret_file = var/jwt.secret$$|jwt.secret_file = $(SYSCONFDIR)/rise/jwt.secret|' \
		-e 's|^# JWT.  The secret file must hold at least 32 bytes.$$|&\n# Create it once: (umask 027; head -c 64 /dev/urandom >$(SYSCONFDIR)/rise/jwt.secret)|' \
		-e 's|^public_base_url = .*|public_base_url = https://rise.example.com|' \
		-e 's|^# Empty: no password (the local cluster trusts its private socket).$$|# Empty: no password (pg_hba.conf must then allow the role without one).|' \
		-e 's|`bin/risectl|`risectl|g' \
		conf/rise.conf; \
	} >$(DESTDIR)$(SYSCONFDIR)/rise/rise.conf.sample.tmp
	@if grep -nE '^[a-z_.]+ = [^/ ]' $(DESTDIR)$(SYSCONFDIR)/rise/rise.conf.sample.tmp | \
		grep -E '^[0-9]+:(db\.host|jwt\.secret_file|reports\.font_dir|templates_dir|sql_dir) '; then \
		echo "install: a path in the sample rise.conf is not absolute (conf/rise.conf changed?)" >&2; \
		rm -f $(DESTDIR)$(SYSCONFDIR)/rise/rise.conf.sample.tmp; exit 1; \
	fi
	@chmod 0644 $(DESTDIR)$(SYSCONFDIR)/rise/rise.conf.sample.tmp
	@mv -f $(DESTDIR)$(SYSCONFDIR)/rise/rise.conf.sample.tmp $(DESTDIR)$(SYSCONFDIR)/rise/rise.conf.sample

clean:
	rm -rf build $(TOOLS:%=bin/%)
