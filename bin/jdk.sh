# Finds a JDK 21+ for Sluice: sourced by ./sluice, ./mvnw, .ci/run and the bench/ scripts, so all choose the same JDK.
# POSIX sh (mvnw runs under /bin/sh). After `sluice_find_jdk [--javac]`:
#   SLUICE_JAVA        the java binary of the first JDK 21+ found (JAVA_HOME first, then `java` on the PATH,
#                      then /usr/lib/jvm/*, /usr/local/*, /opt/*, ~/.sdkman/candidates/java/*)
#   SLUICE_JAVA_HOME   its home folder, SLUICE_JAVA_MAJOR its major version
# or it returns 1 with SLUICE_JDK_ERROR set to one sentence saying what was found and what to install or set.
# --javac skips Java runtimes without a compiler (Maven needs one).

SLUICE_MIN_JAVA=21

# Prints the major version of the java binary $1 (8 for "1.8.0_392"), or nothing. Reads the JDK's `release`
# file when it has one: starting a JVM just to ask its version costs ~0.1 s on every call.
sluice_java_major() {
  _sj_version=
  _sj_real="$1"
  [ -L "$_sj_real" ] && _sj_real="$(readlink -f "$_sj_real" || true)"
  if [ -f "${_sj_real%/bin/*}/release" ]; then
    while IFS= read -r _sj_line; do
      case "$_sj_line" in JAVA_VERSION=*) _sj_version="${_sj_line#JAVA_VERSION=}"; break ;; esac
    done <"${_sj_real%/bin/*}/release"
    _sj_version="${_sj_version#\"}"
    _sj_version="${_sj_version%\"}"
  fi
  if [ -z "$_sj_version" ]; then
    _sj_version="$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1 || true)"
  fi
  [ -n "$_sj_version" ] || return 0
  case "$_sj_version" in 1.*) _sj_version="${_sj_version#1.}" ;; esac
  printf '%s\n' "${_sj_version%%[.+-]*}"
}

# For scripts that run java themselves (the bench/ scripts): finds the JDK as ./sluice does and exports JAVA_HOME,
# or prints "$1: " and what to install or set on stderr and returns 1.
sluice_export_jdk() {
  if sluice_find_jdk --javac; then
    JAVA_HOME="$SLUICE_JAVA_HOME"
    export JAVA_HOME
    return 0
  fi
  echo "$1: $SLUICE_JDK_ERROR" >&2
  return 1
}

sluice_find_jdk() {
  case "$-" in *f*) _sj_noglob=1; set +f ;; *) _sj_noglob= ;; esac  # mvnw runs with `set -f`
  _sj_status=0
  _sj_search "$@" || _sj_status=1
  [ -z "$_sj_noglob" ] || set -f
  return "$_sj_status"
}

_sj_search() {
  _sj_need_javac=
  [ "${1:-}" = --javac ] && _sj_need_javac=1
  _sj_found=
  SLUICE_JAVA= SLUICE_JAVA_HOME= SLUICE_JAVA_MAJOR= SLUICE_JDK_ERROR=
  for _sj_c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" \
      /usr/lib/jvm/*/bin/java /usr/local/*/bin/java /opt/*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [ -n "$_sj_c" ] && [ -x "$_sj_c" ] || continue
    _sj_real="$_sj_c"
    [ -L "$_sj_real" ] && _sj_real="$(readlink -f "$_sj_real" || true)"
    if [ -n "$_sj_need_javac" ] && ! [ -x "${_sj_real%/*}/javac" ]; then
      _sj_found="${_sj_found:+$_sj_found, }a runtime without javac at $_sj_c"
      continue
    fi
    _sj_major="$(sluice_java_major "$_sj_c")"
    if [ -n "$_sj_major" ] && [ "$_sj_major" -ge "$SLUICE_MIN_JAVA" ] 2>/dev/null; then
      SLUICE_JAVA="$_sj_c"
      SLUICE_JAVA_MAJOR="$_sj_major"
      SLUICE_JAVA_HOME="${_sj_real%/bin/*}"
      return 0
    fi
    _sj_found="${_sj_found:+$_sj_found, }Java ${_sj_major:-of unknown version} at $_sj_c"
  done
  SLUICE_JDK_ERROR="Sluice needs a JDK $SLUICE_MIN_JAVA or newer but found ${_sj_found:-no Java at all}; install one (Debian/Ubuntu: apt-get install openjdk-21-jdk-headless where your release has it, or a Temurin JDK from https://adoptium.net) or set JAVA_HOME to a JDK $SLUICE_MIN_JAVA+ folder."
  return 1
}
