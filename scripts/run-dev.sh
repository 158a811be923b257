#!/usr/bin/env bash
# Start Upward for a developer or a demo: web server, background worker and scheduler side by side.
# Ctrl-C stops all three. Data lives in var/ (delete var/upward.sqlite3 to start over).
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-true}"
# Exported: settings derive SITE_URL (the links in emails, invites and feeds) from it.
export PORT="${PORT:-8000}"
PY=.venv/bin/python
mkdir -p var/mail

$PY manage.py migrate --noinput -v 0
$PY manage.py createcachetable
$PY manage.py seed_demo --if-empty
echo
echo "Upward is starting on http://127.0.0.1:${PORT}"
$PY manage.py demo_logins
echo "Emails the demo sends are written to var/mail/."
echo "Press Ctrl-C to stop the web server, the worker and the scheduler."
echo

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping Upward..."
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  exit 0  # Ctrl-C is how a developer stops Upward, not a failure
}
trap stop INT TERM EXIT

$PY manage.py run_worker --queue-name default --no-reload &
pids+=($!)
$PY manage.py run_scheduler &
pids+=($!)
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)

# Whichever stops first (or Ctrl-C) stops the others.
wait -n "${pids[@]}"
