/*
** bench_fill.h: bulk rows for the benchmarks in bench/, written straight into the tables in one call, so that
** a database of the size a benchmark asks for is made in seconds. Not used by the server: its rows skip the
** checks and the audit that the real writes make, and are marked synthetic.
*/
#ifndef WS_STORE_BENCH_FILL_H
#define WS_STORE_BENCH_FILL_H
#include "db.h"

#include <stddef.h>
#include <stdint.h>

/*
** Inserts n open referrals (sent, accepted or in service, a third each) inside the write transaction w, each
** for a random open household, provider and catalog item drawn from seed, and brings every provider's
** open_load in line with its open referrals. The households and providers must exist already.
*/
ws_err store_bench_open_referrals(store_conn *w, size_t n, uint64_t seed);

/* The ids of every stated need of a submitted assessment of an open household; *ids is new (free()). */
ws_err store_bench_need_ids(store_conn *c, int64_t **ids, size_t *n);

#endif
