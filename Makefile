# Makefile - builds libprecis and the precis command; tests, sanitizers, fuzzers, install.
# Plain GNU make with pkg-config. `make check` runs every test; `make demo` runs the main job.

PREFIX    ?= /usr/local
BUILD     ?= build
CC        ?= cc
PKG_CONFIG ?= pkg-config
DATA      ?= $(abspath ../shared/data)
WERROR    ?=
SAN       ?=

PKGS      := libutf8proc gsl sqlite3 jansson
WARNINGS  := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wcast-qual -Wwrite-strings -Wvla -Wundef
OPT       ?= -O2 -g
CFLAGS    ?=
CPPFLAGS  += -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L
ALL_CFLAGS = -std=c11 $(OPT) $(WARNINGS) $(WERROR) $(SAN) $(CFLAGS) \
             $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) -MMD -MP
LDLIBS    += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lstemmer -lm -lpthread
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# Debian packages needed to build and test (make deps installs the missing ones).
DEB_PKGS  := gcc make pkg-config libutf8proc-dev libstemmer-dev libgsl-dev libsqlite3-dev \
             libjansson-dev libcmocka-dev
DEB_EXTRA := clang valgrind

CLI_SRC   := src/main.c src/cli.c $(sort $(wildcard src/cmd_*.c))
LIB_SRC   := $(filter-out $(CLI_SRC),$(sort $(wildcard src/*.c)))
LIB_OBJ   := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/stopwords_data.o
CLI_OBJ   := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EVAL_SRC  := $(sort $(wildcard tests/eval/*.c))
EVAL_BIN  := $(EVAL_SRC:tests/eval/%.c=$(BUILD)/eval/%)
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
STOPWORDS := $(sort $(wildcard stopwords/*.txt))

LIB := $(BUILD)/libprecis.a
BIN := $(BUILD)/precis

.PHONY: all deps demo check unit cli-test asan ubsan sanitize asan-clang valgrind fuzz eval bench \
        format format-check install uninstall clean

all: $(LIB) $(BIN)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The stopword lists are compiled in, so the library needs no data files at run time.
$(BUILD)/gen/stopwords_data.c: $(STOPWORDS) src/gen_stopwords.sh
	@mkdir -p $(dir $@)
	sh src/gen_stopwords.sh $(STOPWORDS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/stopwords_data.o: $(BUILD)/gen/stopwords_data.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(TEST_LIBS) $(LDLIBS)

$(BUILD)/eval/%: tests/eval/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/bench/%: tests/bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# ---- set-up -------------------------------------------------------------------------------
deps:
	@missing=""; for p in $(DEB_PKGS) $(DEPS_EXTRA); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) summarize --keywords 6 --year 2024 tests/data/demo

# ---- tests --------------------------------------------------------------------------------
check: deps
	@$(MAKE) --no-print-directory unit cli-test

unit: $(UNIT_BIN) $(BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  PRECIS_DATA=$(DATA) PRECIS_BIN=$(BIN) ./$$t || fail=1; \
	done; \
	if [ $$fail = 0 ]; then echo "unit tests: all passed"; else echo "unit tests: FAILED"; exit 1; fi

cli-test: $(BIN)
	@sh tests/cli/run.sh $(BIN)

# Address and undefined-behaviour sanitizers, in a build directory of their own.
SAN_OPT   := -O1 -g -fno-omit-frame-pointer
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
asan ubsan sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build/san OPT="$(SAN_OPT)" SAN="$(SAN_FLAGS)" \
	  unit cli-test

# The same built with clang, whose UBSan also checks pointer arithmetic on a null pointer
# (gcc's does not). This build keeps no article between the two passes of a command that
# counts document frequencies (a budget of one byte), so its CLI tests take the path a corpus
# larger than the budget takes, reading the inputs again, which must give the same output.
asan-clang:
	@$(MAKE) --no-print-directory DEPS_EXTRA=clang deps
	@$(MAKE) --no-print-directory BUILD=build/san-clang CC=clang OPT="$(SAN_OPT)" \
	  SAN="$(SAN_FLAGS)" CFLAGS="$(CFLAGS) -DCLI_DEFAULT_BUDGET=1" unit cli-test

valgrind: all $(UNIT_BIN)
	@for t in $(UNIT_BIN); do \
	  PRECIS_DATA=$(DATA) PRECIS_BIN=$(BIN) valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite ./$$t >/dev/null || exit 1; \
	done
	@VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
	  sh tests/cli/run.sh $(BIN)
	@echo "valgrind: clean"

# libFuzzer targets (clang); FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory DEPS_EXTRA=clang deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined" build/fuzz/libprecis.a
	@mkdir -p build/fuzz/bin
	@for f in $(FUZZ_SRC); do \
	  n=$$(basename $$f .c); \
	  clang $(CPPFLAGS) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	    $$($(PKG_CONFIG) --cflags $(PKGS)) -o build/fuzz/bin/$$n $$f build/fuzz/libprecis.a $(LDLIBS) || exit 1; \
	  mkdir -p build/fuzz/corpus/$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  ./build/fuzz/bin/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build/fuzz/corpus/$$n tests/data/fuzz-seed 2>build/fuzz/$$n.log || { tail -40 build/fuzz/$$n.log; exit 1; }; \
	  grep -E "^(Done|#[0-9]+ *DONE)" build/fuzz/$$n.log | tail -1; \
	done

# Quality and speed harnesses on ../shared/data (or DATA=...).
eval: all $(EVAL_BIN)
	@sh tests/eval/run.sh $(BIN) $(DATA)

bench: all $(BENCH_BIN)
	@sh tests/bench/run.sh $(BIN) $(DATA)

# ---- style --------------------------------------------------------------------------------
FORMAT_FILES := $(wildcard src/*.c src/*.h include/*.h tests/unit/*.c tests/fuzz/*.c tests/eval/*.c tests/bench/*.c)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

# ---- install ------------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/precis
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libprecis.a
	install -m 644 include/precis.h $(DESTDIR)$(PREFIX)/include/precis.h
	printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\n\nName: precis\nDescription: news summaries, keywords and trends\nVersion: %s\nRequires.private: %s\nLibs: -L$${libdir} -lprecis\nLibs.private: -lstemmer -lm -lpthread\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' "$$(sed -n 's/^#define PRECIS_VERSION "\(.*\)"/\1/p' include/precis.h)" '$(PKGS)' \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/precis.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/precis $(DESTDIR)$(PREFIX)/lib/libprecis.a \
	  $(DESTDIR)$(PREFIX)/include/precis.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/precis.pc

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
