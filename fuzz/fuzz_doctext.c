/* fuzz_doctext.c — libFuzzer target: an uploaded plan document (src/service/doctext.c) on any
 * bytes: a .docx when the bytes are a zip (the corpus holds small ones), plain text otherwise.
 * What it returns must be UTF-8 text of the length it says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/vtext.h"
#include "service/doctext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* doctext_parse writes a NUL at data[n]: one byte more, and nothing else beyond */
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    arena *a = arena_new();
    char *text = NULL;
    size_t len = 0;
    td_error e = {0};
    if (doctext_parse(a, "fuzz.docx", copy, size, false, &text, &len, &e) == TD_OK) {
        if (!text || strlen(text) != len || !vtext_utf8_valid(text, len, NULL))
            abort();
    } else if (!e.msg[0])
        abort();
    arena_free(a);
    free(copy);
    return 0;
}
