#!/usr/bin/python3
# md-https-server.py: HTTPS server of MTA-STS policies for the tests.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Creates, in --dir, a test CA and certificates with openssl (nothing secret
# is ever committed), then serves on 127.0.0.1 three ports:
#   good        certificate for 127.0.0.1 signed by the test CA (ca.pem)
#   other-ca    certificate for 127.0.0.1 signed by another CA
#   wrong-name  certificate for "wrong.example" signed by the test CA
# and prints "PORTS <good> <other-ca> <wrong-name>".
#
# Paths follow MdHttpClient's base-URL rewriting: /HOST/PATH, e.g.
# /mta-sts.healthy.test/.well-known/mta-sts.txt.

import argparse
import os
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POLICY_PATH = '/.well-known/mta-sts.txt'

POLICIES = {
    'healthy.test': 'version: STSv1\r\nmode: enforce\r\nmx: mx1.healthy.test\r\nmx: *.healthy.test\r\nmax_age: 86400\r\n',
    'stsmismatch.test': 'version: STSv1\nmode: enforce\nmx: mail.other.test\nmax_age: 86400\n',
    'stsctype.test': 'version: STSv1\nmode: enforce\nmx: mx1.healthy.test\nmax_age: 86400\n',
    'stsslow.test': 'version: STSv1\nmode: enforce\nmx: mx1.healthy.test\nmax_age: 86400\n',
    'bench.test': 'version: STSv1\nmode: enforce\nmx: *.bench.test\nmax_age: 86400\n',
}


def openssl(*args, cwd):
    subprocess.run(['openssl'] + list(args), cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_ca(d, name, cn):
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
            '-nodes', '-keyout', name + '.key', '-out', name + '.pem', '-days', '2',
            '-subj', '/CN=' + cn,
            '-addext', 'basicConstraints=critical,CA:TRUE',
            '-addext', 'keyUsage=critical,keyCertSign,cRLSign', cwd=d)


def make_cert(d, name, ca, san):
    with open(os.path.join(d, name + '.ext'), 'w') as f:
        f.write('subjectAltName=%s\nextendedKeyUsage=serverAuth\n' % san)
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
            '-keyout', name + '.key', '-out', name + '.csr', '-subj', '/CN=' + name, cwd=d)
    openssl('x509', '-req', '-in', name + '.csr', '-CA', ca + '.pem', '-CAkey', ca + '.key',
            '-CAcreateserial', '-out', name + '.pem', '-days', '2',
            '-extfile', name + '.ext', cwd=d)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def send_text(self, status, body, content_type='text/plain; charset=utf-8'):
        data = body.encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        host, _, path = self.path.lstrip('/').partition('/')
        path = '/' + path
        if host == 'client.test':
            # For MdHttpClient's own tests.
            if path == '/user-agent':
                self.send_text(200, self.headers.get('User-Agent', ''))
            elif path == '/redirect':
                self.send_response(302)
                self.send_header('Location', '/client.test/user-agent')
                self.send_header('Content-Length', '0')
                self.end_headers()
            elif path == '/big':
                self.send_text(200, 'x' * 100000)
            else:
                self.send_text(404, 'not found\n')
            return
        domain = host[len('mta-sts.'):] if host.startswith('mta-sts.') else None
        if path != POLICY_PATH or domain not in POLICIES:
            self.send_text(404, 'not found\n')
            return
        if domain == 'stsslow.test':
            time.sleep(3)
        if domain == 'stsctype.test':
            self.send_text(200, '<html>' + POLICIES[domain] + '</html>', 'text/html')
            return
        self.send_text(200, POLICIES[domain])


def serve(d, cert):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(d, cert + '.pem'), os.path.join(d, cert + '.key'))
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True,
                                       do_handshake_on_connect=False)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd.server_address[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dir', required=True)
    args = parser.parse_args()
    d = args.dir

    make_ca(d, 'ca', 'Mail Doctor Test CA')
    make_ca(d, 'otherca', 'Some Other CA')
    make_cert(d, 'good', 'ca', 'IP:127.0.0.1,DNS:localhost')
    make_cert(d, 'othercert', 'otherca', 'IP:127.0.0.1,DNS:localhost')
    make_cert(d, 'wrongname', 'ca', 'DNS:wrong.example')

    ports = [serve(d, 'good'), serve(d, 'othercert'), serve(d, 'wrongname')]
    print('PORTS %d %d %d' % tuple(ports), flush=True)

    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == '__main__':
    main()
