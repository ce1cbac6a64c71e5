# Debian packages for run.sh and test.sh (sourced by both): `apt_install PACKAGE...` waits for another
# apt/dpkg run instead of giving up at once. On a fresh server unattended-upgrades or a second install
# often holds the package lock for a minute or two; we wait up to APT_LOCK_WAIT seconds (default 300),
# saying so once. Why our own loop rather than `-o DPkg::Lock::Timeout`: that option makes `apt-get
# install` wait silently (with -qq) and, on Debian 12 (apt 2.6), does not cover `apt-get update`'s
# lock on the package lists at all. Any other apt failure is shown and returned at once.
APT_LOCK_WAIT="${APT_LOCK_WAIT:-300}"
if [ "$(id -u)" -ne 0 ]; then APT_SUDO="sudo"; else APT_SUDO=""; fi
_APT_BUSY="Could not get lock|Unable to lock|Unable to acquire the dpkg"

_apt_get() {
  local until=$((SECONDS + APT_LOCK_WAIT)) told="" err rc
  err="$(mktemp)"
  while :; do
    rc=0
    $APT_SUDO env LC_ALL=C DEBIAN_FRONTEND=noninteractive apt-get "$@" 2>"$err" || rc=$?
    if [ "$rc" -ne 0 ] && grep -qE "$_APT_BUSY" "$err" && [ "$SECONDS" -lt "$until" ]; then
      if [ -z "$told" ]; then
        echo "Ett annat apt/dpkg-program håller paketlåset; väntar på det (högst ${APT_LOCK_WAIT} s) …" >&2
        told=1
      fi
      sleep 2
      continue
    fi
    if [ "$rc" -ne 0 ] && grep -qE "$_APT_BUSY" "$err"; then
      echo "Gav upp efter ${APT_LOCK_WAIT} s: paketlåset är fortfarande upptaget (APT_LOCK_WAIT=sekunder ändrar väntan)." >&2
    fi
    cat "$err" >&2  # apt's own words: warnings after success, the error after a failure
    rm -f "$err"
    return "$rc"
  done
}

apt_install() {
  _apt_get update -qq && _apt_get install -y -qq "$@" >/dev/null
}
