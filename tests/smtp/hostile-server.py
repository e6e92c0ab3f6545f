#!/usr/bin/python3
# Misbehaving SMTP servers for the tests of MdSmtpProbe.
#
#   hostile-server.py --mode MODE
#
# Listens on a free port of 127.0.0.1, prints "PORT <n>" and serves until its
# standard input closes. Modes:
#   banner-421       greets with "421 too many connections" and hangs up
#   banner-554       greets with "554 blocked" and hangs up
#   silent           accepts and never says anything
#   drop-mid-ehlo    sends half of a multi-line EHLO reply and hangs up
#   long-line        greets with a 10 MB line without an end
#   bad-multiline    answers EHLO with lines of different codes
#   starttls-garbage accepts STARTTLS, then sends garbage instead of TLS
#   slowloris        sends its greeting one byte per second
#   plain-auth       no STARTTLS, AUTH PLAIN LOGIN in the clear, and a 535
#                    that echoes what the client sent
#   helo-only        rejects EHLO (502), accepts HELO
#   backlog-full     never accepts, and its queue is full: connecting hangs
#                    as if a firewall dropped the packets
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import socket
import socketserver
import sys
import threading
import time

MODE = None


class Handler(socketserver.StreamRequestHandler):
    def send(self, text):
        self.wfile.write(text.encode("latin-1"))
        self.wfile.flush()

    def lines(self):
        while True:
            line = self.rfile.readline(100000)
            if not line:
                return
            yield line.decode("latin-1").rstrip("\r\n")

    def handle(self):
        try:
            self.serve()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def serve(self):
        mode = MODE
        if mode == "banner-421":
            self.send("421 4.7.0 mx.example.test Too many connections, try again later\r\n")
            return
        if mode == "banner-554":
            self.send("554 5.7.1 mx.example.test Your address is listed on a block list\r\n")
            return
        if mode == "silent":
            time.sleep(60)
            return
        if mode == "long-line":
            self.send("220 ")
            chunk = "A" * 65536
            for _ in range(160):  # 10 MB
                self.send(chunk)
            time.sleep(5)
            return
        if mode == "slowloris":
            for c in "220 mx.example.test very slow server ready\r\n":
                self.send(c)
                time.sleep(1)
            return

        self.send("220 mx.example.test ESMTP hostile\r\n")
        for line in self.lines():
            verb = line.split(" ", 1)[0].upper()
            if verb == "QUIT":
                self.send("221 2.0.0 Bye\r\n")
                return
            if verb == "EHLO":
                if mode == "drop-mid-ehlo":
                    self.send("250-mx.example.test\r\n250-PIPELINING\r\n")
                    return
                if mode == "bad-multiline":
                    self.send("250-mx.example.test\r\n251-SIZE 1000\r\n250 8BITMIME\r\n")
                    continue
                if mode == "starttls-garbage":
                    self.send("250-mx.example.test\r\n250 STARTTLS\r\n")
                    continue
                if mode == "plain-auth":
                    self.send("250-mx.example.test\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 1000\r\n")
                    continue
                if mode == "helo-only":
                    self.send("502 5.5.1 Command not recognized\r\n")
                    continue
            if verb == "HELO":
                self.send("250 mx.example.test\r\n")
                continue
            if verb == "STARTTLS" and mode == "starttls-garbage":
                self.send("220 2.0.0 Ready to start TLS\r\n")
                self.send("this is not TLS at all\r\n" * 20)
                time.sleep(1)
                return
            if verb == "AUTH" and mode == "plain-auth":
                # Echo what was sent, as a careless server might: the probe
                # must redact it.
                self.send("535 5.7.8 Authentication failed for %s\r\n" % line[5:])
                continue
            if verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.send("250 2.0.0 OK\r\n")
                continue
            self.send("502 5.5.1 Command not recognized\r\n")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global MODE
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True)
    MODE = parser.parse_args().mode

    if MODE == "backlog-full":
        # Linux drops SYNs for a listener whose accept queue is full.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        fillers = []
        for _ in range(2):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            filler.connect_ex(listener.getsockname())
            fillers.append(filler)
        time.sleep(0.2)
        print("PORT %d" % listener.getsockname()[1], flush=True)
        sys.stdin.read()
        return

    server = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
