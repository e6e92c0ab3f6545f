# Helpers shared by the scripts that drive the real mail-doctor binary
# through the accessibility bus: tests/ui-e2e/test-atspi.py,
# tests/ui-e2e/test-atspi-keyboard.py and build-aux/valgrind/drive-steps.py.
#
# Importing this module never fails for want of AT-SPI: MISSING is then the
# reason (and Atspi, Gio and GLib are None), so that each script can skip in
# its own words.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import time

SKIP = 77

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi, Gio, GLib
    MISSING = None
except (ImportError, ValueError) as e:
    Atspi = Gio = GLib = None
    MISSING = 'no AT-SPI for Python (gir1.2-atspi-2.0): %s' % e


class Failed(Exception):
    pass


def start_atspi():
    """Starts the accessibility bus (the session bus does, on demand) and
    connects to it. Returns None when it is there, else why it is not."""
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                      None, GLib.VariantType.new('(s)'), Gio.DBusCallFlags.NONE, 5000, None)
    except GLib.Error as e:
        return 'the accessibility bus cannot be started: %s' % e.message
    if Atspi.init() not in (0, 1):
        return 'AT-SPI could not be initialised'
    try:
        Atspi.get_desktop(0).get_child_count()
    except GLib.Error as e:
        return 'the accessibility bus is not available: %s' % e.message
    return None


def app_env(data_dir=None):
    """The environment for the app, with its accessibility bridge on. With
    @data_dir, the app is kept on this machine and away from the user's
    files: its network checks go to a closed local port and it keeps (and
    restores) its cases in @data_dir."""
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)
    env.pop('GTK_A11Y', None)
    if data_dir is not None:
        env.setdefault('GSETTINGS_BACKEND', 'memory')
        env['MAIL_DOCTOR_DNS_SERVER'] = '127.0.0.1:9'
        env['MAIL_DOCTOR_HTTPS_BASE_URL'] = 'https://127.0.0.1:9'
        env['MAIL_DOCTOR_DATA_DIR'] = data_dir
        env['MAIL_DOCTOR_HISTORY_DB'] = os.path.join(data_dir, 'history.db')
    return env


def stop(process, grace=5):
    """Terminates @process if it still runs, and kills it after @grace s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for(what, func, timeout, interval=0.2, idle=time.sleep):
    """Calls @func until it returns something true, and returns that; between
    calls, idle (@interval). Raises Failed after @timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = func()
        if result:
            return result
        idle(interval)
    raise Failed('timed out after %.0f s waiting for %s' % (timeout, what))


def walk(node, leaves=(), depth=0):
    """Depth-first over the accessible tree from @node; the children of
    objects with a role in @leaves are left out."""
    if node is None or depth > 60:
        return
    yield node
    try:
        if leaves and node.get_role() in leaves:
            return
        count = node.get_child_count()
    except GLib.Error:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except GLib.Error:
            continue
        yield from walk(child, leaves, depth + 1)


def find_app(pid):
    """The application with process id @pid on the accessibility bus."""
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except GLib.Error:
            continue
    return None
