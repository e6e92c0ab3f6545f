#!/usr/bin/env bash
# Measures the time from exec of mail-doctor to its first painted frame,
# under Xvfb, over several runs (median and best). Not a test: a benchmark
# to run and report. Needs xvfb-run and dbus-run-session.
#
#   build-aux/bench-startup.sh [BUILDDIR] [RUNS]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
runs=${2:-8}

# The baseline is an empty libadwaita window that logs its first frame the
# same way: the difference is what Mail Doctor itself adds.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/baseline.c" <<'C'
#include <adwaita.h>
static gint64 start;
static void painted (GdkFrameClock *c, gpointer d) {
  g_debug ("first frame painted at monotonic %" G_GINT64_FORMAT " us", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (c, painted, d);
}
static void realized (GtkWidget *w, gpointer d) {
  g_signal_connect (gtk_widget_get_frame_clock (w), "after-paint", G_CALLBACK (painted), d);
}
static void activate (GApplication *app, gpointer d) {
  GtkWidget *win = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (win), 900, 680);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (win), gtk_label_new ("Hello"));
  g_signal_connect (win, "realize", G_CALLBACK (realized), NULL);
  gtk_window_present (GTK_WINDOW (win));
}
int main (int argc, char **argv) {
  g_autoptr(AdwApplication) app = adw_application_new ("org.example.Baseline", 0);
  start = g_get_monotonic_time ();
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
C
cc -O2 -o "$tmp/baseline" "$tmp/baseline.c" $(pkg-config --cflags --libs libadwaita-1) -DG_LOG_DOMAIN='"MailDoctor"'

export MD_BENCH_BASELINE="$tmp/baseline"
export MD_BENCH_APP="$builddir/src/ui/mail-doctor"
export MD_BENCH_SCHEMAS="$builddir/data"
export MD_BENCH_RUNS="$runs"

xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- /usr/bin/python3 - <<'PY'
import os, re, statistics, subprocess, tempfile, time

app = os.environ["MD_BENCH_APP"]
runs = int(os.environ["MD_BENCH_RUNS"])
pattern = re.compile(r"first frame painted at monotonic (\d+) us")

def measure(app, env):
    times = []
    for i in range(runs + 1):
        start = time.monotonic_ns() // 1000
        # GLib writes debug messages to stdout.
        proc = subprocess.Popen([app], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        frame = None
        for line in proc.stdout:
            m = pattern.search(line)
            if m:
                frame = int(m.group(1))
                break
        proc.kill()
        proc.wait()
        if frame is None:
            raise SystemExit("no first-frame line from %s" % app)
        if i > 0:  # the first run warms the disk cache
            times.append((frame - start) / 1000.0)
    return times

with tempfile.TemporaryDirectory() as home:
    env = dict(os.environ,
               G_MESSAGES_DEBUG="MailDoctor",
               GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.environ["MD_BENCH_SCHEMAS"],
               XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, XDG_CACHE_HOME=home,
               NO_AT_BRIDGE="1")
    results = {}
    # Interleaved rounds, so machine noise hits both alike.
    for rnd in range(2):
        for name, path in (("baseline (empty libadwaita window)", os.environ["MD_BENCH_BASELINE"]),
                           ("mail-doctor", app)):
            results.setdefault(name, []).extend(measure(path, env))

for name, times in results.items():
    print("%-36s exec to first frame over %d runs: median %.0f ms, best %.0f ms, worst %.0f ms"
          % (name, len(times), statistics.median(times), min(times), max(times)))
base = statistics.median(results["baseline (empty libadwaita window)"])
print("ratio mail-doctor / baseline (medians): %.2f" % (statistics.median(results["mail-doctor"]) / base))
PY
