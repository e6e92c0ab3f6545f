#!/usr/bin/python3
# HTTPS server of autoconfig files (clientConfig v1.1) for test-autoconfig.
#
#   autoconfig-server.py --cert-dir DIR
#
# Uses DIR/server.{pem,key} from make-certs.sh, listens on a free port of
# 127.0.0.1, prints "PORT <n>" and serves until its standard input closes.
# Paths follow MdHttpClient's base-URL rewriting: /HOST/PATH.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CONFIG = """<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="{domain}">
    <domain>{domain}</domain>
    <displayName>{name}</displayName>
    <incomingServer type="imap">
      <hostname>imap.{domain}</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.{domain}</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>{username}</username>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.{domain}</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>{username}</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"""

FILES = {
    "/autoconfig.first.test/mail/config-v1.1.xml":
        CONFIG.format(domain="first.test", name="First Mail", username="%EMAILADDRESS%"),
    "/wellknown.test/.well-known/autoconfig/mail/config-v1.1.xml":
        CONFIG.format(domain="wellknown.test", name="Well Known", username="%EMAILLOCALPART%"),
    "/autoconfig.broken.test/mail/config-v1.1.xml": "<clientConfig><emailProvider>",
    "/autoconfig.thunderbird.net/v1.1/broken.test":
        CONFIG.format(domain="broken.test", name="From ISPDB", username="%EMAILADDRESS%"),
    "/autoconfig.html.test/mail/config-v1.1.xml": "<html><body>Not here</body></html>",
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlsplit(self.path)
        body = FILES.get(url.path)
        if url.path.startswith("/autoconfig.first.test/"):
            # The provider gets the address, as Thunderbird sends it.
            if parse_qs(url.query).get("emailaddress") != ["jane@first.test"]:
                body = None
        if url.path.startswith("/autoconfig.huge.test/"):
            body = "<clientConfig>" + "<x/>" * 200000 + "</clientConfig>"
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert-dir", required=True)
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(args.cert_dir, "server.pem"),
                            os.path.join(args.cert_dir, "server.key"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
