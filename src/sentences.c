/* sentences.c - rule-based sentence segmentation of paragraphs: terminators and ellipses,
 * abbreviations per language, initials, dotted acronyms, brackets, quotes and list items. */
#include "sentences.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "utf8.h"
#include "util.h"

/* What a period after a known abbreviation means when the next word is capitalised. */
typedef enum abbr_kind {
    ABBR_PREFIX = 1,  /* precedes a name or number (Mr., Mt., ул.): never ends a sentence */
    ABBR_NUMBER,      /* precedes a number (No. 5, p. 55); elsewhere an ordinary word */
    ABBR_FINAL,       /* may end a sentence (Co., Inc., etc.): ends it before a typical
                       * sentence opener ("It", "The"), not before a name ("Co. Chairman") */
    ABBR_UNIT,        /* follows a number (млн., руб., т.д.): ends before any capital */
    ABBR_TIME,        /* a.m./p.m.: ends before a capital unless a day, month or zone follows
                       * or the sentence would be a fragment ("At 5 a.m. Mr. Smith went") */
    ABBR_AFTER_NUMBER /* Russian г./в.: a unit after a number ("2004 г."), else a prefix */
} abbr_kind;

typedef struct abbr {
    const char *s; /* lowercase, inner dots kept, final dot dropped */
    unsigned char kind;
} abbr;

/* Tables sorted by byte order of s (abbr_find() searches them). */
static const abbr abbr_en[] = {
    {"a.m", ABBR_TIME},    {"adm", ABBR_PREFIX},  {"al", ABBR_FINAL},    {"approx", ABBR_PREFIX},
    {"apr", ABBR_FINAL},   {"art", ABBR_NUMBER},  {"assn", ABBR_FINAL},  {"atty", ABBR_PREFIX},
    {"aug", ABBR_FINAL},   {"ave", ABBR_FINAL},   {"blvd", ABBR_FINAL},  {"brig", ABBR_PREFIX},
    {"bros", ABBR_FINAL},  {"ca", ABBR_PREFIX},   {"capt", ABBR_PREFIX}, {"cdr", ABBR_PREFIX},
    {"cf", ABBR_PREFIX},   {"ch", ABBR_NUMBER},   {"cmdr", ABBR_PREFIX}, {"co", ABBR_FINAL},
    {"col", ABBR_PREFIX},  {"corp", ABBR_FINAL},  {"cpl", ABBR_PREFIX},  {"dec", ABBR_FINAL},
    {"dept", ABBR_FINAL},  {"det", ABBR_PREFIX},  {"dr", ABBR_PREFIX},   {"drs", ABBR_PREFIX},
    {"e.g", ABBR_PREFIX},  {"ed", ABBR_NUMBER},   {"eds", ABBR_NUMBER},  {"esq", ABBR_FINAL},
    {"est", ABBR_FINAL},   {"etc", ABBR_FINAL},   {"ext", ABBR_NUMBER},  {"feb", ABBR_FINAL},
    {"fig", ABBR_NUMBER},  {"figs", ABBR_NUMBER}, {"fr", ABBR_PREFIX},   {"fri", ABBR_FINAL},
    {"ft", ABBR_PREFIX},   {"gen", ABBR_PREFIX},  {"gov", ABBR_PREFIX},  {"gov't", ABBR_PREFIX},
    {"govt", ABBR_FINAL},  {"hon", ABBR_PREFIX},  {"i.e", ABBR_PREFIX},  {"inc", ABBR_FINAL},
    {"insp", ABBR_PREFIX}, {"intl", ABBR_FINAL},  {"jan", ABBR_FINAL},   {"jr", ABBR_FINAL},
    {"jul", ABBR_FINAL},   {"jun", ABBR_FINAL},   {"llc", ABBR_FINAL},   {"lt", ABBR_PREFIX},
    {"ltd", ABBR_FINAL},   {"maj", ABBR_PREFIX},  {"mar", ABBR_FINAL},   {"messrs", ABBR_PREFIX},
    {"mfg", ABBR_FINAL},   {"mlle", ABBR_PREFIX}, {"mme", ABBR_PREFIX},  {"mon", ABBR_FINAL},
    {"mr", ABBR_PREFIX},   {"mrs", ABBR_PREFIX},  {"ms", ABBR_PREFIX},   {"msgr", ABBR_PREFIX},
    {"mt", ABBR_PREFIX},   {"no", ABBR_NUMBER},   {"nos", ABBR_NUMBER},  {"nov", ABBR_FINAL},
    {"n°", ABBR_NUMBER},   {"nº", ABBR_NUMBER},   {"oct", ABBR_FINAL},   {"op", ABBR_NUMBER},
    {"p", ABBR_NUMBER},    {"p.m", ABBR_TIME},    {"para", ABBR_NUMBER}, {"ph.d", ABBR_FINAL},
    {"plc", ABBR_FINAL},   {"pp", ABBR_NUMBER},   {"pres", ABBR_PREFIX}, {"prof", ABBR_PREFIX},
    {"pvt", ABBR_PREFIX},  {"rd", ABBR_FINAL},    {"rep", ABBR_PREFIX},  {"reps", ABBR_PREFIX},
    {"rev", ABBR_PREFIX},  {"sat", ABBR_FINAL},   {"sec", ABBR_NUMBER},  {"sen", ABBR_PREFIX},
    {"sens", ABBR_PREFIX}, {"sep", ABBR_FINAL},   {"sept", ABBR_FINAL},  {"sgt", ABBR_PREFIX},
    {"sr", ABBR_FINAL},    {"st", ABBR_PREFIX},   {"sun", ABBR_FINAL},   {"supt", ABBR_PREFIX},
    {"tel", ABBR_NUMBER},  {"thu", ABBR_FINAL},   {"thur", ABBR_FINAL},  {"thurs", ABBR_FINAL},
    {"tue", ABBR_FINAL},   {"tues", ABBR_FINAL},  {"univ", ABBR_FINAL},  {"v", ABBR_PREFIX},
    {"viz", ABBR_PREFIX},  {"vol", ABBR_NUMBER},  {"vols", ABBR_NUMBER}, {"vs", ABBR_PREFIX},
    {"wed", ABBR_FINAL},
};
static const abbr abbr_ru[] = {
    {"акад", ABBR_PREFIX},    {"в", ABBR_AFTER_NUMBER},  {"вв", ABBR_AFTER_NUMBER},
    {"г", ABBR_AFTER_NUMBER}, {"гг", ABBR_AFTER_NUMBER}, {"ген", ABBR_PREFIX},
    {"гл", ABBR_PREFIX},      {"д", ABBR_PREFIX},        {"долл", ABBR_UNIT},
    {"доц", ABBR_PREFIX},     {"др", ABBR_UNIT},         {"зам", ABBR_PREFIX},
    {"и.о", ABBR_PREFIX},     {"им", ABBR_PREFIX},       {"коп", ABBR_UNIT},
    {"млн", ABBR_UNIT},       {"млрд", ABBR_UNIT},       {"обл", ABBR_UNIT},
    {"пер", ABBR_PREFIX},     {"пл", ABBR_PREFIX},       {"пос", ABBR_PREFIX},
    {"пр", ABBR_PREFIX},      {"просп", ABBR_PREFIX},    {"проф", ABBR_PREFIX},
    {"проч", ABBR_UNIT},      {"рис", ABBR_NUMBER},      {"руб", ABBR_UNIT},
    {"с", ABBR_PREFIX},       {"св", ABBR_PREFIX},       {"см", ABBR_PREFIX},
    {"ст", ABBR_PREFIX},      {"стр", ABBR_NUMBER},      {"т.д", ABBR_UNIT},
    {"т.е", ABBR_PREFIX},     {"т.к", ABBR_PREFIX},      {"т.н", ABBR_PREFIX},
    {"т.о", ABBR_PREFIX},     {"т.п", ABBR_UNIT},        {"т.ч", ABBR_PREFIX},
    {"табл", ABBR_NUMBER},    {"тел", ABBR_NUMBER},      {"трлн", ABBR_UNIT},
    {"тыс", ABBR_UNIT},       {"ул", ABBR_PREFIX},       {"№", ABBR_NUMBER},
};
static const abbr abbr_de[] = {
    {"abb", ABBR_NUMBER}, {"abs", ABBR_PREFIX},  {"apr", ABBR_FINAL},   {"aug", ABBR_FINAL},
    {"bd", ABBR_NUMBER},  {"bzw", ABBR_PREFIX},  {"ca", ABBR_PREFIX},   {"d.h", ABBR_PREFIX},
    {"dez", ABBR_FINAL},  {"dr", ABBR_PREFIX},   {"evtl", ABBR_PREFIX}, {"feb", ABBR_FINAL},
    {"fr", ABBR_PREFIX},  {"frl", ABBR_PREFIX},  {"ggf", ABBR_PREFIX},  {"hr", ABBR_PREFIX},
    {"hrn", ABBR_PREFIX}, {"inkl", ABBR_PREFIX}, {"jan", ABBR_FINAL},   {"jh", ABBR_UNIT},
    {"jul", ABBR_FINAL},  {"jun", ABBR_FINAL},   {"mio", ABBR_UNIT},    {"mrd", ABBR_UNIT},
    {"märz", ABBR_FINAL}, {"nov", ABBR_FINAL},   {"nr", ABBR_NUMBER},   {"o.ä", ABBR_FINAL},
    {"okt", ABBR_FINAL},  {"prof", ABBR_PREFIX}, {"s", ABBR_NUMBER},    {"sep", ABBR_FINAL},
    {"sept", ABBR_FINAL}, {"sog", ABBR_PREFIX},  {"st", ABBR_PREFIX},   {"str", ABBR_FINAL},
    {"tsd", ABBR_UNIT},   {"u.a", ABBR_PREFIX},  {"u.ä", ABBR_FINAL},   {"usw", ABBR_FINAL},
    {"v.a", ABBR_PREFIX}, {"vgl", ABBR_PREFIX},  {"z.b", ABBR_PREFIX},  {"zzgl", ABBR_PREFIX},
};
static const abbr abbr_fr[] = {
    {"av", ABBR_PREFIX},   {"avr", ABBR_FINAL},  {"bd", ABBR_PREFIX},  {"cf", ABBR_PREFIX},
    {"dr", ABBR_PREFIX},   {"déc", ABBR_FINAL},  {"env", ABBR_PREFIX}, {"etc", ABBR_FINAL},
    {"févr", ABBR_FINAL},  {"janv", ABBR_FINAL}, {"juil", ABBR_FINAL}, {"me", ABBR_PREFIX},
    {"mlle", ABBR_PREFIX}, {"mm", ABBR_PREFIX},  {"mme", ABBR_PREFIX}, {"no", ABBR_NUMBER},
    {"nov", ABBR_FINAL},   {"n°", ABBR_NUMBER},  {"oct", ABBR_FINAL},  {"p", ABBR_NUMBER},
    {"pr", ABBR_PREFIX},   {"sept", ABBR_FINAL}, {"st", ABBR_PREFIX},  {"ste", ABBR_PREFIX},
};
static const abbr abbr_es[] = {
    {"abr", ABBR_FINAL},  {"ago", ABBR_FINAL},   {"aprox", ABBR_PREFIX}, {"arq", ABBR_PREFIX},
    {"av", ABBR_PREFIX},  {"avda", ABBR_PREFIX}, {"c", ABBR_PREFIX},     {"cía", ABBR_FINAL},
    {"d", ABBR_PREFIX},   {"dic", ABBR_FINAL},   {"dr", ABBR_PREFIX},    {"dra", ABBR_PREFIX},
    {"dña", ABBR_PREFIX}, {"ej", ABBR_PREFIX},   {"ene", ABBR_FINAL},    {"etc", ABBR_FINAL},
    {"feb", ABBR_FINAL},  {"ing", ABBR_PREFIX},  {"jul", ABBR_FINAL},    {"jun", ABBR_FINAL},
    {"lic", ABBR_PREFIX}, {"ltda", ABBR_FINAL},  {"mar", ABBR_FINAL},    {"no", ABBR_NUMBER},
    {"nov", ABBR_FINAL},  {"n°", ABBR_NUMBER},   {"nº", ABBR_NUMBER},    {"núm", ABBR_NUMBER},
    {"oct", ABBR_FINAL},  {"prof", ABBR_PREFIX}, {"pág", ABBR_NUMBER},   {"s.a", ABBR_FINAL},
    {"sept", ABBR_FINAL}, {"sr", ABBR_PREFIX},   {"sra", ABBR_PREFIX},   {"srta", ABBR_PREFIX},
    {"sta", ABBR_PREFIX}, {"sto", ABBR_PREFIX},  {"ud", ABBR_PREFIX},    {"uds", ABBR_PREFIX},
};
static const abbr abbr_it[] = {
    {"avv", ABBR_PREFIX},  {"dott", ABBR_PREFIX}, {"ecc", ABBR_FINAL},   {"ing", ABBR_PREFIX},
    {"n", ABBR_NUMBER},    {"on", ABBR_PREFIX},   {"p.es", ABBR_PREFIX}, {"pag", ABBR_NUMBER},
    {"prof", ABBR_PREFIX}, {"s.p.a", ABBR_FINAL}, {"sig", ABBR_PREFIX},  {"sig.ra", ABBR_PREFIX},
};
static const abbr abbr_pt[] = {
    {"abr", ABBR_FINAL}, {"ago", ABBR_FINAL},   {"av", ABBR_PREFIX},  {"dez", ABBR_FINAL},
    {"dr", ABBR_PREFIX}, {"dra", ABBR_PREFIX},  {"etc", ABBR_FINAL},  {"fev", ABBR_FINAL},
    {"jan", ABBR_FINAL}, {"jul", ABBR_FINAL},   {"jun", ABBR_FINAL},  {"ltda", ABBR_FINAL},
    {"mar", ABBR_FINAL}, {"nov", ABBR_FINAL},   {"n°", ABBR_NUMBER},  {"nº", ABBR_NUMBER},
    {"out", ABBR_FINAL}, {"prof", ABBR_PREFIX}, {"pág", ABBR_NUMBER}, {"s.a", ABBR_FINAL},
    {"set", ABBR_FINAL}, {"sr", ABBR_PREFIX},   {"sra", ABBR_PREFIX},
};
static const abbr abbr_nl[] = {
    {"apr", ABBR_FINAL},    {"aug", ABBR_FINAL},    {"b.v", ABBR_PREFIX},   {"blz", ABBR_NUMBER},
    {"bv", ABBR_PREFIX},    {"ca", ABBR_PREFIX},    {"d.w.z", ABBR_PREFIX}, {"dec", ABBR_FINAL},
    {"dhr", ABBR_PREFIX},   {"dr", ABBR_PREFIX},    {"drs", ABBR_PREFIX},   {"etc", ABBR_FINAL},
    {"feb", ABBR_FINAL},    {"i.p.v", ABBR_PREFIX}, {"ir", ABBR_PREFIX},    {"jan", ABBR_FINAL},
    {"jul", ABBR_FINAL},    {"jun", ABBR_FINAL},    {"mevr", ABBR_PREFIX},  {"mr", ABBR_PREFIX},
    {"mrt", ABBR_FINAL},    {"nov", ABBR_FINAL},    {"nr", ABBR_NUMBER},    {"o.a", ABBR_PREFIX},
    {"okt", ABBR_FINAL},    {"prof", ABBR_PREFIX},  {"sep", ABBR_FINAL},    {"sept", ABBR_FINAL},
    {"t.a.v", ABBR_PREFIX},
};
static const char *const starters_en[] = {
    "A",     "After", "Also",      "An",    "And",   "As",    "At",        "Before",
    "But",   "By",    "During",    "For",   "From",  "He",    "Her",       "Here",
    "His",   "How",   "However",   "I",     "If",    "In",    "It",        "Its",
    "Last",  "Many",  "Meanwhile", "Most",  "My",    "Now",   "Officials", "On",
    "Our",   "She",   "Since",     "So",    "Some",  "That",  "The",       "Their",
    "There", "These", "They",      "This",  "Those", "Today", "We",        "What",
    "When",  "Where", "Which",     "While", "Who",   "Why",   "Yet",       "You",
};
static const char *const starters_de[] = {
    "Aber",   "Als",  "Am",   "Auch", "Auf", "Aus",     "Bei", "Da",   "Dabei",
    "Dann",   "Das",  "Dem",  "Den",  "Der", "Deshalb", "Die", "Dies", "Diese",
    "Dieser", "Doch", "Ein",  "Eine", "Er",  "Es",      "Für", "Ich",  "Im",
    "In",     "Mit",  "Nach", "Nun",  "Sie", "So",      "Und", "Wir",  "Zudem",
};
static const char *const starters_ru[] = {
    "А",      "В",   "Во",    "Вот", "Все",   "Всё",   "Его",   "Ее",    "Если", "Её",
    "Затем",  "И",   "Их",    "К",   "Как",   "Когда", "Кроме", "Мы",    "На",   "Но",
    "Однако", "Он",  "Она",   "Они", "Оно",   "По",    "Позже", "После", "При",  "С",
    "Сейчас", "Так", "Также", "Там", "Тогда", "Эта",   "Эти",   "Это",   "Этот", "Я",
};
static const char *const starters_fr[] = {
    "Au", "Avec", "Ce",   "Cela",  "Cette", "Dans", "De", "Des", "Elle", "Elles",
    "En", "Et",   "Il",   "Ils",   "Je",    "La",   "Le", "Les", "Mais", "Nous",
    "On", "Par",  "Pour", "Selon", "Si",    "Sur",  "Un", "Une",
};
static const char *const starters_es[] = {
    "Al", "Con",  "El",   "Ella", "Ellos", "En",    "Es", "Esta", "Este", "La",  "Las", "Los",
    "No", "Para", "Pero", "Por",  "Se",    "Según", "Si", "Su",   "Un",   "Una", "Y",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Capitalised words that follow a.m./p.m. inside a sentence ("at 9 a.m. Monday"). */
static const char *const time_followers[] = {
    "April", "August",   "BST",       "CET",    "CEST",     "CST",     "December", "EDT",
    "EST",   "ET",       "February",  "Friday", "GMT",      "January", "July",     "June",
    "March", "May",      "Monday",    "MSK",    "November", "October", "PDT",      "PST",
    "PT",    "Saturday", "September", "Sunday", "Thursday", "Tuesday", "UTC",      "Wednesday",
};

typedef struct lang_rules {
    const char *code;
    const abbr *abbrs;
    size_t nabbrs;
    const char *const *starters; /* NULL: none known */
    size_t nstarters;
    int ordinal_dots; /* "am 7. Juni": a small number with a dot is an ordinal */
    int pronoun_i;    /* "you and I. Did": a lone "I" after a lowercase word ends a sentence */
} lang_rules;

static const lang_rules lang_table[] = {
    {"de", abbr_de, COUNT(abbr_de), starters_de, COUNT(starters_de), 1, 0},
    {"en", abbr_en, COUNT(abbr_en), starters_en, COUNT(starters_en), 0, 1},
    {"es", abbr_es, COUNT(abbr_es), starters_es, COUNT(starters_es), 0, 0},
    {"fr", abbr_fr, COUNT(abbr_fr), starters_fr, COUNT(starters_fr), 0, 0},
    {"it", abbr_it, COUNT(abbr_it), NULL, 0, 0, 0},
    {"nl", abbr_nl, COUNT(abbr_nl), NULL, 0, 0, 0},
    {"pt", abbr_pt, COUNT(abbr_pt), NULL, 0, 0, 0},
    {"ru", abbr_ru, COUNT(abbr_ru), starters_ru, COUNT(starters_ru), 0, 0},
};

/* Languages that write ordinals with a dot ("19. století", "3. lokakuuta") but have no table
 * of their own: English abbreviations (news borrows them), no sentence openers. */
static const char *const ordinal_langs[] = {"cs", "da", "et", "fi", "hr", "hu", "lt", "lv",
                                            "nb", "nn", "no", "sk", "sl", "sr", "tr"};
static const lang_rules ordinal_rules = {"", abbr_en, COUNT(abbr_en), NULL, 0, 1, 0};

static const lang_rules *rules_for(const char *lang)
{
    if (lang) {
        for (size_t i = 0; i < COUNT(lang_table); i++)
            if (strcmp(lang, lang_table[i].code) == 0)
                return &lang_table[i];
        for (size_t i = 0; i < COUNT(ordinal_langs); i++)
            if (strcmp(lang, ordinal_langs[i]) == 0)
                return &ordinal_rules;
    }
    return &lang_table[1];
}

/* key's entry in the sorted table t[0..n), or NULL: a binary search (as bsearch() with
 * strcmp()) that compares first bytes inline and calls strcmp() only when they are equal;
 * the word before a period rarely shares its first letter with the entry it is compared to,
 * and this runs for every period. */
static const abbr *abbr_find(const abbr *t, size_t n, const char *key)
{
    const unsigned char k0 = (unsigned char)key[0];
    size_t lo = 0, hi = n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const unsigned char e0 = (unsigned char)t[mid].s[0];
        const int c = k0 != e0 ? (k0 < e0 ? -1 : 1) : strcmp(key, t[mid].s);
        if (c == 0)
            return &t[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* Kind of a lowercased abbreviation in the language's table, then in the English one (news
 * in every language borrows "Mr." and "Inc."); 0 when unknown. */
static int abbr_lookup(const lang_rules *lr, const char *key)
{
    const abbr *a = abbr_find(lr->abbrs, lr->nabbrs, key);
    if (!a && lr->abbrs != abbr_en)
        a = abbr_find(abbr_en, COUNT(abbr_en), key);
    return a ? a->kind : 0;
}

static int word_in(const char *const *list, size_t n, const char *w, size_t len)
{
    if (len == 0)
        return 0;                  /* no word in the lists is empty */
    for (size_t i = 0; i < n; i++) /* the first byte turns nearly all away without a strlen() */
        if (list[i][0] == w[0] && strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return 1;
    return 0;
}

/* ---- characters ---------------------------------------------------------------------- */

static int32_t cp_at(const char *t, size_t i, size_t end)
{
    return utf8_decode(t, end, &i);
}

/* Start of the code point that ends just before i (never below lo). */
static size_t prev_cp(const char *t, size_t lo, size_t i)
{
    size_t j = i - 1;
    while (j > lo && i - j < 4 && ((unsigned char)t[j] & 0xC0) == 0x80)
        j--;
    return j;
}

/* Byte length of the white space character at i (ASCII, Unicode spaces, zero-width space and
 * BOM), or 0. */
static size_t space_at(const char *t, size_t i, size_t end)
{
    const unsigned char c = (unsigned char)t[i];
    if (c < 0x80)
        return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
    if (c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF)
        return 0; /* no space character starts with any other byte */
    size_t j = i;
    const int32_t cp = utf8_decode(t, end, &j);
    return (utf8_is_space(cp) || cp == 0x200B || cp == 0xFEFF) ? j - i : 0;
}

static size_t skip_space(const char *t, size_t i, size_t end)
{
    size_t n;
    while (i < end && (n = space_at(t, i, end)) > 0)
        i += n;
    return i;
}

/* Byte length of the white space character ending at i (>= lo), or 0. */
static size_t space_before(const char *t, size_t lo, size_t i)
{
    if (i <= lo)
        return 0;
    const size_t p = prev_cp(t, lo, i);
    const size_t n = space_at(t, p, i);
    return n == i - p ? n : 0;
}

/* Whether the three bytes at i are E2 b1 b2 (a U+2000..U+2FFF character), without decoding. */
static int is3(const char *t, size_t i, size_t end, unsigned b1, unsigned b2)
{
    return i + 2 < end && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == b1 &&
           (unsigned char)t[i + 2] == b2;
}

static size_t ellipsis_at(const char *t, size_t i, size_t end)
{
    return is3(t, i, end, 0x80, 0xA6) ? 3 : 0; /* U+2026 */
}

/* U+203C, U+2047..U+2049: the doubled marks "‼ ⁇ ⁈ ⁉". */
static size_t double_mark_at(const char *t, size_t i, size_t end)
{
    if (is3(t, i, end, 0x80, 0xBC))
        return 3;
    if (i + 2 < end && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x81 &&
        (unsigned char)t[i + 2] >= 0x87 && (unsigned char)t[i + 2] <= 0x89)
        return 3;
    return 0;
}

/* List bullets: • ‣ ⁃ ▪ ■ ◦ ●. */
static size_t bullet_at(const char *t, size_t i, size_t end)
{
    if (i >= end || (unsigned char)t[i] != 0xE2)
        return 0; /* every bullet starts with E2 */
    if (is3(t, i, end, 0x80, 0xA2) || is3(t, i, end, 0x80, 0xA3) || is3(t, i, end, 0x81, 0x83) ||
        is3(t, i, end, 0x96, 0xAA) || is3(t, i, end, 0x96, 0xA0) || is3(t, i, end, 0x97, 0xA6) ||
        is3(t, i, end, 0x97, 0x8F))
        return 3;
    return 0;
}

/* A dash or asterisk used as a bullet at the start of a line: "- ", "* ", "– ", "— ". */
static size_t dash_item_at(const char *t, size_t i, size_t end)
{
    size_t n = 0;
    if (i < end && (t[i] == '-' || t[i] == '*'))
        n = 1;
    else if (is3(t, i, end, 0x80, 0x93) || is3(t, i, end, 0x80, 0x94))
        n = 3;
    return (n && i + n < end && space_at(t, i + n, end)) ? n : 0;
}

/* Characters that close a quotation or bracket right after a terminator: " ' ) ] } ” ’ “ ‘ »
 * › (“ closes German „...“ quotes). *bracket is set for ) and ]. */
static size_t closer_at(const char *t, size_t i, size_t end, int *bracket)
{
    *bracket = 0;
    if (i >= end)
        return 0;
    const unsigned char c = (unsigned char)t[i];
    if (c == ')' || c == ']') {
        *bracket = 1;
        return 1;
    }
    if (c == '"' || c == '\'' || c == '}')
        return 1;
    if (c == 0xC2 && i + 1 < end && (unsigned char)t[i + 1] == 0xBB)
        return 2;
    if (is3(t, i, end, 0x80, 0x9D) || is3(t, i, end, 0x80, 0x99) || is3(t, i, end, 0x80, 0x9C) ||
        is3(t, i, end, 0x80, 0x98) || is3(t, i, end, 0x80, 0xBA))
        return 3;
    return 0;
}

/* Characters that may open a sentence other than letters and digits: quotes, brackets,
 * Spanish ¿ ¡, currency signs. */
static int opener_cp(int32_t cp)
{
    switch (cp) {
    case '"':
    case '\'':
    case '(':
    case '[':
    case '{':
    case '$':
    case 0xA1:
    case 0xA3:
    case 0xA5:
    case 0xAB:
    case 0xBF: /* ¡ £ ¥ « ¿ */
    case 0x2018:
    case 0x201C:
    case 0x201E:
    case 0x2039: /* ‘ “ „ ‹ */
    case 0x20AC:
    case 0x20BD: /* € ₽ */ return 1;
    default: return 0;
    }
}

/* Stops a backwards token scan: white space or an opening quote/bracket. */
static int token_stop(const char *t, size_t p, size_t i)
{
    const unsigned char c = (unsigned char)t[p];
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r') || c == '"' || c == '\'' || c == '(' ||
               c == '[' || c == '{';
    if (space_at(t, p, i))
        return 1;
    const int32_t cp = cp_at(t, p, i);
    return cp != '$' && cp != 0xA3 && cp != 0x20AC && opener_cp(cp);
}

/* ---- list markers -------------------------------------------------------------------- */

typedef struct marker {
    int kind;            /* 0 none (or a bare bullet), 1 number, 2 lowercase letter */
    int star;            /* the item opens with "* ": the next " * " starts the next item */
    int style;           /* 1 "1.", 2 "1)", 3 "1.)" */
    unsigned long value; /* the number, or the letter */
    size_t end;          /* one past the marker's punctuation */
} marker;

/* Parses an optional bullet and a list number or letter ("• 9.", "2.)", "b)") followed by
 * white space at i. Returns 1 when there is a bullet or a marker (m->kind says which). */
static int marker_at(const char *t, size_t i, size_t end, marker *m)
{
    memset(m, 0, sizeof *m);
    size_t j = i;
    size_t b = bullet_at(t, j, end);
    if (!b && j + 1 < end && t[j] == '*' && space_at(t, j + 1, end))
        b = 1, m->star = 1;
    if (b)
        j = skip_space(t, j + b, end);
    size_t k = j;
    unsigned long v = 0;
    while (k < end && k - j < 3 && t[k] >= '0' && t[k] <= '9')
        v = v * 10 + (unsigned long)(t[k++] - '0');
    int kind = 0;
    if (k > j && k - j <= 2 && (k >= end || t[k] < '0' || t[k] > '9'))
        kind = 1;
    else if (k == j && j < end && t[j] >= 'a' && t[j] <= 'z')
        kind = 2, v = (unsigned long)(unsigned char)t[j], k = j + 1;
    if (kind && k < end && (t[k] == '.' || t[k] == ')')) {
        int style = t[k] == '.' ? 1 : 2;
        k++;
        if (style == 1 && k < end && t[k] == ')')
            style = 3, k++;
        if (k >= end || space_at(t, k, end)) {
            m->kind = kind, m->style = style, m->value = v, m->end = k;
            return 1;
        }
    }
    return b > 0;
}

/* ---- the decision at a period -------------------------------------------------------- */

typedef struct scan {
    const char *t;
    size_t ps, pe; /* the paragraph */
    size_t para;
    const lang_rules *lr;
    precis_sentence **out;
    size_t *n, *cap;
} scan;

/* Start of the token that ends at i (back to white space or an opening quote/bracket), or
 * (size_t)-1 when it is longer than any abbreviation could be. */
static size_t token_start(const char *t, size_t lo, size_t i)
{
    size_t j = i;
    while (j > lo) {
        const size_t p = prev_cp(t, lo, j);
        if (token_stop(t, p, j))
            break;
        j = p;
        if (i - j > 64)
            return (size_t)-1;
    }
    return j;
}

/* Lowercases t[a, b) into key (size ksz) from offset at; returns the new length, or 0 when
 * it does not fit. */
static size_t lower_into(const char *t, size_t a, size_t b, char *key, size_t ksz, size_t at)
{
    size_t o = at;
    size_t i = a;
    while (i < b) {
        const unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            if (o + 1 >= ksz)
                return 0;
            key[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        const int32_t cp = utf8proc_tolower(utf8_decode(t, b, &i));
        if (o + 5 >= ksz)
            return 0;
        o += utf8_encode(cp, key + o);
    }
    key[o] = '\0';
    return o;
}

/* The letters of the word at k (ASCII letters and any non-ASCII bytes). */
static size_t word_len(const char *t, size_t k, size_t end)
{
    size_t w = k;
    while (w < end) {
        const unsigned char c = (unsigned char)t[w];
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            break;
        w++;
    }
    return w - k;
}

static int starts_sentence_word(const lang_rules *lr, const char *w, size_t len, int fallback)
{
    if (lr->starters)
        return word_in(lr->starters, lr->nstarters, w, len);
    return fallback && word_in(starters_en, COUNT(starters_en), w, len);
}

/* Whether the sentence so far, [a, b), holds a word that starts with a lowercase letter: a
 * span of capitalised words and numbers is rather a fragment ("At 5 a.m.") than a sentence. */
static int has_lower_word(const char *t, size_t a, size_t b)
{
    /* Only the last few hundred bytes: a sentence that long is no fragment, and the scan must
     * stay linear on text with many "p.m." and no boundary. */
    if (b - a > 300)
        return 1;
    int at_start = 1;
    size_t i = a;
    while (i < b) {
        const size_t n = space_at(t, i, b);
        if (n) {
            at_start = 1;
            i += n;
            continue;
        }
        const int32_t cp = utf8_decode(t, b, &i);
        if (at_start && utf8_is_lower(cp))
            return 1;
        at_start = 0;
    }
    return 0;
}

/* Whether t[a, b) is a number: Arabic digits or a Roman numeral ("XX в."). */
static int is_number(const char *t, size_t a, size_t b)
{
    if (a >= b)
        return 0;
    int digits = 1, roman = 1;
    for (size_t i = a; i < b; i++) {
        const char c = t[i];
        digits &= c >= '0' && c <= '9';
        roman &= c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C';
    }
    return digits || roman;
}

/* Nouns after which "I" is the Roman numeral one, not an initial: "World War I." */
static int roman_one_after(const char *w, size_t len)
{
    static const char *const nouns[] = {"Act", "Chapter", "Part", "Phase", "Stage", "Title", "War"};
    return word_in(nouns, COUNT(nouns), w, len);
}

/* Whether t[a, b) is two or more letters, all capitals, without dots. */
static int all_capitals(const char *t, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b;) {
        if (!utf8_is_upper(utf8_decode(t, b, &i)))
            return 0;
        n++;
    }
    return n >= 2;
}

/* The token before a period at i decides whether it ends the sentence [start, ...) when the
 * next word starts at k with code point cp (an upper-case letter, digit, quote or the like). */
static int period_ends(const scan *s, size_t start, size_t i, size_t k, int32_t cp)
{
    const char *t = s->t;
    const lang_rules *lr = s->lr;
    const size_t ts = token_start(t, start, i);
    if (ts == (size_t)-1 || ts == i)
        return 1;
    const int next_digit = utf8_is_digit(cp);
    const size_t wl = utf8_is_letter(cp) ? word_len(t, k, s->pe) : 0;

    char key[48];
    size_t klen = lower_into(t, ts, i, key, sizeof key, 0);
    if (klen == 0)
        return 1;
    int kind = 0;
    /* Abbreviations written with a space: "т. д.", "e. g." */
    if (ts >= start + 3 && t[ts - 1] == ' ' && t[ts - 2] == '.' && klen <= 4) {
        const size_t ps = token_start(t, start, ts - 2);
        char key2[48];
        if (ps != (size_t)-1 && ps < ts - 2 && ts - 2 - ps <= 4) {
            size_t l2 = lower_into(t, ps, ts - 2, key2, sizeof key2, 0);
            if (l2 && l2 + 1 + klen + 1 < sizeof key2) {
                key2[l2] = '.';
                memcpy(key2 + l2 + 1, key, klen + 1);
                kind = abbr_lookup(lr, key2);
            }
        }
    }
    /* "FT.", "MS.": a word in capitals is an acronym, not the abbreviation "ft." or "Ms." */
    if (!kind && !all_capitals(t, ts, i))
        kind = abbr_lookup(lr, key);
    if (!kind) {
        const char *h = strrchr(key, '-');
        if (h && h[1])
            kind = abbr_lookup(lr, h + 1); /* "ex-Gov." */
    }
    if (kind == ABBR_AFTER_NUMBER) {
        const size_t pe = ts > start ? ts - space_before(t, start, ts) : ts;
        const size_t pb = pe < ts ? token_start(t, start, pe) : (size_t)-1;
        kind = (pb != (size_t)-1 && is_number(t, pb, pe)) ? ABBR_UNIT : ABBR_PREFIX;
    }
    switch (kind) {
    case ABBR_PREFIX: return 0;
    case ABBR_NUMBER: return !next_digit;
    case ABBR_FINAL: return !next_digit && (!wl || starts_sentence_word(lr, t + k, wl, 1));
    case ABBR_UNIT: return !next_digit;
    case ABBR_TIME:
        if (next_digit || (wl && word_in(time_followers, COUNT(time_followers), t + k, wl)))
            return 0;
        return has_lower_word(t, start, ts);
    default: break;
    }

    /* Not a known abbreviation: look at its shape. */
    size_t ncp = 0, seg = 0, segs = 1, letters = 1;
    int first_upper = 0;
    for (size_t j = ts; j < i;) {
        if (t[j] == '.') {
            if (seg == 0 || seg > 2)
                letters = 0;
            seg = 0, segs++, j++;
            continue;
        }
        const int32_t c = utf8_decode(t, i, &j);
        if (ncp == 0)
            first_upper = utf8_is_upper(c);
        if (!utf8_is_letter(c))
            letters = 0;
        ncp++, seg++;
    }
    if (seg == 0 || seg > 2)
        letters = 0;
    if (ncp == 1 && first_upper) {
        /* An initial ("Jonas E. Smith", "В. В. Путин"), unless it is the pronoun I after a
         * lowercase word. */
        if (lr->pronoun_i && t[ts] == 'I' && ts > start) {
            const size_t pe = ts - space_before(t, start, ts);
            const size_t pb = pe < ts ? token_start(t, start, pe) : (size_t)-1;
            if (pb != (size_t)-1 && pb < pe &&
                (utf8_is_lower(cp_at(t, pb, pe)) || roman_one_after(t + pb, pe - pb)))
                return 1;
        }
        return 0;
    }
    if (letters && segs >= 2) /* a dotted acronym: "U.S.", "E.U." */
        return !next_digit && (!wl || starts_sentence_word(lr, t + k, wl, 1));
    if (lr->ordinal_dots && i - ts <= 2 && is_number(t, ts, i) && t[ts] >= '0' && t[ts] <= '9')
        return !next_digit && (!wl || starts_sentence_word(lr, t + k, wl, 0)) && !next_digit;
    return 1;
}

/* Decides whether the terminator run starting at i ends a sentence. Returns 1 and sets *end
 * (one past its last byte, closing quotes and brackets included) and *next (where the next
 * sentence starts); *resume is where scanning goes on either way. */
static int terminator(const scan *s, size_t start, const marker *mk, int depth, size_t i,
                      size_t *end, size_t *next, size_t *resume)
{
    const char *t = s->t;
    const size_t pe = s->pe;
    size_t r = i, len;
    unsigned dots = 0, marks = 0, ell = 0;
    for (;;) {
        if (r < pe && t[r] == '.')
            dots++, r++;
        else if (r < pe && (t[r] == '!' || t[r] == '?'))
            marks++, r++;
        else if ((len = ellipsis_at(t, r, pe)) > 0)
            ell++, r += len;
        else if ((len = double_mark_at(t, r, pe)) > 0)
            marks++, r += len;
        else
            break;
    }
    int spaced = 0;
    if (marks == 0 && ell == 0) {
        /* A spaced ellipsis ". . ." */
        while (r + 1 < pe && t[r] == ' ' && t[r + 1] == '.') {
            r += 2, dots++, spaced = 1;
            while (r < pe && t[r] == '.')
                r++, dots++;
        }
    }
    *resume = r;
    if (i < mk->end) /* the sentence's own list marker "1." */
        return 0;
    /* "[...]" and "(...)" mark an omission inside a quotation, never an end */
    if (i > s->ps && (t[i - 1] == '[' || t[i - 1] == '(') && r < pe && (t[r] == ']' || t[r] == ')'))
        return 0;

    size_t e = r;
    int d = depth, br;
    while ((len = closer_at(t, e, pe, &br)) > 0) {
        if (br && d > 0)
            d--;
        e += len;
    }
    /* A straight quote standing alone after the end closes it: 'a year. " And' */
    if (e + 1 < pe && t[e] == ' ' && (t[e + 1] == '"' || t[e + 1] == '\'') &&
        (e + 2 == pe || space_at(t, e + 2, pe)))
        e += 2;
    if (d > 0) /* inside brackets: "(He worked as an engineer.) at" */
        return 0;
    const size_t k = skip_space(t, e, pe);
    if (k == e || k >= pe)
        return 0;
    const int32_t cp = cp_at(t, k, pe);
    if (utf8_is_lower(cp)) {
        /* Lowercase never starts a sentence, save the next letter of a lettered list. */
        marker m2;
        if (!(mk->kind == 2 && marker_at(t, k, pe, &m2) && m2.kind == 2 && m2.style == mk->style &&
              m2.value == mk->value + 1))
            return 0;
    } else if (!utf8_is_letter(cp) && !utf8_is_digit(cp) && !opener_cp(cp) &&
               !bullet_at(t, k, pe) && !(cp == '*' && k + 1 < pe && space_at(t, k + 1, pe))) {
        return 0; /* ", — сказал он" and other punctuation continue the sentence */
    } else if (marks || ell || dots >= 2) {
        if (spaced && marks == 0 && ell == 0) {
            const int attached = i > s->ps && !space_before(t, s->ps, i);
            /* "compounds. . . . The": a period, then an ellipsis that opens the next one */
            if (attached && dots >= 4) {
                *end = i + 1, *next = i + 1, *resume = i + 1;
                return 1;
            }
            /* "the thing is . . . I didn't": an ellipsis inside a sentence */
            if (!attached && dots == 3)
                return 0;
        }
    } else if (!period_ends(s, start, i, k, cp)) {
        return 0;
    }
    *end = e, *next = k, *resume = k;
    return 1;
}

/* ---- splitting ----------------------------------------------------------------------- */

/* Appends t[a, b) trimmed of white space, unless nothing is left. */
static int emit(const scan *s, size_t a, size_t b)
{
    const char *t = s->t;
    a = skip_space(t, a, b);
    size_t n;
    while (b > a && (n = space_before(t, a, b)) > 0)
        b -= n;
    if (a >= b)
        return 0;
    if (*s->n >= *s->cap && GROW(*s->out, *s->cap, *s->n + 1))
        return -1;
    precis_sentence *x = &(*s->out)[(*s->n)++];
    memset(x, 0, sizeof *x);
    x->start = a, x->end = b, x->paragraph = s->para;
    return 0;
}

/* Whether a bracket opened at i closes within the paragraph (not too far away): an unclosed
 * "(" must not swallow the rest of the paragraph. */
static int closes_later(const char *t, size_t i, size_t end)
{
    const char open = t[i], close = open == '(' ? ')' : ']';
    int d = 0;
    const size_t lim = end - i > 600 ? i + 600 : end;
    for (size_t j = i; j < lim; j++) {
        if (t[j] == open)
            d++;
        else if (t[j] == close && --d == 0)
            return 1;
    }
    return 0;
}

static void start_sentence(const scan *s, size_t at, marker *mk)
{
    marker_at(s->t, skip_space(s->t, at, s->pe), s->pe, mk);
}

/* Bytes that may matter; everything else is skipped by a table look-up. Inside a numbered
 * or lettered list item, spaces matter too (the next item may follow on the same line). */
static const unsigned char interesting[2][256] = {
    {
        ['\n'] = 1,
        ['.'] = 1,
        ['!'] = 1,
        ['?'] = 1,
        ['('] = 1,
        [')'] = 1,
        ['['] = 1,
        [']'] = 1,
        [0xE2] = 1,
    },
    {
        ['\n'] = 1,
        ['.'] = 1,
        ['!'] = 1,
        ['?'] = 1,
        ['('] = 1,
        [')'] = 1,
        ['['] = 1,
        [']'] = 1,
        [0xE2] = 1,
        [' '] = 1,
        ['\t'] = 1,
    },
};

/* The first byte from i on in t[i, pe) that tab marks as interesting, or pe. With SSE2 (every
 * x86-64 has it) sixteen bytes are compared at once: in news text the interesting bytes are a
 * few dozen apart (Reuters is hard-wrapped every 70 or so). */
static size_t next_interesting(const char *t, size_t i, size_t pe, int spaces)
{
    const unsigned char *const tab = interesting[spaces];
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!');
    const __m128i qm = _mm_set1_epi8('?'), lp = _mm_set1_epi8('('), rp = _mm_set1_epi8(')');
    const __m128i lb = _mm_set1_epi8('['), rb = _mm_set1_epi8(']');
    const __m128i e2 = _mm_set1_epi8((char)0xE2);
    const __m128i sp = _mm_set1_epi8(spaces ? ' ' : '\n'), tb = _mm_set1_epi8(spaces ? '\t' : '\n');
    while (i + 16 <= pe) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        const __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, nl), _mm_cmpeq_epi8(x, dot)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, bang), _mm_cmpeq_epi8(x, qm))),
            _mm_or_si128(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, lp), _mm_cmpeq_epi8(x, rp)),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, lb), _mm_cmpeq_epi8(x, rb))),
                         _mm_or_si128(_mm_cmpeq_epi8(x, e2),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, sp), _mm_cmpeq_epi8(x, tb)))));
        const unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#else
    while (i + 4 <= pe && !(tab[(unsigned char)t[i]] | tab[(unsigned char)t[i + 1]] |
                            tab[(unsigned char)t[i + 2]] | tab[(unsigned char)t[i + 3]]))
        i += 4; /* four bytes a step: one test instead of four */
#endif
    while (i < pe && !tab[(unsigned char)t[i]])
        i++;
    return i;
}

static int split_paragraph(scan *s)
{
    const char *t = s->t;
    const size_t pe = s->pe;
    size_t start = s->ps, i = s->ps;
    int depth = 0;
    marker mk;
    start_sentence(s, start, &mk);
    while (i < pe) {
        i = next_interesting(t, i, pe, mk.kind != 0 || mk.star);
        if (i >= pe)
            break;
        const unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\t') {
            if (i < mk.end) {
                i++;
                continue;
            }
            /* "1) The first item 2) The second item", "* one item * another" */
            marker m2;
            if (marker_at(t, i + 1, pe, &m2) &&
                ((mk.kind && m2.kind == mk.kind && m2.style == mk.style &&
                  m2.value == mk.value + 1 && bullet_at(t, i + 1, pe) == 0) ||
                 (mk.star && m2.star))) {
                if (emit(s, start, i))
                    return -1;
                start = i + 1, mk = m2, depth = 0, i = m2.end > i + 2 ? m2.end : i + 2;
                continue;
            }
            i++;
            continue;
        }
        size_t len, end, next, resume;
        switch (c) {
        case '\n': {
            /* A line break is a space, unless the next line is a list item. */
            size_t j = i + 1;
            while (j < pe && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r'))
                j++;
            marker m2;
            int item = dash_item_at(t, j, pe) || bullet_at(t, j, pe);
            if (!item && marker_at(t, j, pe, &m2) && m2.kind) {
                /* A numbered line is an item inside a list or after "...:", not a number
                 * that a hard wrap put first ("rose to\n12. The") */
                size_t b = i;
                while (b > start && space_before(t, start, b))
                    b -= space_before(t, start, b);
                item = mk.kind || (b > start && (t[b - 1] == ':' || t[b - 1] == ';'));
            }
            if (item && skip_space(t, start, i) < i) {
                if (emit(s, start, i))
                    return -1;
                start = j, depth = 0;
                start_sentence(s, start, &mk);
            }
            i = j;
            break;
        }
        case '(':
        case '[':
            if (closes_later(t, i, pe))
                depth++;
            i++;
            break;
        case ')':
        case ']':
            if (depth > 0)
                depth--;
            i++;
            break;
        case 0xE2:
            if ((len = bullet_at(t, i, pe)) > 0) {
                /* "• 9. The first item • 10. The second item" */
                if (space_before(t, start, i) && skip_space(t, start, i) < i) {
                    if (emit(s, start, i))
                        return -1;
                    start = i, depth = 0;
                    start_sentence(s, start, &mk);
                }
                i += len;
                break;
            }
            if (!ellipsis_at(t, i, pe) && !double_mark_at(t, i, pe)) {
                i++;
                break;
            }
            /* fall through */
        default: /* . ! ? */
            if (terminator(s, start, &mk, depth, i, &end, &next, &resume)) {
                if (emit(s, start, end))
                    return -1;
                start = next, depth = 0;
                start_sentence(s, start, &mk);
            }
            i = resume > i ? resume : i + 1;
            break;
        }
    }
    return emit(s, start, pe);
}

precis_status sentences_split(const char *text, const precis_span *paras, size_t npara,
                              const char *lang, precis_sentence **out, size_t *n, size_t *cap)
{
    scan s = {text, 0, 0, 0, rules_for(lang), out, n, cap};
    for (size_t p = 0; p < npara; p++) {
        if (paras[p].end <= paras[p].start)
            continue;
        s.ps = paras[p].start, s.pe = paras[p].end, s.para = p;
        if (split_paragraph(&s))
            return PRECIS_ENOMEM;
    }
    return PRECIS_OK;
}
