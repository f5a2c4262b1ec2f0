/* hash.h — FNV-1a over 64 bits, for the program's own hash tables, cache slots and ETags: fast
 * and stable, not for anything an attacker chooses against (use libsodium for that). A hash is
 * continued part by part from HASH_SEED. */
#ifndef TD_CORE_HASH_H
#define TD_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_SEED UINT64_C(0xcbf29ce484222325) /* FNV-1a 64 offset basis */

uint64_t hash_bytes(uint64_t h, const void *bytes, size_t n);
/* the bytes of s, without its NUL */
uint64_t hash_text(uint64_t h, const char *s);

#endif
