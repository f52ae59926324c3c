#ifndef NNREPL_CLIBEDIT_SHIM_H
#define NNREPL_CLIBEDIT_SHIM_H

/* The native libedit API (<histedit.h>), not its readline emulation: it gives every callback a
 * client-data pointer, so the Swift side needs no global state. */
#include <fcntl.h>
#include <histedit.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* el_set, el_get and history are C variadic functions, which Swift cannot call. Each operation
 * nnrepl needs gets a typed, non-variadic wrapper here. */
typedef char *(*nn_prompt_fn)(EditLine *);
typedef unsigned char (*nn_edit_fn)(EditLine *, int);

/* Swift 6 rejects the C globals stdin/stdout/stderr as not concurrency-safe, so pass them here. */
static inline EditLine *nn_el_init(const char *program) {
  return el_init(program, stdin, stdout, stderr);
}
static inline void nn_flush_stdout(void) { fflush(stdout); }

static inline int nn_el_set_prompt(EditLine *el, nn_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int nn_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int nn_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int nn_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int nn_el_set_getcfn(EditLine *el, el_rfunc_t f) { return el_set(el, EL_GETCFN, f); }
static inline int nn_el_set_clientdata(EditLine *el, void *p) { return el_set(el, EL_CLIENTDATA, p); }
static inline void *nn_el_get_clientdata(EditLine *el) {
  void *p = NULL;
  el_get(el, EL_CLIENTDATA, &p);
  return p;
}
static inline int nn_el_addfn(EditLine *el, const char *name, const char *help, nn_edit_fn f) {
  return el_set(el, EL_ADDFN, name, help, f);
}
static inline int nn_el_bind(EditLine *el, const char *key, const char *function) {
  return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

static inline int nn_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int nn_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int nn_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int nn_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int nn_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

/* O_TMPFILE (an unnamed file in a folder, which vanishes if the program is killed before it is
 * linked in), or 0 where the system has none. A C macro Swift does not import. */
static inline int nn_o_tmpfile(void) {
#if defined(O_TMPFILE)
  return O_TMPFILE;
#elif defined(__O_TMPFILE) /* glibc names it O_TMPFILE only with _GNU_SOURCE */
  return __O_TMPFILE | O_DIRECTORY;
#else
  return 0;
#endif
}

/* sigaction without SA_RESTART, so that Ctrl-C interrupts a blocked read, and the signal
 * unblocked, since a parent may have started nnrepl with it blocked. Done in C because the
 * field names of struct sigaction differ between Glibc and Darwin. */
static inline int nn_install_handler(int signo, void (*handler)(int)) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signo);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  return sigaction(signo, &action, NULL);
}

#endif
