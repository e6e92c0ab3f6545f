#!/usr/bin/python3
# check-i18n.py: every user-visible string is translatable, po/POTFILES.in
# lists exactly the files with translatable strings, and every translation
# in po/LINGUAS is valid and complete for the current sources.
#
#   tests/check-i18n.py SRCDIR [--po-dir DIR] [--only potfiles,marks,po]
#                       [--merged BUILT_FILE...]
#
# --po-dir takes the .po files and LINGUAS from DIR instead of SRCDIR/po
# (e.g. to check a throwaway copy). --merged names the desktop entry and
# AppStream metainfo built by i18n.merge_file(): they must carry every
# language of LINGUAS. Exit status: 0 all good, 1 problems
# (each printed with its file and line), 77 the gettext tools are missing.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# xgettext options of meson's i18n.gettext(preset: 'glib'), as the
# mail-doctor-pot target uses them (po/meson.build). Taken from meson itself
# when it can be imported; the copy below is meson 1.0's list.
GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]
try:
    from mesonbuild.modules.i18n import PRESET_ARGS
    GLIB_PRESET = list(PRESET_ARGS['glib'])
except Exception:  # meson not importable by this Python: use the copy
    pass

# ---------------------------------------------------------------------------
# Exemptions: user-visible places that must NOT be translated. Keep this list
# short and give the reason. (file, literal, reason)
C_EXEMPT = [
    ('src/cli/mail-doctor-cli.c', 'mail-doctor-cli %s\n',
     'the --version line is machine-readable: program name and version'),
]
# In data/ui/*.ui, a property that must stay untranslated carries
# comments="not-translatable: <why>" instead of translatable="yes".

UI_PROPERTIES = {
    'label', 'title', 'subtitle', 'description', 'tooltip-text', 'tooltip-markup',
    'placeholder-text', 'text', 'secondary-text', 'body', 'heading', 'comments',
    'application-name', 'developer-name', 'copyright', 'translator-credits',
    'release-notes', 'button-label', 'primary-icon-tooltip-text',
    'secondary-icon-tooltip-text', 'message', 'summary', 'status',
}
UI_ATTRIBUTES = {'label'}

# C calls whose argument at the given (0-based) index is shown to people.
# 'pairs:N' means (name, value) pairs from index N on, 'odd:N' every second
# argument from N (labels of adw_message_dialog_add_responses).
C_CALLS_ALL = {
    'gtk_label_new': [0], 'gtk_label_new_with_mnemonic': [0],
    'gtk_label_set_text': [1], 'gtk_label_set_label': [1], 'gtk_label_set_markup': [1],
    'gtk_label_set_text_with_mnemonic': [1], 'gtk_label_set_markup_with_mnemonic': [1],
    'gtk_button_new_with_label': [0], 'gtk_button_new_with_mnemonic': [0],
    'gtk_button_set_label': [1], 'gtk_check_button_new_with_label': [0],
    'gtk_check_button_new_with_mnemonic': [0], 'gtk_check_button_set_label': [1],
    'gtk_toggle_button_new_with_label': [0], 'gtk_toggle_button_new_with_mnemonic': [0],
    'gtk_menu_button_set_label': [1], 'gtk_link_button_new_with_label': [1],
    'gtk_window_set_title': [1], 'gtk_widget_set_tooltip_text': [1],
    'gtk_widget_set_tooltip_markup': [1], 'gtk_entry_set_placeholder_text': [1],
    'gtk_text_set_placeholder_text': [1], 'gtk_progress_bar_set_text': [1],
    'gtk_file_chooser_native_new': [0, 3, 4], 'gtk_file_filter_set_name': [1],
    'gtk_file_chooser_dialog_new': [0], 'gtk_message_dialog_new': [4],
    'gtk_string_list_append': [1], 'gtk_print_operation_set_job_name': [1],
    'adw_toast_new': [0], 'adw_toast_new_format': [0], 'adw_window_title_new': [0, 1],
    'adw_message_dialog_new': [1, 2], 'adw_message_dialog_add_response': [2],
    'adw_message_dialog_add_responses': 'odd:2', 'adw_message_dialog_set_response_label': [2],
    'adw_message_dialog_format_heading': [1], 'adw_message_dialog_format_body': [1],
    'adw_message_dialog_format_body_markup': [1], 'adw_message_dialog_format_heading_markup': [1],
    'g_menu_append': [1], 'g_menu_prepend': [1], 'g_menu_insert': [2],
    'g_menu_item_new': [0], 'g_menu_item_set_label': [1], 'g_menu_append_section': [1],
    'g_menu_append_submenu': [1], 'g_menu_item_new_section': [0], 'g_menu_item_new_submenu': [0],
    'g_notification_new': [0], 'g_notification_set_body': [1], 'g_notification_set_title': [1],
    'md_finding_new': [3, 4, 5],
    'g_set_error': [3], 'g_set_error_literal': [3], 'g_error_new': [2],
    'g_error_new_literal': [2], 'g_task_return_new_error': [3], 'g_prefix_error': [1],
    'g_propagate_prefixed_error': [2], 'g_prefix_error_literal': [1],
    'gtk_accessible_update_property': 'pairs:1',
    'g_object_new': 'pairs:1', 'g_object_set': 'pairs:1',
}
# adw_<anything>_set_<these> (value at index 1)
ADW_SETTER = re.compile(r'^adw_\w+_set_(title|subtitle|description|body|heading|label|'
                        r'button_label|placeholder_text|tooltip_text|comments|copyright|'
                        r'application_name|developer_name|release_notes)$')
# Helpers that build findings (title, detail, advice): add_finding(),
# new_failure_finding(), md_finding_new…()
FINDING_HELPER = re.compile(r'^((add|new)_\w*finding|md_finding_new(?!_from_json)\w*)$')
# Output of the command-line program for people (src/cli only).
C_CALLS_CLI = {
    'printf': [0], 'fprintf': [1], 'g_print': [0], 'g_printerr': [0], 'puts': [0],
    'fputs': [0], 'g_fprintf': [1], 'g_option_context_new': [0],
    'g_option_context_set_summary': [1], 'g_option_context_set_description': [1],
}
# Property names (g_object_new/g_object_set) and accessible properties whose
# values people see or hear.
VISIBLE_PROPS = UI_PROPERTIES | {'GTK_ACCESSIBLE_PROPERTY_LABEL', 'GTK_ACCESSIBLE_PROPERTY_DESCRIPTION',
                                 'GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER',
                                 'GTK_ACCESSIBLE_PROPERTY_ROLE_DESCRIPTION',
                                 'GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT'}
MARKERS = ('_', 'N_', 'C_', 'NC_', 'Q_', 'gettext', 'dgettext', 'ngettext', 'dngettext',
           'g_dgettext', 'g_dngettext', 'g_dpgettext', 'g_dpgettext2', 'g_dcgettext')
# Calls whose format/pieces end up in the value (a literal in them is text too).
FORMATTERS = ('g_strdup_printf', 'g_markup_printf_escaped', 'g_strconcat', 'g_strdup')

FORMAT_SPEC = re.compile(r"%(\d+\$)?[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|t|I64|I32)?"
                         r"[diouxXeEfFgGaAcspn%]")
MARKED_C = re.compile(r'(?<![\w])(_|N_|C_|NC_|Q_|g_dngettext|ngettext|g_dpgettext2|g_dcgettext)\s*\(')


class Problems:
    def __init__(self):
        self.items = []

    def add(self, section, where, message):
        self.items.append((section, where, message))


# ---------------------------------------------------------------------------
# C source scanning (comment-aware, string-aware)

def strip_comments(src):
    """Replaces comments with spaces (newlines kept), leaves strings intact."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == '/' and i + 1 < n and src[i + 1] == '*':
            j = src.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            i = j
        elif c == '/' and i + 1 < n and src[i + 1] == '/':
            j = src.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == '\\' else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def split_args(code, open_paren):
    """Splits the arguments of the call whose '(' is at open_paren.
    Returns a list of (text, offset)."""
    args, depth, i, start = [], 0, open_paren + 1, open_paren + 1
    n = len(code)
    while i < n:
        c = code[i]
        if c in '"\'':
            j = i + 1
            while j < n and code[j] != c:
                j += 2 if code[j] == '\\' else 1
            i = j + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append((code[start:i], start))
                return args
            depth -= 1
        elif c == ',' and depth == 0:
            args.append((code[start:i], start))
            start = i + 1
        i += 1
    return args


STRING_LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def unescape(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)


def remove_marked(arg):
    """The argument with every _( … ) / N_( … ) … call blanked out."""
    while True:
        m = MARKED_C.search(arg)
        if not m:
            return arg
        open_paren = m.end() - 1
        parts = split_args(arg, open_paren)
        end = (parts[-1][1] + len(parts[-1][0]) + 1) if parts else len(arg)
        arg = arg[:m.start()] + ' ' * (end - m.start()) + arg[end:]


def visible_literals(arg):
    """String literals of an argument that would be shown as they are: at the
    top level of the expression (also both sides of ?:), or inside a
    g_strdup_printf()-like call at the top level. Adjacent literals are
    joined."""
    arg = remove_marked(arg)
    found, depth, i, n = [], 0, 0, len(arg)
    stack = []  # names of the enclosing calls
    pieces, piece_start = [], None
    while i < n:
        c = arg[i]
        if c == '"':
            m = STRING_LIT.match(arg, i)
            if not m:
                break
            if depth == 0 or (stack and stack[-1] in FORMATTERS and depth == 1):
                if piece_start is None:
                    piece_start = i
                pieces.append(unescape(m.group(1)))
            i = m.end()
            continue
        if c == '\'':
            j = i + 1
            while j < n and arg[j] != '\'':
                j += 2 if arg[j] == '\\' else 1
            i = j + 1
            continue
        if not c.isspace() and pieces and not re.match(r'[A-Z0-9_]', c):
            # end of a run of adjacent literals (macros like G_GSIZE_FORMAT
            # between literals keep the run going)
            found.append((''.join(pieces), piece_start))
            pieces, piece_start = [], None
        if c == '(':
            name = re.search(r'(\w+)\s*$', arg[:i])
            stack.append(name.group(1) if name else '')
            depth += 1
        elif c == ')':
            depth -= 1
            if stack:
                stack.pop()
        i += 1
    if pieces:
        found.append((''.join(pieces), piece_start))
    return found


def has_words(text):
    text = FORMAT_SPEC.sub('', text)
    text = re.sub(r'<[^>]*>', '', text)
    text = re.sub(r'&\w+;', '', text)
    return re.search(r'[^\W\d_]{2,}', text) is not None


def call_positions(name, nargs, spec):
    if spec == 'odd:2':
        return list(range(2, nargs, 2))
    if isinstance(spec, str) and spec.startswith('pairs:'):
        return ('pairs', int(spec.split(':')[1]))
    return spec


CALL_RE = re.compile(r'(?<![\w.>])([a-z_][a-z0-9_]*)\s*\(')


def scan_c_file(path, rel, problems):
    with open(path, encoding='utf-8') as f:
        src = f.read()
    code = strip_comments(src)
    is_cli = rel.startswith('src/cli/')

    def line_of(offset):
        return code.count('\n', 0, offset) + 1

    def check_arg(fname, text, offset):
        for lit, lit_off in visible_literals(text):
            if not has_words(lit):
                continue
            if any(rel == e[0] and lit == e[1] for e in C_EXEMPT):
                continue
            problems.add('marks', f'{rel}:{line_of(offset + lit_off)}',
                         f'{fname}(): "{shorten(lit)}" is shown to people but not marked '
                         f'for translation: wrap it in _( ) (or N_( ) in a static table)')

    for m in CALL_RE.finditer(code):
        fname = m.group(1)
        spec = C_CALLS_ALL.get(fname)
        if spec is None and ADW_SETTER.match(fname):
            spec = [1]
        if spec is None and is_cli:
            spec = C_CALLS_CLI.get(fname)
        if spec is None and FINDING_HELPER.match(fname):
            spec = 'sentences'
        if spec is None:
            continue
        args = split_args(code, m.end() - 1)
        if any('CANCELLED' in a for a, _ in args):
            continue  # a cancelled operation's message is never shown
        positions = call_positions(fname, len(args), spec)
        if isinstance(positions, tuple):
            first = positions[1]
            for k in range(first, len(args) - 1, 2):
                key = args[k][0].strip()
                key_lit = STRING_LIT.fullmatch(key)
                key_name = unescape(key_lit.group(1)) if key_lit else key
                if key_name in VISIBLE_PROPS:
                    check_arg(fname, args[k + 1][0], args[k + 1][1])
            continue
        if positions == 'sentences':
            # helpers that build findings: every literal with a space in it
            # (codes such as "smtp.connect-failed" have none)
            for text, off in args:
                if any(' ' in lit.strip() for lit, _ in visible_literals(text)):
                    check_arg(fname, text, off)
            continue
        for p in positions:
            if p < len(args):
                check_arg(fname, args[p][0], args[p][1])

    # GOptionEntry tables: the description (6th) and argument name (7th)
    for m in re.finditer(r'GOptionEntry\s+\w+\s*\[\s*\]\s*=\s*\{', code):
        for entry in split_args(code, m.end() - 1):
            text, off = entry
            brace = text.find('{')
            if brace < 0:
                continue
            fields = split_args(text, brace)
            for k in (5, 6):
                if k < len(fields):
                    check_arg('GOptionEntry', fields[k][0], off + fields[k][1])


def shorten(s, n=60):
    s = s.replace('\n', '\\n')
    return s if len(s) <= n else s[:n - 1] + '…'


# ---------------------------------------------------------------------------
# GtkBuilder files

def scan_ui_file(path, rel, problems):
    with open(path, encoding='utf-8') as f:
        raw = f.read()
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        problems.add('marks', rel, f'cannot parse: {e}')
        return
    lines = raw.split('\n')

    def line_of(elem, text):
        # ElementTree keeps no line numbers: find the first line with the text
        needle = (text or '').split('\n')[0][:40]
        for i, line in enumerate(lines):
            if needle and needle in line and elem.tag in line:
                return i + 1
        return 0

    def translatable(elem):
        return elem.get('translatable', 'no').lower() in ('yes', 'true', '1', 'y', 't')

    def exempt(elem):
        return (elem.get('comments') or '').startswith('not-translatable:')

    for elem in root.iter():
        kind = None
        if elem.tag == 'property' and elem.get('name') in UI_PROPERTIES:
            kind = f'property "{elem.get("name")}"'
        elif elem.tag == 'attribute' and elem.get('name') in UI_ATTRIBUTES:
            kind = f'menu attribute "{elem.get("name")}"'
        elif elem.tag == 'item' and (elem.text or '').strip():
            kind = 'item'
        if kind is None:
            continue
        text = (elem.text or '').strip()
        if not text or not has_words(text) or translatable(elem) or exempt(elem):
            continue
        problems.add('marks', f'{rel}:{line_of(elem, text)}',
                     f'{kind} "{shorten(text)}" is shown to people but has no translatable="yes" '
                     f'(or comments="not-translatable: <why>")')


# ---------------------------------------------------------------------------
# POTFILES.in against the sources

def candidate_files(srcdir):
    files = []
    for sub in ('src',):
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, sub)):
            for name in filenames:
                if name.endswith(('.c', '.h')):
                    files.append(os.path.relpath(os.path.join(dirpath, name), srcdir))
    for name in os.listdir(os.path.join(srcdir, 'data', 'ui')):
        if name.endswith('.ui'):
            files.append(os.path.join('data', 'ui', name))
    for name in os.listdir(os.path.join(srcdir, 'data')):
        if name.endswith('.in') or name.endswith('.gschema.xml'):
            files.append(os.path.join('data', name))
    return sorted(files)


def read_potfiles(srcdir):
    entries = []
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append((line, number))
    return entries


def run_xgettext(srcdir, files, output):
    listfile = output + '.files'
    with open(listfile, 'w', encoding='utf-8') as f:
        f.write('\n'.join(files) + '\n')
    cmd = ['xgettext', '--package-name=mail-doctor', '-f', listfile, '-D', srcdir,
           '-k_', '-o', output] + GLIB_PRESET
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r


def referenced_files(pot):
    refs = set()
    with open(pot, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#: '):
                for ref in line[3:].split():
                    refs.add(ref.rsplit(':', 1)[0])
    return refs


def check_potfiles(srcdir, tmp, problems):
    listed = read_potfiles(srcdir)
    listed_names = [name for name, _ in listed]
    existing = [name for name in listed_names if os.path.isfile(os.path.join(srcdir, name))]
    for name, number in listed:
        if name not in existing:
            problems.add('potfiles', f'po/POTFILES.in:{number}', f'lists {name}, which does not exist')
    files = sorted(set(candidate_files(srcdir)) | set(existing))
    pot = os.path.join(tmp, 'all.pot')
    r = run_xgettext(srcdir, files, pot)
    if r.returncode != 0:
        problems.add('potfiles', 'xgettext', r.stderr.strip())
        return
    for line in r.stderr.splitlines():
        if 'warning' in line:
            problems.add('potfiles', 'xgettext', line.strip())
    marked = referenced_files(pot)
    for name in files:
        if name in marked and name not in listed_names:
            problems.add('potfiles', name, 'has translatable strings but is not listed in po/POTFILES.in')
    for name, number in listed:
        if name in existing and name not in marked:
            problems.add('potfiles', f'po/POTFILES.in:{number}',
                         f'lists {name}, which has no translatable strings')


# ---------------------------------------------------------------------------
# Translations

def read_linguas(po_dir):
    langs = []
    path = os.path.join(po_dir, 'LINGUAS')
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.split('#', 1)[0].strip()
                langs += line.split()
    return langs


def po_header_language(po):
    with open(po, encoding='utf-8') as f:
        head = f.read(8192)
    m = re.search(r'"Language: *([^\\"]*)\\n"', head)
    return m.group(1).strip() if m else None


def statistics(po):
    r = subprocess.run(['msgfmt', '--statistics', '-o', os.devnull, po],
                       capture_output=True, text=True, env=dict(os.environ, LC_ALL='C', LANGUAGE='C'))
    text = r.stderr
    counts = {}
    for key, pattern in (('translated', r'(\d+) translated'), ('fuzzy', r'(\d+) fuzzy'),
                         ('untranslated', r'(\d+) untranslated')):
        m = re.search(pattern, text)
        counts[key] = int(m.group(1)) if m else 0
    return counts


def untranslated_examples(po, limit=5):
    ids = []
    for which in ('--untranslated', '--only-fuzzy'):
        r = subprocess.run(['msgattrib', which, '--no-obsolete', '--no-wrap', po],
                           capture_output=True, text=True)
        ids += re.findall(r'^msgid "(.+)"$', r.stdout, re.M)
    return ids[:limit]


def check_translations(srcdir, po_dir, tmp, problems):
    langs = read_linguas(po_dir)
    listed = [name for name, _ in read_potfiles(srcdir)
              if os.path.isfile(os.path.join(srcdir, name))]
    pot = os.path.join(tmp, 'fresh.pot')
    r = run_xgettext(srcdir, listed, pot)
    if r.returncode != 0:
        problems.add('po', 'xgettext', r.stderr.strip())
        return
    total = sum(1 for line in open(pot, encoding='utf-8') if line.startswith('msgid ')) - 1
    print(f'# fresh template: {total} messages from {len(listed)} files in po/POTFILES.in')
    if not langs:
        print('# po/LINGUAS lists no language')
    for lang in langs:
        po = os.path.join(po_dir, lang + '.po')
        rel = os.path.relpath(po, srcdir) if po.startswith(srcdir) else po
        if not os.path.isfile(po):
            problems.add('po', rel, f'is listed in LINGUAS but does not exist')
            continue
        header_lang = po_header_language(po)
        if header_lang != lang:
            problems.add('po', rel, f'has "Language: {header_lang}" in its header, expected "{lang}"')
        r = subprocess.run(['msgfmt', '--check', '--check-format', '-o', os.devnull, po],
                           capture_output=True, text=True, env=dict(os.environ, LC_ALL='C', LANGUAGE='C'))
        if r.returncode != 0:
            errors = [l for l in r.stderr.splitlines() if l.strip()]
            problems.add('po', rel, f'msgfmt --check found {len(errors)} error line(s):\n    '
                         + '\n    '.join(errors[:10]))
        own = statistics(po)
        if own['fuzzy']:
            problems.add('po', rel, f'has {own["fuzzy"]} fuzzy translation(s): review them and remove "#, fuzzy"')
        merged = os.path.join(tmp, lang + '.merged.po')
        r = subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot],
                           capture_output=True, text=True)
        if r.returncode != 0:
            problems.add('po', rel, 'msgmerge failed: ' + r.stderr.strip())
            continue
        fresh = statistics(merged)
        missing = fresh['untranslated'] + fresh['fuzzy']
        print(f'# {rel}: {fresh["translated"]} of {total} current messages translated, '
              f'{missing} missing or untranslated, {own["fuzzy"]} fuzzy in the file')
        if missing:
            examples = untranslated_examples(merged)
            problems.add('po', rel, f'{missing} of {total} messages of the current sources are '
                         f'untranslated, fuzzy or missing (run `meson compile -C BUILDDIR '
                         f'mail-doctor-update-po`, then translate them)'
                         + (', e.g.:\n    ' if examples else '')
                         + '\n    '.join('"' + shorten(e) + '"' for e in examples))


def check_merged(files, po_dir, problems):
    langs = read_linguas(po_dir)
    for path in files:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for lang in langs:
            if path.endswith('.desktop'):
                keys = re.findall(r'^(Name|GenericName|Comment|Keywords)=', text, re.M)
                missing = [k for k in keys if not re.search(rf'^{k}\[{re.escape(lang)}\]=', text, re.M)]
            else:
                missing = [] if f'xml:lang="{lang}"' in text else ['every element']
            if missing:
                problems.add('po', path, f'has no "{lang}" translation of {", ".join(missing)}: '
                             f'i18n.merge_file() does not notice new or changed .po files; '
                             f'delete the file and build again')


# ---------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('srcdir')
    parser.add_argument('--po-dir')
    parser.add_argument('--only', default='potfiles,marks,po')
    parser.add_argument('--merged', nargs='*', default=[])
    args = parser.parse_args()
    srcdir = os.path.abspath(args.srcdir)
    po_dir = os.path.abspath(args.po_dir or os.path.join(srcdir, 'po'))
    parts = set(args.only.split(','))

    for tool in ('xgettext', 'msgfmt', 'msgmerge', 'msgattrib'):
        if shutil.which(tool) is None:
            print(f'SKIP: {tool} not found (install gettext)')
            return 77

    problems = Problems()
    with tempfile.TemporaryDirectory(prefix='check-i18n-') as tmp:
        if 'potfiles' in parts:
            check_potfiles(srcdir, tmp, problems)
        if 'marks' in parts:
            for rel in candidate_files(srcdir):
                if rel.endswith('.c'):
                    scan_c_file(os.path.join(srcdir, rel), rel, problems)
                elif rel.endswith('.ui'):
                    scan_ui_file(os.path.join(srcdir, rel), rel, problems)
        if 'po' in parts:
            check_translations(srcdir, po_dir, tmp, problems)
            check_merged(args.merged, po_dir, problems)

    titles = {
        'potfiles': 'po/POTFILES.in does not match the sources',
        'marks': 'user-visible strings not marked for translation',
        'po': 'translations with errors or incomplete',
    }
    for section in ('potfiles', 'marks', 'po'):
        items = [p for p in problems.items if p[0] == section]
        if section in parts:
            print(f'{"FAIL" if items else "ok"}: {section}: '
                  f'{titles[section] if items else "no problems"}'
                  + (f' ({len(items)})' if items else ''))
        for _, where, message in items:
            print(f'  {where}: {message}')
    return 1 if problems.items else 0


if __name__ == '__main__':
    sys.exit(main())
