/* test_lexicon.c — the lexicon is data (data/lexicon/vi.tsv, src/core/lexicon.c): every
 * class has words, every word has an example that holds it, and every example is read as its
 * class by the code that uses the class. A word added to the data with a wrong class or an
 * example that does not show it fails here. */
#include "cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "core/extract.h"
#include "core/lexicon.h"
#include "core/target.h"
#include "core/vnum.h"
#include "core/vtext.h"

/* The offset of word in low at a word boundary, or -1. A word that ends in a space or a digit
 * opens what follows ("th " in "th 2025", "chỉ tiêu 2" in "chỉ tiêu 2026"). */
static long word_at(const char *low, const char *word)
{
    size_t n = strlen(word);
    bool opens = word[n - 1] == ' ' || (word[n - 1] >= '0' && word[n - 1] <= '9');
    for (const char *p = strstr(low, word); p; p = strstr(p + 1, word)) {
        bool start = p == low || p[-1] == ' ' || p[-1] == '(';
        bool end = opens || p[n] == '\0' || p[n] == ' ' || strchr(",.;:)", p[n]);
        if (start && end)
            return (long)(p - low);
    }
    return -1;
}

static void every_class_has_words_and_examples(void **state)
{
    (void)state;
    arena *a = arena_new();
    for (int c = 0; c < LEX_N_CLASSES; c++) {
        const char *const *w = lexicon_words((lex_class)c), *const *e = lexicon_examples((lex_class)c);
        assert_non_null(w[0]);
        size_t i = 0;
        for (; w[i]; i++) {
            assert_non_null(e[i]);
            char *low = vtext_lower(a, e[i]);
            if (word_at(low, w[i]) < 0)
                fail_msg("%s \"%s\": its example \"%s\" does not hold it", lexicon_class_name((lex_class)c), w[i],
                         e[i]);
            assert_string_equal(vtext_nfc(a, w[i]), w[i]);
        }
        assert_null(e[i]);
    }
    assert_string_equal(lexicon_class_name(LEX_UNIT), "unit");
    arena_free(a);
}

/* A unit's example, read as a target, has that unit. */
static void units_are_read_as_units(void **state)
{
    (void)state;
    arena *a = arena_new();
    const char *const *w = lexicon_words(LEX_UNIT), *const *e = lexicon_examples(LEX_UNIT);
    for (size_t i = 0; w[i]; i++) {
        target t;
        td_error err = {0};
        assert_int_equal(target_parse(a, e[i], &t, &err), TD_OK);
        assert_true(t.has_value);
        if (!t.unit || strcmp(vtext_lower(a, t.unit), w[i]) != 0)
            fail_msg("unit \"%s\": \"%s\" is read with the unit \"%s\"", w[i], e[i], t.unit ? t.unit : "(none)");
    }
    arena_free(a);
}

/* A label's example has a number after the label that is a name, not a figure. */
static void labels_make_numbers_names(void **state)
{
    (void)state;
    arena *a = arena_new();
    const char *const *w = lexicon_words(LEX_LABEL), *const *e = lexicon_examples(LEX_LABEL);
    for (size_t i = 0; w[i]; i++) {
        char *low = vtext_lower(a, e[i]);
        size_t at = (size_t)word_at(low, w[i]) + strlen(w[i]);
        while (low[at] == ' ')
            at++;
        assert_true(low[at] >= '0' && low[at] <= '9');
        if (!target_number_is_label(low, at))
            fail_msg("label \"%s\": the number of \"%s\" is read as a figure", w[i], e[i]);
    }
    assert_false(target_number_is_label("đạt 12 thôn", 4)); /* a count, not a label */
    arena_free(a);
}

/* A rate's example names a rate, a share's changes a share; a "to" word's example goes from one
 * level to the next. */
static void rates_and_to_words_are_read(void **state)
{
    (void)state;
    arena *a = arena_new();
    const char *const *w = lexicon_words(LEX_RATE), *const *e = lexicon_examples(LEX_RATE);
    for (size_t i = 0; w[i]; i++)
        assert_true(target_names_rate(vtext_lower(a, e[i])));
    assert_false(target_names_rate("tỷ lệ hộ nghèo"));
    /* a share's example: the rate word changes the share, so the figure is a fall, not a level */
    w = lexicon_words(LEX_SHARE), e = lexicon_examples(LEX_SHARE);
    for (size_t i = 0; w[i]; i++) {
        target t;
        td_error err = {0};
        assert_false(target_names_rate(vtext_lower(a, e[i])));
        assert_int_equal(target_parse(a, e[i], &t, &err), TD_OK);
        if (t.change != TARGET_CHANGE_DECREASE)
            fail_msg("share \"%s\": \"%s\" is not read as a fall", w[i], e[i]);
    }
    w = lexicon_words(LEX_TO), e = lexicon_examples(LEX_TO);
    for (size_t i = 0; w[i]; i++) {
        char *low = vtext_lower(a, e[i]);
        assert_int_equal(target_to_word(low + word_at(low, w[i])), strlen(w[i]));
        target t;
        td_error err = {0};
        assert_int_equal(target_parse(a, e[i], &t, &err), TD_OK);
        double reached = 0;
        const char *p = low + word_at(low, w[i]) + strlen(w[i]);
        while (*p == ' ')
            p++;
        assert_true(vnum_scan(p, &reached) > 0);
        assert_true(t.has_value && t.value == reached); /* the level reached, not the one left */
    }
    arena_free(a);
}

/* A name's tail is cut from the name of the target that follows it. */
static void name_tails_leave_the_name(void **state)
{
    (void)state;
    arena *a = arena_new();
    const char *const *e = lexicon_examples(LEX_NAME_TAIL);
    for (size_t i = 0; e[i]; i++) {
        const char *text = arena_printf(a, "1. %s.\n", e[i]);
        extract_result r;
        td_error err = {0};
        assert_int_equal(extract_plan(a, text, strlen(text), &r, &err), TD_OK);
        if (r.n_targets != 1 || strcmp(r.targets[0].name, "Thu nhập đầu người") != 0)
            fail_msg("name-tail: \"%s\" is named \"%s\"", e[i], r.n_targets ? r.targets[0].name : "(no target)");
    }
    arena_free(a);
}

/* A comparator alone promises a figure (refused as half-typed); a unit stop ends the unit; a
 * baseline word makes the year after it the baseline; a change verb makes the figure a change. */
static void comparators_stops_and_change_verbs_are_read(void **state)
{
    (void)state;
    arena *a = arena_new();
    const char *const *w = lexicon_words(LEX_COMPARATOR), *const *e = lexicon_examples(LEX_COMPARATOR);
    for (size_t i = 0; w[i]; i++) {
        target t;
        td_error err = {0};
        assert_int_equal(target_parse(a, w[i], &t, &err), TD_ERR_INPUT);
        if (!strstr(err.msg, "thiếu con số"))
            fail_msg("comparator \"%s\" alone: %s", w[i], err.msg);
        assert_int_equal(target_parse(a, e[i], &t, &err), TD_OK);
        assert_true(t.has_value);
    }
    w = lexicon_words(LEX_UNIT_STOP), e = lexicon_examples(LEX_UNIT_STOP);
    for (size_t i = 0; w[i]; i++) {
        target t;
        td_error err = {0};
        assert_int_equal(target_parse(a, e[i], &t, &err), TD_OK);
        if (!t.unit || strcmp(t.unit, "cây xanh") != 0)
            fail_msg("unit-stop \"%s\": \"%s\" has the unit \"%s\"", w[i], e[i], t.unit ? t.unit : "(none)");
    }
    w = lexicon_words(LEX_BASELINE), e = lexicon_examples(LEX_BASELINE);
    for (size_t i = 0; w[i]; i++) {
        extract_result r;
        td_error err = {0};
        const char *text = arena_printf(a, "1. %s.\n", e[i]);
        assert_int_equal(extract_plan(a, text, strlen(text), &r, &err), TD_OK);
        if (r.n_targets != 1 || r.targets[0].target.baseline_year != 2025)
            fail_msg("baseline \"%s\": \"%s\" has no baseline year 2025", w[i], e[i]);
    }
    for (int c = LEX_INCREASE; c <= LEX_DECREASE; c++) {
        w = lexicon_words((lex_class)c), e = lexicon_examples((lex_class)c);
        for (size_t i = 0; w[i]; i++) {
            target t;
            td_error err = {0};
            assert_int_equal(target_parse(a, e[i], &t, &err), TD_OK);
            assert_int_equal(t.change, c == LEX_INCREASE ? TARGET_CHANGE_INCREASE : TARGET_CHANGE_DECREASE);
        }
    }
    arena_free(a);
}

/* The classes the extractor reads by position: a grade follows a figure, a counted thing a
 * word numeral, a place a capitalised name, an action, a header word or a name's lead opens its
 * example, a day or a name's tail comes just before a number, a measure stands in a label's
 * parentheses. */
static void positional_classes_show_their_position(void **state)
{
    (void)state;
    arena *a = arena_new();
    static const char *const numerals[] = {"một ", "hai ", "ba ", "bốn ", "năm ", NULL};
    for (int c = 0; c < LEX_N_CLASSES; c++) {
        const char *const *w = lexicon_words((lex_class)c), *const *e = lexicon_examples((lex_class)c);
        for (size_t i = 0; w[i]; i++) {
            char *low = vtext_lower(a, e[i]);
            long at = word_at(low, w[i]);
            const char *after = e[i] + at + strlen(w[i]);
            bool ok = true;
            if (c == LEX_GRADE)
                ok = at >= 2 && low[at - 2] >= '0' && low[at - 2] <= '9';
            else if (c == LEX_COUNTED) {
                ok = false;
                for (const char *const *n = numerals; *n && !ok; n++)
                    ok = (size_t)at >= strlen(*n) && strncmp(low + at - strlen(*n), *n, strlen(*n)) == 0;
            } else if (c == LEX_PLACE)
                ok = after[0] == ' ' && after[1] >= 'A' && after[1] <= 'Z';
            else if (c == LEX_DAY || c == LEX_NAME_TAIL)
                ok = after[0] == ' ' && after[1] >= '0' && after[1] <= '9'; /* "ngày 05/12", "đạt 70" */
            else if (c == LEX_ACTION || c == LEX_HEADER || c == LEX_ACTUAL_COLUMN || c == LEX_PLAN_COLUMN ||
                     c == LEX_NAME_LEAD)
                ok = at == 0; /* opens its clause or its cell */
            else if (c == LEX_MEASURE)
                ok = at > 0 && low[at - 1] == '('; /* a label's unit: "Sản lượng (tấn)" */
            if (!ok)
                fail_msg("%s \"%s\": the example \"%s\" does not show it in its place",
                         lexicon_class_name((lex_class)c), w[i], e[i]);
        }
    }
    arena_free(a);
}

/* A table read with each column word: a plan column holds the target, an actual column does
 * not, whichever of the two stands first; a measure in the label's parentheses is the unit. */
static void column_words_and_measures_read_tables(void **state)
{
    (void)state;
    arena *a = arena_new();
    for (int c = LEX_ACTUAL_COLUMN; c <= LEX_PLAN_COLUMN; c++) {
        const char *const *w = lexicon_words((lex_class)c), *const *e = lexicon_examples((lex_class)c);
        for (size_t i = 0; w[i]; i++) {
            const char *other = c == LEX_PLAN_COLUMN ? "Thực hiện 2025" : "Kế hoạch 2026";
            const char *text = arena_printf(a, "TT\tChỉ tiêu\t%s\t%s\n1\tSản lượng lúa (tấn)\t%s\t%s\n",
                                            c == LEX_PLAN_COLUMN ? other : e[i], c == LEX_PLAN_COLUMN ? e[i] : other,
                                            c == LEX_PLAN_COLUMN ? "4.000" : "4.100", c == LEX_PLAN_COLUMN ? "4.500" : "4.600");
            extract_result r;
            td_error err = {0};
            assert_int_equal(extract_plan(a, text, strlen(text), &r, &err), TD_OK);
            double want = c == LEX_PLAN_COLUMN ? 4500 : 4600;
            if (r.n_targets != 1 || r.targets[0].target.value != want)
                fail_msg("%s \"%s\": the table headed \"%s\" is not read from its target column",
                         lexicon_class_name((lex_class)c), w[i], e[i]);
        }
    }
    const char *const *w = lexicon_words(LEX_MEASURE);
    for (size_t i = 0; w[i]; i++) {
        const char *text = arena_printf(a, "TT\tChỉ tiêu\tKế hoạch 2026\n1\tSản lượng (%s)\t12\n", w[i]);
        extract_result r;
        td_error err = {0};
        assert_int_equal(extract_plan(a, text, strlen(text), &r, &err), TD_OK);
        if (r.n_targets != 1 || !r.targets[0].target.unit || strcmp(vtext_lower(a, r.targets[0].target.unit), w[i]) != 0)
            fail_msg("measure \"%s\": a label's \"(%s)\" is not read as its unit", w[i], w[i]);
    }
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_class_has_words_and_examples),
        cmocka_unit_test(units_are_read_as_units),
        cmocka_unit_test(labels_make_numbers_names),
        cmocka_unit_test(rates_and_to_words_are_read),
        cmocka_unit_test(positional_classes_show_their_position),
        cmocka_unit_test(comparators_stops_and_change_verbs_are_read),
        cmocka_unit_test(name_tails_leave_the_name),
        cmocka_unit_test(column_words_and_measures_read_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
