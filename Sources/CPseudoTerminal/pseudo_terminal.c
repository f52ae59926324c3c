#define _XOPEN_SOURCE 600
#include "pseudo_terminal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int nn_open_pseudo_terminal(char *name, size_t capacity, unsigned short rows, unsigned short columns) {
  int controller = posix_openpt(O_RDWR | O_NOCTTY);
  if (controller < 0) return -1;
  const char *device = NULL;
  if (grantpt(controller) != 0 || unlockpt(controller) != 0 || (device = ptsname(controller)) == NULL ||
      strlen(device) + 1 > capacity) {
    close(controller);
    return -1;
  }
  strcpy(name, device);
  struct winsize size = {0};
  size.ws_row = rows;
  size.ws_col = columns;
  ioctl(controller, TIOCSWINSZ, &size);
  return controller;
}
