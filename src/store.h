/* store.h - private side of the corpus store: calendar arithmetic on day numbers (shared by
 * the store's queries and its tests) and a consistency check of the per-day aggregates. */
#ifndef PRECIS_STORE_H
#define PRECIS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* 1 when d is a full, valid date (year 1..9999, month, day). */
int store_date_full(const precis_date *d);
/* Days since 1970-01-01 of a full date, and back. */
int32_t store_day_number(const precis_date *d);
precis_date store_day_date(int32_t day);
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
