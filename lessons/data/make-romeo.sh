#!/bin/sh
# Writes romeo.txt: every speech of ROMEO in tinyshakespeare.txt, in the order of the text.
# A speech is the speaker's line "ROMEO:" and the lines after it up to the next blank line;
# each is written with the blank line that ends it, as the play is, so the text reads like
# tinyshakespeare and uses only its characters. Byte for byte the same on every machine:
#   sh lessons/data/make-romeo.sh   (from anywhere; it writes next to itself)
set -eu
cd "$(dirname "$0")"
LC_ALL=C awk '
  $0 == "ROMEO:" { speaking = 1 }
  speaking       { print }
  $0 == ""       { speaking = 0 }
' tinyshakespeare.txt > romeo.txt
