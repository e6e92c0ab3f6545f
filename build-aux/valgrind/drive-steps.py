#!/usr/bin/python3
# Drives the real mail-doctor window through all eight checklist steps from
# the outside, as a screen reader or test robot would, then quits it:
#
#   build-aux/valgrind/drive-steps.py APP-ID COMMAND [ARGS...]
#
# COMMAND is started (e.g. `valgrind ... mail-doctor BOUNCE.eml`), found on
# the accessibility bus by its process id, and must show step 1 with the
# bounce analysed ("Step 1: ..., Done" in the sidebar). The "Next" button is
# pressed through AT-SPI until the header says "Step 8 of 8", then the app is
# asked to quit with its app.quit action over D-Bus (org.gtk.Actions), which
# closes the window as the user would. Exits 0 when all of that happened and
# the program exited with status 0; 77 when there is no accessibility bus.
#
# No hook in the product code: only AT-SPI and the GApplication's exported
# actions. Needs a display and a session bus (tests/run-with-display.sh).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import time

# The AT-SPI helpers are shared with the end-to-end tests in tests/ui-e2e/.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'tests', 'ui-e2e'))
import atspi_helpers  # noqa: E402
from atspi_helpers import Failed  # noqa: E402

SKIP = atspi_helpers.SKIP
# Under valgrind, startup takes tens of seconds and each step a few.
START_TIMEOUT = float(os.environ.get('MD_DRIVE_START_TIMEOUT', '240'))
STEP_TIMEOUT = float(os.environ.get('MD_DRIVE_STEP_TIMEOUT', '90'))
EXIT_TIMEOUT = float(os.environ.get('MD_DRIVE_EXIT_TIMEOUT', '240'))
# Time for each page to be laid out and painted before going on.
SETTLE = float(os.environ.get('MD_DRIVE_SETTLE', '1.5'))
N_STEPS = 8

if atspi_helpers.MISSING:
    print('# SKIP %s' % atspi_helpers.MISSING)
    sys.exit(SKIP)
Atspi, Gio, GLib = atspi_helpers.Atspi, atspi_helpers.Gio, atspi_helpers.GLib


def log(message):
    print('[drive %6.1fs] %s' % (time.monotonic() - T0, message), flush=True)


T0 = time.monotonic()


def wait_for(what, func, timeout):
    """atspi_helpers.wait_for, for a slow program: an error from it means
    "not yet", and it must not exit meanwhile."""
    def attempt():
        try:
            return func()
        except GLib.Error:
            return None

    def idle(seconds):
        if PROCESS.poll() is not None:
            raise Failed('the program exited (status %d) while waiting for %s'
                         % (PROCESS.returncode, what))
        time.sleep(seconds)

    return atspi_helpers.wait_for(what, attempt, timeout, interval=0.5, idle=idle)


def fresh_name(node):
    node.clear_cache()
    return node.get_name() or ''


def find_controls(app):
    """The Next button, the header's "Step N of 8" label and the sidebar's
    row of step 1, or None while the window is not complete yet."""
    found = {}
    # The insides of labels are left out.
    for node in atspi_helpers.walk(app, leaves=(Atspi.Role.LABEL, Atspi.Role.HEADING)):
        try:
            role = node.get_role()
            name = node.get_name() or ''
        except GLib.Error:
            continue
        if role == Atspi.Role.PUSH_BUTTON and name == 'Next':
            found.setdefault('next', node)
        elif role == Atspi.Role.LABEL and name.startswith('Step ') and name.endswith(' of %d' % N_STEPS):
            found.setdefault('subtitle', node)
        elif role == Atspi.Role.LIST_ITEM and name.startswith('Step 1: '):
            found.setdefault('row1', node)
    return found if len(found) == 3 else None


def quit_app(app_id):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    path = '/' + app_id.replace('.', '/')
    bus.call_sync(app_id, path, 'org.gtk.Actions', 'Activate',
                  GLib.Variant('(sava{sv})', ('quit', [], {})),
                  None, Gio.DBusCallFlags.NONE, 60000, None)


def drive(app_id):
    app = wait_for('the application on the accessibility bus',
                   lambda: atspi_helpers.find_app(PROCESS.pid), START_TIMEOUT)
    log('the application is on the accessibility bus')
    controls = wait_for('the Next button, the step subtitle and the step list',
                        lambda: find_controls(app), START_TIMEOUT)
    subtitle = controls['subtitle']
    wait_for('step 1 showing', lambda: fresh_name(subtitle) == 'Step 1 of %d' % N_STEPS,
             STEP_TIMEOUT)
    # The bounce given on the command line is analysed: step 1 is done.
    row1 = wait_for('the bounce analysed (step 1 done)',
                    lambda: fresh_name(controls['row1']).endswith(', Done') and controls['row1'],
                    STEP_TIMEOUT)
    log('step 1: %s' % fresh_name(row1))
    time.sleep(SETTLE)

    for step in range(2, N_STEPS + 1):
        expected = 'Step %d of %d' % (step, N_STEPS)
        try:
            Atspi.Action.do_action(controls['next'], 0)
        except GLib.Error as e:
            # The press may have happened all the same, the reply being
            # late: the header tells.
            log('pressing Next on step %d: %s' % (step - 1, e.message))
        wait_for('"%s"' % expected, lambda: fresh_name(subtitle) == expected, STEP_TIMEOUT)
        log('step %d shown' % step)
        time.sleep(SETTLE)

    # The last step has nowhere to go: Next is insensitive there.
    states = controls['next'].get_state_set()
    if states.contains(Atspi.StateType.SENSITIVE):
        raise Failed('Next is still enabled on step %d' % N_STEPS)

    log('all %d steps visited; quitting through app.quit' % N_STEPS)
    quit_app(app_id)


def main():
    global PROCESS
    if len(sys.argv) < 3:
        print('usage: drive-steps.py APP-ID COMMAND [ARGS...]', file=sys.stderr)
        return 2
    app_id, command = sys.argv[1], sys.argv[2:]

    why = atspi_helpers.start_atspi()
    if why:
        print('# SKIP %s' % why)
        return SKIP
    # An app under valgrind answers slowly: wait up to 60 s for each reply
    # (libatspi gives up after 0.8 s by default).
    Atspi.set_timeout(60000, 60000)

    PROCESS = subprocess.Popen(command, env=atspi_helpers.app_env())
    status = 1
    try:
        drive(app_id)
        PROCESS.wait(EXIT_TIMEOUT)
        log('the program exited with status %d' % PROCESS.returncode)
        status = 0 if PROCESS.returncode == 0 else 1
    except Failed as e:
        log('FAILED: %s' % e)
    except GLib.Error as e:
        log('FAILED: %s' % e.message)
    except subprocess.TimeoutExpired:
        log('FAILED: the program did not exit within %.0f s of app.quit' % EXIT_TIMEOUT)
    finally:
        atspi_helpers.stop(PROCESS, grace=60)
    return status


PROCESS = None

if __name__ == '__main__':
    sys.exit(main())
