/* store.h - private side of the corpus store: period numbering of day numbers (shared by the
 * store's queries and its tests) and a consistency check of the per-day aggregates. */
#ifndef PRECIS_STORE_H
#define PRECIS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* Consecutive number of the day, ISO week or month holding day; its label ("2024-06-07",
 * "2024-W23", "2024-06") in label when not NULL. */
int64_t store_period_of(int32_t day, precis_period_unit by, char *label, size_t size);

/* Recounts every article's terms and compares with the per-day aggregates: *mismatches is
 * the number of (day, term) pairs and day totals that differ (0 for a sound store). */
precis_status store_check(precis_store *s, size_t *mismatches);

/* The store's SQLite connection, for tests that provoke failures (e.g. a full disk through
 * PRAGMA max_page_count). Borrowed. */
struct sqlite3 *store_sqlite(precis_store *s);

#endif
