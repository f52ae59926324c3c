#ifndef NNREPL_PSEUDO_TERMINAL_H
#define NNREPL_PSEUDO_TERMINAL_H

#include <stddef.h>

/* Opens a new pseudo-terminal of `rows`×`columns` and writes its device path into `name`.
 * Returns the controlling side's file descriptor, or -1. Swift's Glibc module does not expose
 * posix_openpt, grantpt, unlockpt and ptsname, which need _XOPEN_SOURCE; this file defines it. */
int nn_open_pseudo_terminal(char *name, size_t capacity, unsigned short rows, unsigned short columns);

#endif
