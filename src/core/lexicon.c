/* lexicon.c — access to the word lists compiled from data/lexicon/vi.tsv. */
#include "core/lexicon.h"

#define LEXICON_NAME(e, n) n,
static const char *const names[] = {LEXICON_CLASSES(LEXICON_NAME)};
#undef LEXICON_NAME

const char *const *lexicon_words(lex_class c)
{
    return lexicon_words_table[c];
}

const char *const *lexicon_examples(lex_class c)
{
    return lexicon_examples_table[c];
}

const char *lexicon_class_name(lex_class c)
{
    return names[c];
}
