#!/usr/bin/env python3
# Checks the Flatpak manifest: valid JSON, minimal sandbox permissions, a
# pinned runtime, pinned and checksummed sources, and the app's tests run.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import re
import sys

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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: check-flatpak-manifest.py MANIFEST.json", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
