/* date.h - calendar arithmetic shared by the date parser, periods and the corpus store:
 * leap years, month lengths, full-date checks and day numbers since 1970-01-01 (proleptic
 * Gregorian calendar). */
#ifndef PRECIS_DATE_H
#define PRECIS_DATE_H

#include <stdint.h>

#include "precis.h"

int date_is_leap(int year);
/* Days in month (1..12) of year; a year of 0 (unknown) allows 29 February. */
int date_month_days(int year, int month);
/* 1 when d is a full, valid date: year 1..9999, month and day that exist. */
int date_is_full(const precis_date *d);
/* Days since 1970-01-01 of a full date (negative before it), and back. */
int64_t date_to_days(const precis_date *d);
precis_date date_from_days(int64_t days);

#endif
