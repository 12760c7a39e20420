#!/usr/bin/env bash
# Everything a fresh machine needs, behind two commands:
#   ./dev.sh lab     set up, then open JupyterLab on the example notebook
#   ./dev.sh test    set up, then run the whole test suite (extra args go to pytest); installs
#                    Chromium (browser tests) and Java (Spark tests) with apt when missing
set -euo pipefail
cd "$(dirname "$0")"
VENV=${FLOWFILE_VENV:-.venv}

setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
  fi
  # pip builds the front end too (hatch-jupyter-builder runs npm): no manual JS step.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
}

need_chromium() {
  if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests (apt-get)..."
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "No Chromium found and cannot install it: browser tests will be skipped." >&2
  fi
}

need_java() {
  # the Spark tests run a real local Spark, which needs a Java runtime
  if command -v java >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Java for the Spark tests (apt-get)..."
    apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "No Java found and cannot install it: Spark tests will be skipped." >&2
  fi
}

case "${1:-}" in
  lab)
    setup
    shift
    root=()
    # Jupyter refuses to start as root (containers, CI machines) unless told it is wanted.
    if [ "$(id -u)" = 0 ]; then
      root=(--allow-root)
    fi
    exec "$VENV/bin/jupyter" lab --notebook-dir=examples "${root[@]}" "$@" examples/quickstart.ipynb
    ;;
  test)
    setup
    need_chromium
    need_java
    shift
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh lab | ./dev.sh test [pytest args]" >&2
    exit 2
    ;;
esac
