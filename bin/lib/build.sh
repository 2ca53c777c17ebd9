# shellcheck shell=bash
# Sourced by bin/sunset and bin/demo: runs the Maven wrapper of the repository, showing one line per module on
# standard error ("  [3/5] Sunset core") instead of Maven's log. With SUNSET_BUILD_OUTPUT=show, the lines the build
# prints that are not Maven's own (the demo's output) go to standard output; otherwise they are left out with the
# rest of the log. On failure the [ERROR] lines are shown and the whole log is kept.

sunset_build() {
  local root="$1"
  shift
  local show="${SUNSET_BUILD_OUTPUT:-}"
  local log status start=$SECONDS
  log="$(mktemp "${TMPDIR:-/tmp}/sunset-build.XXXXXX")"
  set +e
  (cd "$root" && ./mvnw -B -ntp "$@") 2>&1 | tee "$log" | while IFS= read -r line; do
    if [[ $line =~ ^\[INFO\]\ Building\ (.+)\ [^\ ]+\ +\[([0-9]+/[0-9]+)\]$ ]]; then
      printf '  [%s] %s\n' "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}" >&2
    elif [[ $show == show && -n $line && $line != \[INFO\]* && $line != \[WARNING\]* && $line != \[ERROR\]* \
        && $line != WARNING:* ]]; then
      printf '%s\n' "$line"
    fi
  done
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    grep '^\[ERROR\]' "$log" | head -20 >&2
    echo "the build failed (exit $status); its whole log is in $log" >&2
    return "$status"
  fi
  rm -f "$log"
  printf '  built in %d s\n' "$((SECONDS - start))" >&2
}
