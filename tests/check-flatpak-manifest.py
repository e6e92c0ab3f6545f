#!/usr/bin/env python3
# Checks the Flatpak manifest: valid JSON, minimal sandbox permissions, a
# pinned runtime, pinned and checksummed sources, and the app's tests run.
#
#   check-flatpak-manifest.py MANIFEST.json
#   check-flatpak-manifest.py --flatpak-builder MANIFEST.json
#   check-flatpak-manifest.py --release-notes METAINFO.xml.in VERSION
#
# With --flatpak-builder, flatpak-builder itself reads the manifest
# (--show-manifest: no download, no network, no runtime needed) and must
# understand every property: no warning, and the manifest it prints back is
# the same as ours (a misspelt or mistyped property is dropped with only a
# warning). Exits 77 (skipped) when flatpak-builder is not installed.
#
# With --release-notes, the AppStream metainfo that software centres (and
# Flathub) show must have release notes for VERSION, the project's version:
# its newest <release> is VERSION, with a date and a <description> that says
# something (a paragraph and a list of at least three changes).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77

EXPECTED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]
SHA256 = re.compile(r"^[0-9a-f]{64}$")
problems = []


def problem(message):
    problems.append(message)
    print("not ok: " + message)


def check_modules(modules, app_module_name):
    found_app = False
    for module in modules:
        if isinstance(module, str):
            problem("module %s is an external file; keep every module in the manifest" % module)
            continue
        name = module.get("name", "?")
        sources = module.get("sources", [])
        if not sources:
            problem("module %s has no sources" % name)
        for source in sources:
            kind = source.get("type")
            if kind == "dir":
                if name != app_module_name:
                    problem("module %s builds from a local directory" % name)
                continue
            if kind not in ("archive", "file"):
                problem("module %s: source type %r is not a pinned download" % (name, kind))
                continue
            url = source.get("url", "")
            if not url.startswith("https://"):
                problem("module %s: source url %r is not https" % (name, url))
            if not SHA256.match(source.get("sha256", "")):
                problem("module %s: source has no sha256 (64 hex digits)" % name)
        if name == app_module_name:
            found_app = True
            if module.get("buildsystem") != "meson":
                problem("app module %s does not use meson" % name)
            if module.get("run-tests") is not True:
                problem("app module %s does not set run-tests" % name)
            if {"type": "dir", "path": ".."} not in sources:
                problem("app module %s does not build the source tree (dir ..)" % name)
        check_modules(module.get("modules", []), app_module_name)
    return found_app


def main(path):
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print("not ok: %s is not valid JSON: %s" % (path, e))
        return 1

    app_id = manifest.get("id") or manifest.get("app-id")
    if app_id != "io.github.maildoctor.MailDoctor":
        problem("id is %r" % app_id)
    if manifest.get("runtime") != "org.gnome.Platform":
        problem("runtime is %r, not org.gnome.Platform" % manifest.get("runtime"))
    if manifest.get("sdk") != "org.gnome.Sdk":
        problem("sdk is %r, not org.gnome.Sdk" % manifest.get("sdk"))
    version = str(manifest.get("runtime-version", ""))
    if not re.match(r"^[0-9]+(\.[0-9]+)?$", version):
        problem("runtime-version %r is not a pinned release (not master/nightly)" % version)
    if manifest.get("command") != "mail-doctor":
        problem("command is %r" % manifest.get("command"))
    if manifest.get("finish-args") != EXPECTED_FINISH_ARGS:
        problem("finish-args are %r, expected exactly %r"
                % (manifest.get("finish-args"), EXPECTED_FINISH_ARGS))

    modules = manifest.get("modules", [])
    if not modules:
        problem("no modules")
    elif not check_modules(modules, "mail-doctor"):
        problem("no module named mail-doctor")
    elif modules[-1].get("name") != "mail-doctor":
        problem("the app module is not the last module")

    if problems:
        print("%d problem(s) in %s" % (len(problems), path))
        return 1
    print("ok: %s (%d modules, runtime %s//%s)"
          % (path, len(modules), manifest["runtime"], version))
    return 0


def first_difference(ours, theirs, where="manifest"):
    """Where flatpak-builder's reading of the manifest differs from ours."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in ours:
            if key not in theirs:
                return "%s.%s was dropped" % (where, key)
            found = first_difference(ours[key], theirs[key], "%s.%s" % (where, key))
            if found:
                return found
        for key in theirs:
            if key not in ours:
                return "%s.%s was added" % (where, key)
        return None
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return "%s has %d entries, not %d" % (where, len(theirs), len(ours))
        for i, (a, b) in enumerate(zip(ours, theirs)):
            found = first_difference(a, b, "%s[%d]" % (where, i))
            if found:
                return found
        return None
    if ours != theirs:
        return "%s is %r, not %r" % (where, theirs, ours)
    return None


def check_with_flatpak_builder(path):
    builder = shutil.which("flatpak-builder")
    if builder is None:
        print("SKIP: flatpak-builder is not installed (Debian package flatpak-builder)")
        return SKIP
    with open(path, encoding="utf-8") as f:
        ours = json.load(f)
    # flatpak-builder leaves its state folder (.flatpak-builder) in the
    # current folder: use a throwaway one.
    with tempfile.TemporaryDirectory(prefix="md-flatpak-") as workdir:
        env = dict(os.environ, HOME=workdir, XDG_CACHE_HOME=os.path.join(workdir, "cache"))
        try:
            run = subprocess.run([builder, "--show-manifest", os.path.abspath(path)],
                                 cwd=workdir, env=env, capture_output=True, text=True,
                                 timeout=60)
        except subprocess.TimeoutExpired:
            print("not ok: flatpak-builder --show-manifest took more than 60 s")
            return 1
    if run.returncode != 0:
        print("not ok: flatpak-builder cannot read %s (exit %d):\n%s"
              % (path, run.returncode, run.stderr.strip()))
        return 1
    warnings = [line for line in run.stderr.splitlines() if line.strip()]
    if warnings:
        print("not ok: flatpak-builder warns about %s:\n%s" % (path, "\n".join(warnings)))
        return 1
    try:
        theirs = json.loads(run.stdout)
    except ValueError as e:
        print("not ok: flatpak-builder --show-manifest printed no JSON: %s" % e)
        return 1
    difference = first_difference(ours, theirs)
    if difference:
        print("not ok: flatpak-builder reads the manifest differently: %s" % difference)
        return 1
    version = subprocess.run([builder, "--version"], capture_output=True, text=True).stdout.strip()
    print("ok: %s reads %s as written (%d modules)" % (version, path, len(theirs.get("modules", []))))
    return 0


def check_release_notes(path, version):
    try:
        component = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print("not ok: %s: %s" % (path, e))
        return 1
    releases = component.findall("releases/release")
    if not releases:
        print("not ok: %s has no <releases>" % path)
        return 1
    newest = releases[0]
    if newest.get("version") != version:
        print("not ok: the newest release in %s is %r, but the project is %s: add its release notes"
              % (path, newest.get("version"), version))
        return 1
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", newest.get("date", "")):
        print("not ok: release %s has no date (YYYY-MM-DD)" % version)
        return 1
    description = newest.find("description")
    if description is None:
        print("not ok: release %s has no <description>" % version)
        return 1
    paragraphs = [p for p in description.findall("p") if (p.text or "").strip()]
    items = [li for li in description.findall("ul/li") + description.findall("ol/li")
             if (li.text or "").strip()]
    if not paragraphs or len(items) < 3:
        print("not ok: the notes of release %s are too thin (%d paragraphs, %d list items)"
              % (version, len(paragraphs), len(items)))
        return 1
    print("ok: release %s (%s) has notes: %d paragraph(s), %d change(s)"
          % (version, newest.get("date"), len(paragraphs), len(items)))
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--release-notes":
        sys.exit(check_release_notes(args[1], args[2]))
    if len(args) == 2 and args[0] == "--flatpak-builder":
        sys.exit(check_with_flatpak_builder(args[1]))
    if len(args) != 1:
        print("usage: check-flatpak-manifest.py [--flatpak-builder] MANIFEST.json\n"
              "       check-flatpak-manifest.py --release-notes METAINFO.xml.in VERSION",
              file=sys.stderr)
        sys.exit(2)
    sys.exit(main(args[0]))
