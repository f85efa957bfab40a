# plein — build, run and test. See README.md.
#   make          build ./plein (optimised)
#   make run      install what is missing, build, create a demo organisation, serve
#   make check    install what is missing, build with ASan+UBSan, run every test
#   make bench    measure with wrk (see bench/README.md)
#   make fuzz     run each libFuzzer harness for a while (FUZZ_SECONDS)

CC       ?= cc
PKGS     := libmicrohttpd sqlite3 libsodium jansson inih vips libcmark-gfm libcurl libgit2 libxml-2.0 igraph
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wno-unused-parameter -Wvla
CSTD     := -std=c17 -D_GNU_SOURCE
CPPFLAGS := -Isrc -Ibuild/gen
# libstemmer, libcsv and libunistring ship no pkg-config file
LIBS     := $(PKG_LIBS) -lcmark-gfm-extensions -lstemmer -lcsv -lunistring -lpthread -lm

RELEASE_CFLAGS := $(CSTD) $(WARN) -O2 -g -D_FORTIFY_SOURCE=3 -fstack-protector-strong $(PKG_CFLAGS)
ASAN_CFLAGS    := $(CSTD) $(WARN) -O1 -g -fno-omit-frame-pointer \
                  -fsanitize=address,undefined -fno-sanitize-recover=undefined $(PKG_CFLAGS)
FUZZ_CC        := clang
FUZZ_CFLAGS    := $(CSTD) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS)

SRC      := $(shell find src -name '*.c' | sort)
MAIN_SRC := src/cli/main.c
LIB_SRC  := $(filter-out $(MAIN_SRC),$(SRC))
HEADERS  := $(shell find src -name '*.h')

TEMPLATES  := $(sort $(wildcard templates/*.mustache))
STATIC     := $(sort $(wildcard static/*))
MIGRATIONS := $(sort $(wildcard src/db/migrations/*.sql))
POS        := $(sort $(wildcard po/*.po))
MOS        := $(patsubst po/%.po,build/gen/locale/%.mo,$(POS))
GEN_SRC    := build/gen/embedded_templates.c build/gen/embedded_static.c \
              build/gen/embedded_migrations.c build/gen/embedded_catalogs.c

VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.1.0)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))

.PHONY: all deps run check unit fuzz-replay fuzz e2e bench clean po demo
all: plein

# ---- generated sources -------------------------------------------------
build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

build/gen/embedded_templates.c: build/tools/embed $(TEMPLATES)
	@mkdir -p $(dir $@)
	build/tools/embed $@ embedded_templates templates/ $(TEMPLATES)
build/gen/embedded_static.c: build/tools/embed $(STATIC)
	@mkdir -p $(dir $@)
	build/tools/embed $@ embedded_static static/ $(STATIC)
build/gen/embedded_migrations.c: build/tools/embed $(MIGRATIONS)
	@mkdir -p $(dir $@)
	build/tools/embed $@ embedded_migrations src/db/migrations/ $(MIGRATIONS)
build/gen/embedded_catalogs.c: build/tools/embed $(MOS)
	@mkdir -p $(dir $@)
	build/tools/embed $@ embedded_catalogs build/gen/locale/ $(MOS)
build/gen/locale/%.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<
build/gen/version.h: VERSION
	@mkdir -p $(dir $@)
	echo '#define PLEIN_VERSION "$(VERSION)"' > $@

# ---- release build -------------------------------------------------------
REL_OBJ := $(patsubst %.c,build/release/%.o,$(LIB_SRC) $(GEN_SRC))
build/release/%.o: %.c $(HEADERS) build/gen/version.h
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(CPPFLAGS) $(RELEASE_CFLAGS) -c -o $@ $<
build/release/build/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(CPPFLAGS) $(CSTD) -O1 -c -o $@ $<
# a route without a policy (web/app.h POL_*) fails the build
plein: $(REL_OBJ) build/release/src/cli/main.o
	@echo '  LD      $@'
	@$(CC) -o $@.tmp $^ $(LIBS)
	@./$@.tmp routes --check || { rm -f $@.tmp; echo 'plein: every route needs a policy: see src/web/app.h'; false; }
	@mv $@.tmp $@

# ---- sanitizer build ----------------------------------------------------
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(GEN_SRC))
build/asan/%.o: %.c $(HEADERS) build/gen/version.h
	@mkdir -p $(dir $@)
	@echo '  CC asan $<'
	@$(CC) $(CPPFLAGS) $(ASAN_CFLAGS) -c -o $@ $<
build/asan/build/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo '  CC asan $<'
	@$(CC) $(CPPFLAGS) $(CSTD) -O0 -c -o $@ $<
build/asan/plein: $(ASAN_OBJ) build/asan/src/cli/main.o
	@echo '  LD      $@'
	@$(CC) -fsanitize=address,undefined -o $@.tmp $^ $(LIBS)
	@ASAN_OPTIONS=detect_leaks=0 ./$@.tmp routes --check || { rm -f $@.tmp; echo 'plein: every route needs a policy: see src/web/app.h'; false; }
	@mv $@.tmp $@
build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ) tests/unit/unit.h tests/unit/unit_cast.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(ASAN_CFLAGS) -o $@ $< $(ASAN_OBJ) $(LIBS) -lcmocka

# ---- fuzzers (clang libFuzzer) -------------------------------------------
FUZZ_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC) $(GEN_SRC))
# keep the objects: every fuzzer links them, make would delete them as intermediates
.SECONDARY: $(FUZZ_OBJ)
build/fuzz/obj/%.o: %.c $(HEADERS) build/gen/version.h
	@mkdir -p $(dir $@)
	@echo '  CC fuzz $<'
	@$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<
build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LIBS)

# ---- the two commands ------------------------------------------------------
deps:
	@scripts/install-deps.sh

run:
	@scripts/install-deps.sh --run-only
	@$(MAKE) --no-print-directory plein
	@./plein demo --data $(or $(DATA),data) --if-empty
	./plein serve --data $(or $(DATA),data)

check: deps
	@$(MAKE) --no-print-directory build/asan/plein $(UNIT_BIN) $(FUZZ_BIN)
	@scripts/check.sh

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p tests/fuzz/corpus/$$n; \
	  $$f -max_total_time=$(or $(FUZZ_SECONDS),60) tests/fuzz/corpus/$$n || exit 1; done

bench: deps
	@$(MAKE) --no-print-directory plein
	@bench/run.sh

po:
	@scripts/update-po.sh

clean:
	rm -rf build plein
