#!/usr/bin/env bash
# Measures the time from exec of mail-doctor to its first painted frame,
# under Xvfb, over several runs, with GTK's default renderer (GL; llvmpipe
# on a machine without a GPU) and with GL disabled (cairo). Not a test: a
# benchmark to run and report. Needs xvfb-run and dbus-run-session.
#
#   build-aux/bench-startup.sh [BUILDDIR] [RUNS] [OTHER-BUILDDIR]
#
# An empty libadwaita window is measured in the same rounds: the difference
# is what Mail Doctor itself adds. OTHER-BUILDDIR (say, a build of the
# previous commit) is measured in the same rounds too, for before/after.
# Besides the wall-clock time it prints the CPU time used up to the first
# frame (all threads), which says the same when the machine is busy.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
runs=${2:-8}
other=""
if [ -n "${3:-}" ]; then
  other=$(cd "$3" && pwd)/src/ui/mail-doctor
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/baseline.c" <<'C'
#include <adwaita.h>
#include <time.h>
static void painted (GdkFrameClock *c, gpointer d) {
  struct timespec cpu;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  g_debug ("first frame painted at monotonic %" G_GINT64_FORMAT " us, cpu %.1f ms",
           g_get_monotonic_time (), cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6);
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
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
C
cc -O2 -o "$tmp/baseline" "$tmp/baseline.c" $(pkg-config --cflags --libs libadwaita-1) -DG_LOG_DOMAIN='"MailDoctor"'

export MD_BENCH_BASELINE="$tmp/baseline"
export MD_BENCH_APP="$builddir/src/ui/mail-doctor"
export MD_BENCH_OTHER="$other"
export MD_BENCH_SCHEMAS="$builddir/data"
export MD_BENCH_RUNS="$runs"

xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- /usr/bin/python3 - <<'PY'
import os, re, statistics, subprocess, tempfile, time

runs = int(os.environ["MD_BENCH_RUNS"])
pattern = re.compile(r"first frame painted at monotonic (\d+) us.*cpu ([\d.]+) ms")
programs = [("empty libadwaita window", os.environ["MD_BENCH_BASELINE"]),
            ("mail-doctor", os.environ["MD_BENCH_APP"])]
if os.environ["MD_BENCH_OTHER"]:
    programs.append(("mail-doctor (other build)", os.environ["MD_BENCH_OTHER"]))
configs = [("gl (default)", {}),
           ("cairo (GDK_DEBUG=gl-disable)", {"GDK_DEBUG": "gl-disable", "GSK_RENDERER": "cairo"})]

def measure_once(path, env):
    start = time.monotonic_ns() // 1000
    # GLib writes debug messages to stdout.
    proc = subprocess.Popen([path], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    found = None
    for line in proc.stdout:
        found = pattern.search(line)
        if found:
            break
    proc.kill()
    proc.wait()
    if found is None:
        raise SystemExit("no first-frame line from %s" % path)
    return (int(found.group(1)) - start) / 1000.0, float(found.group(2))

with tempfile.TemporaryDirectory() as home:
    base_env = dict(os.environ,
                    G_MESSAGES_DEBUG="MailDoctor",
                    GSETTINGS_BACKEND="memory",
                    GSETTINGS_SCHEMA_DIR=os.environ["MD_BENCH_SCHEMAS"],
                    XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, XDG_CACHE_HOME=home,
                    NO_AT_BRIDGE="1")
    results = {}
    for config, extra in configs:
        env = dict(base_env, **extra)
        # The first round warms the disk cache; then one run of each program
        # per round, so machine noise hits them alike.
        for rnd in range(runs + 1):
            for name, path in programs:
                sample = measure_once(path, env)
                if rnd > 0:
                    results.setdefault((config, name), []).append(sample)

print("exec to first frame over %d runs each: median (best) in ms; Xvfb 1280x1024x24" % runs)
print("%-29s %-26s %14s %14s %18s %10s"
      % ("renderer", "program", "wall", "cpu", "wall over empty", "cpu over"))
for config, _ in configs:
    base = results[(config, programs[0][0])]
    base_wall = statistics.median(w for w, c in base)
    base_cpu = statistics.median(c for w, c in base)
    for name, _ in programs:
        walls = [w for w, c in results[(config, name)]]
        cpus = [c for w, c in results[(config, name)]]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        over_wall = over_cpu = ""
        if name != programs[0][0]:
            over_wall = "%+.0f (x%.2f)" % (wall - base_wall, wall / base_wall)
            over_cpu = "%+.0f" % (cpu - base_cpu)
        print("%-29s %-26s %6.0f (%5.0f) %6.0f (%5.0f) %18s %10s"
              % (config, name, wall, min(walls), cpu, min(cpus), over_wall, over_cpu))
PY
