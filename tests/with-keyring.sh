#!/bin/sh
# Runs a command with a private, unlocked GNOME keyring on a private session bus, the way a
# desktop session provides one. Usage: dbus-run-session -- with-keyring.sh COMMAND...
set -eu
scratch=$(mktemp -d)
trap 'kill $keyring 2>/dev/null || true; rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" KEYRING_TEST_HOME="$scratch/home"
mkdir -p "$HOME"
printf 'unlock-password' | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$scratch/keyring.log" 2>&1 &
keyring=$!
# Wait for the daemon to own its bus name (startup, not a test wait).
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
  i=$((i + 1))
  [ $i -lt 200 ] || { echo "gnome-keyring did not start" >&2; cat "$scratch/keyring.log" >&2; exit 1; }
  sleep 0.05
done
"$@"
