#!/usr/bin/env bash
# One entry point for a fresh machine: installs what the project needs, then runs it.
#   ./run.sh demo   install, ingest the bundled sample notices, serve the API and the explorer on 127.0.0.1:8000
#   ./run.sh test   install (with test tools, Chromium for the browser tests), run the whole test suite
#   ./run.sh bench  install, run the benchmarks in bench/ (extraction, then ingest);
#                   ./run.sh bench NAME [args] runs bench/bench_NAME.py, with its own options
# Everything goes into .venv/ beside this file; the embedded graph lives in the user's data
# directory (override with SKG_DATA_DIR).
set -euo pipefail
cd "$(dirname "$0")"

pick_python() {
  for py in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "supervision-kg needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

install() {
  local extras="$1"
  local py
  py=$(pick_python)
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[native${extras:+,$extras}]"
  # the extractor compiled with mypyc (about 1.5x faster, same output; skipped while current, see graph/native.py);
  # without a C compiler it runs from its Python source
  mkdir -p build
  if .venv/bin/python -m skg.native build >build/native.log 2>&1; then
    .venv/bin/python -m skg.native status
  else
    echo "could not compile the extractor (build/native.log): it runs from its Python source" >&2
  fi
}

cmd="${1:-demo}"
shift || true
case "$cmd" in
  demo)
    install ""
    # the explorer's graph libraries (served at /vendor/ by the API); the API works without them
    if command -v npm >/dev/null 2>&1 && [ ! -d api/web/node_modules ]; then
      npm ci --prefix api/web --no-audit --no-fund --loglevel=error || echo "npm ci failed: the explorer at / will say how to install" >&2
    fi
    exec .venv/bin/skg demo "$@"
    ;;
  test)
    install "test"
    # Neo4j's Cypher front end, which lints every named query (tests/cypher/test_lint.py),
    # and the explorer's graph libraries, served by the API at /vendor/ (tests/browser)
    if command -v npm >/dev/null 2>&1; then
      npm ci --prefix cypher/lint --no-audit --no-fund --loglevel=error
      npm ci --prefix api/web --no-audit --no-fund --loglevel=error
    fi
    # Debian's Chromium (and a CJK font) for the browser tests, driven by Playwright; never a downloaded browser
    if { [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; } && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null \
        || echo "could not install chromium: the browser tests will be skipped" >&2
    fi
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    install "test,bench"
    # ./run.sh bench NAME [args] runs bench/bench_NAME.py (extract, ingest, analyses, analyze, api, kill, scale)
    if [ -n "${1:-}" ] && [ -f "bench/bench_${1}.py" ]; then
      name="$1"; shift
      exec .venv/bin/python "bench/bench_${name}.py" "$@"
    fi
    .venv/bin/python bench/bench_extract.py
    .venv/bin/python bench/bench_ingest.py "$@"
    ;;
  *)
    echo "usage: ./run.sh demo|test|bench [args]" >&2
    exit 2
    ;;
esac
