#!/usr/bin/python3
# A real SMTP server (aiosmtpd) for the tests of MdSmtpProbe.
#
#   smtp-server.py --security starttls|tls|plain --cert-dir DIR [--cert NAME]
#                  --user USER --password PASSWORD
#
# Listens on a free port of 127.0.0.1, prints "PORT <n>" and serves until its
# standard input closes (so it dies with the test that started it). AUTH PLAIN
# and LOGIN only after TLS; unauthenticated mail to a domain other than
# example.test is refused with "550 5.7.1 Relaying denied"; DATA is refused.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import asyncio
import logging
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

LOCAL_DOMAIN = "example.test"


class Handler:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.startswith("forbidden@"):
            return "553 5.7.1 Sender address rejected: not owned by user"
        envelope.mail_from = address
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        domain = address.rpartition("@")[2].lower()
        if domain != LOCAL_DOMAIN and not session.authenticated:
            return "550 5.7.1 Relaying denied"
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        sys.stderr.write("DATA RECEIVED\n")
        return "554 5.5.0 This test server takes no messages"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--security", choices=["starttls", "tls", "plain"], required=True)
    parser.add_argument("--cert-dir", required=True)
    parser.add_argument("--cert", default="server")
    parser.add_argument("--user", default="alice@example.test")
    parser.add_argument("--password", required=True)
    parser.add_argument("--no-plain", action="store_true",
                        help="offer AUTH LOGIN only")
    args = parser.parse_args()

    # Failed handshakes are what some tests are about: no tracebacks.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(args.cert_dir, args.cert + ".pem"),
                            os.path.join(args.cert_dir, args.cert + ".key"))

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == args.user.encode()
              and auth_data.password == args.password.encode())
        return AuthResult(success=ok, handled=False)

    def factory():
        return SMTP(Handler(),
                    hostname="mx.example.test",
                    tls_context=context if args.security == "starttls" else None,
                    authenticator=authenticator,
                    # aiosmtpd does not notice implicit TLS by itself.
                    auth_require_tls=args.security == "starttls",
                    auth_exclude_mechanism=["PLAIN"] if args.no_plain else None,
                    timeout=30)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(factory, "127.0.0.1", 0,
                           ssl=context if args.security == "tls" else None))
    port = server.sockets[0].getsockname()[1]
    print("PORT %d" % port, flush=True)

    # Stop when the test closes our standard input (or dies).
    loop.add_reader(sys.stdin.fileno(), loop.stop)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
