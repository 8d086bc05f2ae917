#!/usr/bin/env bash
# Installs the Debian packages the tests need, idempotently (a package `dpkg -s` reports as
# installed is skipped). Called by .ci/run; tested by test/ci/install-deps.test.ts with fake
# `apt-get` and `dpkg` commands on PATH that replay what a fresh machine prints.
#
# Why the tolerance: on this workplace's mirror the bookworm-security i386 index is often stale, so
# `apt-get update` exits 100 with exactly two `E:` lines (docs/ci-machine.md):
#   E: Failed to fetch …/binary-i386/Packages.xz  File has unexpected size …
#   E: Some index files failed to download. They have been ignored, or old ones used instead.
# The second line names no architecture. We accept that failure and nothing else: any other `E:`
# line (a broken amd64 index, a bad sources list, no network) stops the run with apt's output.
set -euo pipefail

log() { printf 'ci: %s\n' "$*"; }

# Reads `apt-get update` output on stdin; succeeds only when every `E:` line is an i386 index
# fetch failure or the "Some index files failed to download" summary that follows one.
stale_i386_index_only() {
  local line seen_i386=0 seen_error=0
  while IFS= read -r line; do
    case "$line" in
      E:*) ;;
      *) continue ;;
    esac
    seen_error=1
    if [[ "$line" == "E: Failed to fetch "* && "$line" == *"/binary-i386/"* ]]; then
      seen_i386=1
    elif [[ "$line" == "E: Some index files failed to download."* && "$seen_i386" -eq 1 ]]; then
      :
    else
      return 1
    fi
  done
  [ "$seen_error" -eq 1 ] && [ "$seen_i386" -eq 1 ]
}

APT_UPDATED=0
apt_update() {
  [ "$APT_UPDATED" -eq 1 ] && return 0
  local out rc=0
  out="$(apt-get update -q 2>&1)" || rc=$?
  APT_UPDATED=1
  [ "$rc" -eq 0 ] && return 0
  if printf '%s\n' "$out" | stale_i386_index_only; then
    log "apt-get update: the i386 index is stale (tolerated); the other indexes are current"
    return 0
  fi
  printf '%s\n' "$out" >&2
  log "apt-get update failed (exit $rc) with an error other than the stale i386 index"
  return 1
}

missing() {
  local p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || printf '%s\n' "$p"; done
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# Agent build tests run the innosetup npm package's ISCC.exe (32-bit) under wine and install the
# result silently under xvfb. wine32 comes from the i386 architecture; pinning the main suite avoids
# the version skew with the stale security index. Installed before chromium (shared recipe).
mapfile -t wine_pkgs < <(missing wine wine32:i386 wine64 xvfb xauth)
if [ "${#wine_pkgs[@]}" -gt 0 ]; then
  log "installing wine for ISCC: ${wine_pkgs[*]}"
  dpkg --add-architecture i386
  apt_update
  apt_install -t bookworm "${wine_pkgs[@]}" || apt_install "${wine_pkgs[@]}"
fi

# chromium: browser E2E; openssl, zip: cross-checks; osslsigncode: Authenticode of waptagent.exe.
mapfile -t other_pkgs < <(missing chromium fonts-liberation openssl zip osslsigncode)
if [ "${#other_pkgs[@]}" -gt 0 ]; then
  log "installing Debian packages: ${other_pkgs[*]}"
  apt_update
  apt_install "${other_pkgs[@]}"
fi
log "Debian packages ready"
