#!/usr/bin/python3
# Tests "mail-doctor-cli classify": JSON keys, several files, exit codes.
# usage: test-cli-classify.py MAIL-DOCTOR-CLI FIXTURE-DIR
import json, os, subprocess, sys, tempfile

cli, fixtures = sys.argv[1], sys.argv[2]
failures = 0


def check(cond, what):
    global failures
    print(("ok - " if cond else "not ok - ") + what)
    if not cond:
        failures += 1


def run(*args, stdin=None):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="C")
    p = subprocess.run([cli, "classify", *args], input=stdin, capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


fx = lambda name: os.path.join(fixtures, name)
KEYS = {"file", "recipient", "reason", "status", "replycode", "hardbounce", "temporary", "action",
        "diagnostic", "remote_mta", "evidence", "kind", "feedbacktype", "party", "reporting_mta"}

# one file, JSON
rc, out, err = run("--json", fx("postfix-userunknown.eml"))
rows = [json.loads(l) for l in out.splitlines() if l.strip()]
check(rc == 0, "exit 0 on a readable bounce")
check(len(rows) == 1, "one JSON line per recipient")
row = rows[0]
check(KEYS <= set(row), "all contract keys present (missing: %s)" % sorted(KEYS - set(row)))
check(row["file"] == fx("postfix-userunknown.eml"), "file as given")
check(row["recipient"] == "bob@recipient.example", "recipient")
check(row["reason"] == "userunknown" and row["status"] == "5.1.1" and row["replycode"] == "550", "reason/status/replycode")
check(row["hardbounce"] is True and row["temporary"] is False, "booleans are JSON booleans")
check(row["action"] == "failed" and row["kind"] == "failure", "action and kind")
check(isinstance(row["evidence"], dict) and row["evidence"]["rule"], "evidence object with rule")
check(row["party"] == "recipient", "party from the reason table")

# several files, one unreadable: continue, exit 1
rc, out, err = run("--json", fx("exim-mailboxfull.eml"), fx("does-not-exist.eml"), fx("arf-abuse.eml"))
rows = [json.loads(l) for l in out.splitlines() if l.strip()]
check(rc == 1, "exit 1 when a file was unreadable")
check("does-not-exist.eml" in err, "unreadable file named on stderr")
check([r["reason"] for r in rows] == ["mailboxfull", "feedback"], "the other files are still classified")
check(rows[1]["feedbacktype"] == "abuse" and rows[1]["kind"] == "complaint", "ARF feedback type")

# not a bounce: one object, no recipient prediction
rc, out, err = run("--json", fx("ordinary.eml"))
rows = [json.loads(l) for l in out.splitlines() if l.strip()]
check(rc == 0 and len(rows) == 1, "one line for ordinary mail")
check(rows[0]["kind"] == "not-a-bounce" and rows[0]["reason"] is None and rows[0]["recipient"] is None,
      "ordinary mail is reported as not a bounce")

# stdin
with open(fx("paste-quoted.txt"), "rb") as f:
    rc, out, err = run("--json", "-", stdin=f.read())
rows = [json.loads(l) for l in out.splitlines() if l.strip()]
check(rc == 0 and rows and rows[0]["file"] == "-" and rows[0]["reason"] == "suspend", "reads a paste from stdin")

# empty input
rc, out, err = run("--json", "-", stdin=b"")
check(rc == 1 and "empty" in err, "empty input is an error")

# human output
rc, out, err = run(fx("gmail-userunknown.eml"))
check(rc == 0 and "quinn@nowhere-mail.example" in out and "550 5.1.1" in out, "human-readable output")

# usage errors
rc, out, err = run()
check(rc == 1, "no file is a usage error")
rc, out, err = run("--no-such-option", fx("ordinary.eml"))
check(rc == 1, "unknown option is a usage error")

# too large
with tempfile.NamedTemporaryFile(suffix=".eml") as big:
    big.truncate(21 * 1024 * 1024)
    big.flush()
    rc, out, err = run("--json", big.name)
    check(rc == 1 and "too large" in err, "files over 20 MB are refused")

# examples, when the build has them
rc, out, err = run("--list-examples")
check(rc == 0, "--list-examples works")
ids = [l.split()[0] for l in out.splitlines() if l.strip()]
if ids:
    rc, out, err = run("--json", *sum((["--example", i] for i in ids), []))
    rows = [json.loads(l) for l in out.splitlines() if l.strip()]
    check(rc == 0 and len(rows) >= len(ids), "every example classifies")
    check(all(r.get("reason") not in (None, "undefined", "onhold") for r in rows
              if r.get("kind") != "not-a-bounce"), "examples get a definite reason")


sys.exit(1 if failures else 0)
