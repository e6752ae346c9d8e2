/* fuzz_dateline.c - libFuzzer target: dateline_parse and precis_date_parse on arbitrary bytes
 * must stay inside the input and only ever return valid dates. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_date(const precis_date *d)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d->year < 0 || d->year > 9999 || d->month < 0 || d->month > 12 || d->day < 0)
        abort();
    if (d->day && (!d->month || d->day > days[d->month - 1]))
        abort();
    if (d->month == 2 && d->day == 29 && d->year &&
        !((d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0))
        abort();
    char buf[16];
    precis_date_format(d, buf, sizeof buf);
    if (strlen(buf) > 10)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so that ASan sees any read past the end. */
    char *s = malloc(size ? size : 1);
    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    precis_date d;
    if (precis_date_parse(s, size, &d) == PRECIS_OK) {
        check_date(&d);
        if (!d.year && !d.month)
            abort();
    } else if (d.year || d.month || d.day) {
        abort();
    }
    char *place = NULL, *agency = NULL;
    const size_t n = dateline_parse(s, size, 2024, &place, &agency, &d);
    if (n > size)
        abort();
    if (n == 0 && (place || agency))
        abort();
    if (n)
        check_date(&d);
    if (place && (!*place || strlen(place) > n))
        abort();
    free(place);
    free(agency);
    free(s);
    return 0;
}
