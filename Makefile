# Waystation build. `make run` and `make test` are the two commands a newcomer needs; both first run
# scripts/deps.sh, which installs what is missing, then re-enter make so pkg-config sees the new libraries.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium xlsxwriter
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS)) -MMD -MP
LIBS     = $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC  := $(sort $(wildcard src/core/*.c src/store/*.c src/io/*.c src/web/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC:= $(sort $(wildcard bench/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=build/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=build/obj/%.o)
SAN_OBJ  := $(LIB_SRC:%.c=build/san/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=build/tests/%)
SAN_TESTS:= $(TEST_SRC:tests/unit/%.c=build/san-tests/%)
BENCHES  := $(BENCH_SRC:bench/%.c=build/bench/%)

.PHONY: all build web run test test-unit bench deps clean
all: build web

build: bin/waystation

bin/waystation: $(CLI_OBJ) build/libwaystation.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

build/libwaystation.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/libwaystation-san.a: $(SAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

build/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/unit_db.h build/libwaystation.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< build/libwaystation.a $(LIBS) -lcmocka

build/san-tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/unit_db.h build/libwaystation-san.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $< build/libwaystation-san.a $(LIBS) -lcmocka

# The browser UI: Vue 3 + Element Plus built by Vite into web/dist, which the server serves.
web: web/dist/index.html
# Scripts and styles are also precompressed, so the server can send them gzipped without compressing per request.
web/dist/index.html: web/package-lock.json $(shell find web/src web/index.html web/vite.config.js 2>/dev/null)
	cd web && npm run build
	find web/dist \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) -exec gzip -k -9 -f {} +

deps:
	@scripts/deps.sh run

run:
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory all
	@scripts/run.sh

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory all unit-binaries
	@tests/run.sh

.PHONY: unit-binaries
unit-binaries: $(TESTS) $(SAN_TESTS)

# Benchmarks against sqlite3's .import and nginx on this machine; results in bench/out, see bench/RESULTS.md.
bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all bench-binaries
	@bench/run.sh

.PHONY: bench-binaries
bench-binaries: $(BENCHES)

build/bench/%: bench/%.c build/libwaystation.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< build/libwaystation.a $(LIBS)

clean:
	rm -rf build bin web/dist

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SAN_OBJ:.o=.d)
