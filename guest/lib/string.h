/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include <stddef.h>

/* gcc may call the first four itself, even freestanding. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
