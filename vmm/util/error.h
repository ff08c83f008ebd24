/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_ERROR_H
#define VMM_UTIL_ERROR_H

/*
 * Library functions return -errno and leave a one-line explanation here
 * (what failed, on which object, with the values); only main() prints it
 * and decides to exit.  The message is per thread.
 */
__attribute__((format(printf, 1, 2)))
void error_setf(const char *fmt, ...);
const char *error_get(void);
/*
 * Put "PREFIX" in front of the message, as a caller that knows more
 * (the option, the file and line) tells where the value came from.
 */
__attribute__((format(printf, 1, 2)))
void error_prepend(const char *fmt, ...);
void error_clear(void);

/* error_setf() and return -err, for one-line error paths. */
#define error_ret(err, ...) ({ error_setf(__VA_ARGS__); -(err); })

/* A warning for the user (QEMU's warn_report): printed at once. */
__attribute__((format(printf, 1, 2)))
void warn_report(const char *fmt, ...);

#endif
