#!/usr/bin/python3
# Keyboard-only walk through the accessibility bus: starts the real
# mail-doctor binary with a bounce, then moves through all eight steps with
# synthesized key presses only (Ctrl+1, then Alt+Right) and on every step
# presses Tab until the focus has gone round the whole window once. At each
# focus stop it reads the focused object through AT-SPI and checks that it
# has a name a screen reader can say, a role that means something, and that
# it is on screen. All problems of all steps are listed at the end.
#
#   tests/ui-e2e/test-atspi-keyboard.py MAIL-DOCTOR-BINARY BOUNCE-FILE
#
# Needs a display and a session bus (tests/run-with-display.sh gives both)
# and the AT-SPI registry daemon (at-spi2-core), which synthesizes the keys.
# Exits 77 (skipped) when the accessibility bus cannot be reached.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import subprocess
import sys
import tempfile
import time

import atspi_helpers
from atspi_helpers import Failed, walk

SKIP = atspi_helpers.SKIP
TIMEOUT = 20.0
# Each step page has at least "Mark as Done", "Other States", the
# explanation (selectable text) and the notes.
MIN_PAGE_STOPS = 4
MAX_TABS = 80

STEP_TITLES = (
    'Identify the failure',
    'Understand the reason',
    'Verify the recipient’s address',
    'Contact the recipient another way',
    'Check your email settings',
    'Consult your email provider',
    'Use an alternative channel',
    'Document and learn',
)
EXPECTED = 'The address bob@recipient.example does not exist'

KEY_TAB = 0xff09
KEY_RIGHT = 0xff53
KEY_UP = 0xff52
MASK_CONTROL = 1 << 2
MASK_ALT = 1 << 3  # Mod1


def skip(why):
    print('1..0 # SKIP ' + why)
    sys.exit(SKIP)


if atspi_helpers.MISSING:
    skip(atspi_helpers.MISSING)
Atspi, GLib = atspi_helpers.Atspi, atspi_helpers.GLib


# Focusable objects with these roles say nothing about what they do.
MEANINGLESS_ROLES = (Atspi.Role.INVALID, Atspi.Role.UNKNOWN, Atspi.Role.FILLER,
                     Atspi.Role.PANEL, Atspi.Role.REDUNDANT_OBJECT, Atspi.Role.WINDOW,
                     Atspi.Role.FRAME, Atspi.Role.SCROLL_PANE, Atspi.Role.VIEWPORT)


class Skipped(Exception):
    pass


def text_of(node):
    """The current text of a label (not a cached name)."""
    try:
        return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))
    except GLib.Error:
        try:
            return node.get_name()
        except GLib.Error:
            return None


class Walker:
    def __init__(self, pid):
        self.pid = pid
        self.app = None
        self.focus_events = []
        self.listener = Atspi.EventListener.new(self.on_focus)
        self.listener.register('object:state-changed:focused')
        self.context = GLib.MainContext.default()

    def on_focus(self, event):
        if event.detail1 == 1:
            self.focus_events.append(event.source)

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            while self.context.iteration(False):
                pass
            if time.monotonic() >= end:
                return
            time.sleep(0.01)

    def wait_for(self, what, func, timeout=TIMEOUT):
        return atspi_helpers.wait_for(what, func, timeout, interval=0.1, idle=self.pump)

    def find_app(self):
        return atspi_helpers.find_app(self.pid)

    def key(self, keysym, modifiers=0):
        if modifiers:
            Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.LOCKMODIFIERS)
        try:
            Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
        finally:
            if modifiers:
                Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.UNLOCKMODIFIERS)

    def press_for_focus(self, keysym, modifiers=0):
        """Presses a key and returns the object that got the focus, or None
        if the focus did not move."""
        self.pump(0)
        self.focus_events.clear()
        self.key(keysym, modifiers)
        deadline = time.monotonic() + 1.5
        while not self.focus_events and time.monotonic() < deadline:
            self.pump(0.02)
        # Let a burst of events (the window, then the widget) arrive.
        self.pump(0.03)
        for node in reversed(self.focus_events):
            try:
                if node.get_state_set().contains(Atspi.StateType.FOCUSED):
                    return node
            except GLib.Error:
                continue
        return None


def shorten(text, size=60):
    return text if len(text) <= size else text[:size - 1] + '…'


# Role, name and parent of the containers above the focus stops: every call
# is a round trip to the application, and the same containers come up again
# and again.
_ancestors = {}


def ancestor_info(node):
    info = _ancestors.get(node)
    if info is None:
        role = node.get_role()
        name = node.get_name() or '' if role == Atspi.Role.PANEL else ''
        info = (role, name, node.get_parent())
        _ancestors[node] = info
    return info


def describe(node):
    """The step page holding @node (None outside the pages) and the path
    from the window down to @node."""
    parts = [Atspi.role_get_name(node.get_role())]
    page = None
    current = node.get_parent()
    while current is not None:
        try:
            role, name, parent = ancestor_info(current)
        except GLib.Error:
            break
        if role == Atspi.Role.APPLICATION:
            break
        if page is None and role == Atspi.Role.PANEL and name in STEP_TITLES:
            page = name
        label = Atspi.role_get_name(role)
        if name and not name.startswith(('Gtk', 'Adw', 'Md')):
            label += ' “%s”' % shorten(name, 40)
        parts.append(label)
        current = parent
    return page, ' > '.join(reversed(parts))


def name_of(node):
    """The accessible name, or the names of the objects labelling it."""
    name = (node.get_name() or '').strip()
    if name and not name.startswith(('Gtk', 'Adw', 'Md')):
        return name
    for relation in node.get_relation_set() or []:
        if relation.get_relation_type() != Atspi.RelationType.LABELLED_BY:
            continue
        for i in range(relation.get_n_targets()):
            target = relation.get_target(i)
            text = (text_of(target) or '').strip()
            if text:
                return text
    return ''


def repeated_name(node, name):
    """GTK 4.8 joins an object's own label and the labels that label it:
    a button with both says its name twice (“Save Save”)."""
    words = name.replace('_', '').split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return True
    for relation in node.get_relation_set() or []:
        if relation.get_relation_type() != Atspi.RelationType.LABELLED_BY:
            continue
        for i in range(relation.get_n_targets()):
            label = (text_of(relation.get_target(i)) or '').replace('_', '').strip()
            if label and name != label and name.endswith(' ' + label):
                return True
    return False


def check_stop(node, step, problems):
    try:
        role = node.get_role()
        states = node.get_state_set()
        page, path = describe(node)
    except GLib.Error as e:
        problems.append('step %d: focused object went away: %s' % (step, e.message))
        return None, None
    where = 'step %d, %s' % (step, path)
    name = name_of(node)
    if not name:
        problems.append('no accessible name (%s)' % where)
    elif repeated_name(node, node.get_name() or ''):
        problems.append('the name “%s” repeats its label (%s)' % (shorten(name), where))
    if role in MEANINGLESS_ROLES:
        problems.append('focusable object with a meaningless role (%s)' % where)
    # GTK 4.8 does not set SHOWING; VISIBLE is the widget's own visibility.
    if not states.contains(Atspi.StateType.VISIBLE):
        problems.append('the focus is on something hidden (%s)' % where)
    return page, path


def main():
    if len(sys.argv) != 3:
        print('usage: test-atspi-keyboard.py MAIL-DOCTOR BOUNCE', file=sys.stderr)
        return 2
    binary, bounce = sys.argv[1], sys.argv[2]

    data_dir = tempfile.TemporaryDirectory(prefix='md-atspi-keys-')
    env = atspi_helpers.app_env(data_dir.name)
    # GL drawing under Xvfb is done by the CPU: with it, every AT-SPI call
    # waits for a frame and the walk takes minutes.
    env['GSK_RENDERER'] = 'cairo'

    why = atspi_helpers.start_atspi()
    if why:
        skip(why)

    start = time.monotonic()
    # Opening the file from the command line is the setup; all the rest is keys.
    app = subprocess.Popen([binary, bounce], env=env)
    try:
        print('1..1')
        walker = Walker(app.pid)
        problems = []
        try:
            run(walker, problems)
        except Failed as e:
            print('not ok 1 - %s' % e)
            return 1
        except Skipped as e:
            print('ok 1 # SKIP %s' % e)
            return SKIP
        print('# %.1f s' % (time.monotonic() - start))
        if problems:
            for p in problems:
                print('# %s' % p)
            print('not ok 1 - %d problems found by the keyboard walk' % len(problems))
            return 1
        print('ok 1 - all eight steps reached by keyboard; every focus stop is named')
        return 0
    finally:
        atspi_helpers.stop(app)


def run(walker, problems):
    accessible = walker.wait_for('the application on the accessibility bus', walker.find_app)
    walker.app = accessible

    def headline():
        for node in walk(accessible):
            try:
                if node.get_role() == Atspi.Role.HEADING and text_of(node) == EXPECTED:
                    return node
            except GLib.Error:
                continue
        return None

    walker.wait_for('the headline “%s”' % EXPECTED, headline)

    # The title of the content pane says which step is shown: an
    # AdwWindowTitle, whose two labels are found once.
    def title_labels():
        labels = {}
        for node in walk(accessible):
            try:
                if node.get_role() != Atspi.Role.LABEL:
                    continue
                text = text_of(node) or ''
                # Each page has a "Step N of 8" label too: not those.
                if text.startswith('Step ') and text.endswith(' of 8') and \
                   describe(node)[0] is None:
                    parent = node.get_parent()
                    for i in range(parent.get_child_count()):
                        sibling = parent.get_child_at_index(i)
                        if sibling is not None and text_of(sibling) in STEP_TITLES:
                            labels['title'] = sibling
                            labels['subtitle'] = node
                            return labels
            except GLib.Error:
                continue
        return None

    labels = walker.wait_for('the title of the content pane', title_labels)

    if not Atspi.generate_keyboard_event(KEY_TAB, None, Atspi.KeySynthType.SYM):
        raise Skipped('the AT-SPI registry cannot synthesize key presses')
    walker.pump(0.2)

    # Something in the window must have the focus before Tab does anything.
    walker.wait_for('the focus in the window',
                    lambda: walker.press_for_focus(KEY_TAB) is not None, timeout=5)

    for step in range(1, 9):
        if step == 1:
            walker.key(ord('1'), MASK_CONTROL)
        else:
            walker.key(KEY_RIGHT, MASK_ALT)
        title = STEP_TITLES[step - 1]

        def shown():
            return (text_of(labels['subtitle']) == 'Step %d of 8' % step and
                    text_of(labels['title']) == title)

        walker.wait_for('step %d (“%s”) after the key press' % (step, title), shown, timeout=5)

        stops = []
        page_stops = 0
        tabs = 0
        while tabs < MAX_TABS:
            node = walker.press_for_focus(KEY_TAB)
            tabs += 1
            if node is None:
                # Either the focus went where screen readers do not see it,
                # or a text area took the Tab itself (Ctrl+Tab leaves it).
                problems.append('step %d: Tab from %s moved the focus where AT-SPI sends no '
                                'focus event' % (step, stops[-1][1] if stops else 'the start'))
                node = walker.press_for_focus(KEY_TAB, MASK_CONTROL)
                if node is None:
                    problems.append('step %d: Tab and Ctrl+Tab do not move the focus on from %s'
                                    % (step, stops[-1][1] if stops else 'the start'))
                    break
            if any(node is seen for seen, _ in stops):
                break
            page, path = check_stop(node, step, problems)
            if page is not None and page != title:
                problems.append('step %d: the focus went to the hidden page of “%s” (%s)'
                                % (step, page, path))
            if page == title:
                page_stops += 1
            stops.append((node, path))
            if text_of(labels['subtitle']) != 'Step %d of 8' % step:
                problems.append('step %d: Tab to %s showed “%s” instead'
                                % (step, path, text_of(labels['title'])))
                break
        else:
            problems.append('step %d: the focus did not come round after %d Tabs' % (step, MAX_TABS))

        print('# step %d: %d focus stops, %d of them on the page' % (step, len(stops), page_stops))
        for node, path in stops:
            print('#   %s “%s”' % (path, shorten(name_of(node))))
        if page_stops < MIN_PAGE_STOPS:
            problems.append('step %d: only %d focus stops on the page (at least %d expected)'
                            % (step, page_stops, MIN_PAGE_STOPS))
        if step == 8:
            check_sidebar(walker, labels, stops, problems)


def check_sidebar(walker, labels, stops, problems):
    """In the step list, Up and Down go from step to step."""
    rows = [node for node, _ in stops if node.get_role() == Atspi.Role.LIST_ITEM and
            (node.get_parent().get_name() or '') == 'Checklist steps']
    if len(rows) != 1:
        problems.append('Tab stops %d times in the step list (once expected)' % len(rows))
        return
    for _ in range(MAX_TABS):
        node = walker.press_for_focus(KEY_TAB)
        if node is rows[0] or node is None:
            break
    if node is not rows[0]:
        problems.append('Tab does not come back to the step list')
        return
    node = walker.press_for_focus(KEY_UP)
    name = name_of(node) if node is not None else ''
    if not name.startswith('Step 7: ') or text_of(labels['subtitle']) != 'Step 7 of 8':
        problems.append('Up in the step list does not go to step 7 (focus on “%s”)' % name)
    else:
        print('# Up in the step list: step 7 shown, focus on “%s”' % name)


if __name__ == '__main__':
    sys.exit(main())
