#!/usr/bin/python3
# test-locale.py: mail-doctor-cli speaks the language of po/LANG.po.
#
#   tests/test-locale.py CLI PO_DIR LOCALE_DIR LANG
#
# Runs `mail-doctor-cli classify --example user-unknown` twice with
# LANGUAGE=LANG: once without catalogs (English) and once with
# MAIL_DOCTOR_LOCALE_DIR=LOCALE_DIR (the .mo files meson builds in
# <builddir>/po/LANG/LC_MESSAGES). Every message of PO_DIR/LANG.po that the
# English run prints as a whole piece of text (a line, or one side of a
# "Label: value" line; placeholders allowed) must be printed as its
# translation in the second run, and its English text must be gone. Nothing
# is hard-coded: the expectations come from the .po file.
#
# Exit status 77 (skip) when PO_DIR/LANG.po does not exist.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

ARGS = ['classify', '--example', 'user-unknown']


def parse_po(path):
    """Entries of a .po file: dicts with ctxt, id, id_plural, str, fuzzy."""
    entries, cur, key = [], None, None

    def finish():
        if cur is not None and 'id' in cur:
            entries.append(cur)

    def unquote(s):
        s = s.strip()
        assert s.startswith('"') and s.endswith('"'), s
        return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s[1:-1])

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                continue
            if line.startswith('#~'):
                continue
            if line.startswith('#,'):
                if cur is not None and 'id' in cur:
                    finish()
                    cur = None
                cur = cur or {}
                cur['fuzzy'] = 'fuzzy' in line
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(\[\d+\])?)\s+(".*")$', line)
            if m:
                word = m.group(1)
                if word in ('msgctxt', 'msgid') and cur is not None and 'str' in cur:
                    finish()
                    cur = None
                cur = cur if cur is not None else {}
                key = {'msgctxt': 'ctxt', 'msgid': 'id', 'msgid_plural': 'id_plural'}.get(word, 'str')
                if word.startswith('msgstr['):
                    key = 'str' if word == 'msgstr[0]' else 'str_other'
                cur[key] = unquote(m.group(3))
            elif line.startswith('"') and cur is not None:
                cur[key] = cur.get(key, '') + unquote(line)
    finish()
    return entries


FORMAT = re.compile(r"%(\d+\$)?[-+ #0']*(\d+)?(\.\d+)?(l|ll|z|h)?([diouxsc%])")


def to_regex(text):
    """A regular expression matching text with its printf placeholders filled."""
    out, pos = [], 0
    for m in FORMAT.finditer(text):
        out.append(re.escape(text[pos:m.start()]))
        conv = m.group(5)
        out.append('%' if conv == '%' else r'\d+' if conv in 'diouxc' else '.+')
        pos = m.end()
    out.append(re.escape(text[pos:]))
    return re.compile(''.join(out), re.S)


def lines_of(output):
    """The lines of the output without indentation and bullet."""
    lines = []
    for line in output.split('\n'):
        s = re.sub(r'^(• |\[[^\]]*\] )', '', line.strip())
        if s:
            lines.append(s)
    return lines


def pieces(line):
    """Both sides of every ': ' of a line ("Label: value")."""
    out = []
    for m in re.finditer(r': ', line):
        out += [line[:m.start() + 1], line[m.end():]]
    return out


def matched(entries, output):
    """The entries printed in output as whole pieces of text: a message
    without placeholders as a line or one side of a "Label: value" line, a
    message with placeholders as a whole line that is not such a label
    followed by a value (then the label is the message)."""
    literal = {e['id']: e for e in entries if not FORMAT.search(e['id'])}
    formats = [e for e in entries if FORMAT.search(e['id'])]
    found = []
    for line in lines_of(output):
        labelled = False
        for piece in [line] + pieces(line):
            if piece in literal:
                found.append(literal[piece])
                labelled = labelled or piece != line
        if labelled:
            continue
        for e in formats:
            if to_regex(e['id']).fullmatch(line):
                found.append(e)
    return found


def shown(text_re, output):
    return any(text_re.fullmatch(p) for line in lines_of(output) for p in [line] + pieces(line))


def run(cli, lang, locale_dir):
    env = dict(os.environ)
    env.pop('LC_MESSAGES', None)
    env.update({'LANGUAGE': lang, 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8',
                'MAIL_DOCTOR_LOCALE_DIR': locale_dir})
    r = subprocess.run([cli] + ARGS, capture_output=True, text=True, env=env, timeout=30)
    if r.returncode != 0:
        print(f'not ok - {" ".join(ARGS)} exited with {r.returncode}: {r.stderr}')
        sys.exit(1)
    return r.stdout


def main():
    cli, po_dir, locale_dir, lang = sys.argv[1:5]
    po = os.path.join(po_dir, lang + '.po')
    if not os.path.exists(po):
        print(f'1..0 # SKIP {po} does not exist yet')
        return 77
    mo = os.path.join(locale_dir, lang, 'LC_MESSAGES', 'mail-doctor.mo')
    if not os.path.exists(mo):
        print(f'not ok - {mo} was not built: is "{lang}" in po/LINGUAS? '
              f'(after changing LINGUAS, run meson setup --reconfigure)')
        return 1

    entries = [e for e in parse_po(po)
               if e.get('id') and 'ctxt' not in e and 'id_plural' not in e
               and not e.get('fuzzy') and e.get('str') and e['str'] != e['id']
               and re.search(r'[^\W\d_]{2,}', FORMAT.sub('', e['id']))]

    with tempfile.TemporaryDirectory() as empty:
        english = run(cli, lang, empty)
    translated = run(cli, lang, locale_dir)
    checked, failures = [], []
    for e in matched(entries, english):
        if e['id'] in checked:
            continue
        checked.append(e['id'])
        if not shown(to_regex(e['str']), translated):
            failures.append(f'the translation of "{e["id"]}" ("{e["str"]}") is not printed')
        if not FORMAT.search(e['id']) and e['id'] in translated:
            failures.append(f'"{e["id"]}" is still printed in English')

    headline = english.strip().split('\n')[0]
    print(f'# {len(checked)} messages of {os.path.basename(po)} printed by '
          f'`mail-doctor-cli {" ".join(ARGS)}`')
    for msgid in checked:
        print(f'#   {msgid[:70]}')
    if len(checked) < 5:
        failures.append(f'only {len(checked)} messages of {po} found in the English output '
                        f'(expected at least 5): are they translated?')
    if headline not in checked:
        failures.append(f'the headline "{headline}" is not a translated message of {po}')
    if failures:
        for f in failures:
            print(f'not ok - {f}')
        print('# translated output was:\n' + '\n'.join('#   ' + l for l in translated.split('\n')))
        return 1
    print(f'ok - mail-doctor-cli speaks {lang}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
