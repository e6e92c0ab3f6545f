#!/usr/bin/python3
# md-dns-peer.py: a scripted DNS server for the tests of Mail Doctor.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Serves a zone file (--zone) over UDP and TCP on 127.0.0.1 and misbehaves on
# purpose for some names, whatever the query type:
#   *.servfail.test  SERVFAIL            *.refused.test  REFUSED
#   *.timeout.test   no answer at all    *.garbage.test  a reply with the
#   *.tc.test        UDP replies have the                right id and a
#                    TC bit, TCP replies                 broken body
#                    the real answer
# A UDP reply over 512 bytes is sent truncated (TC), as a real server does.
# --latency S delays every reply by S seconds (replies are concurrent).
# Prints "PORT <n>" on stdout once it listens.  Needs Debian's python3-dnslib.

import argparse
import asyncio
import struct
import sys

from dnslib import A, DNSRecord, QTYPE, RCODE, RR


class Zone:
    def __init__(self, text):
        self.records = {}
        for rr in RR.fromZone(text):
            key = str(rr.rname).lower().rstrip('.')
            self.records.setdefault(key, []).append(rr)

    def answer(self, request):
        reply = request.reply()
        qname = str(request.q.qname).lower().rstrip('.')
        qtype = request.q.qtype
        labels = qname.split('.')

        for special in ('servfail', 'refused', 'timeout', 'garbage', 'tc'):
            if len(labels) >= 2 and labels[-2] == special and labels[-1] == 'test':
                if special == 'servfail':
                    reply.header.rcode = RCODE.SERVFAIL
                    return reply, None
                if special == 'refused':
                    reply.header.rcode = RCODE.REFUSED
                    return reply, None
                if special == 'tc':
                    reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A('192.0.2.99')))
                    return reply, 'tc'
                return reply, special

        name = qname
        for _ in range(8):
            rrs = self.records.get(name)
            if rrs is None:
                if name == qname:
                    reply.header.rcode = RCODE.NXDOMAIN
                return reply, None
            matched = [rr for rr in rrs if rr.rtype == qtype or qtype == QTYPE.ANY]
            if matched:
                for rr in matched:
                    reply.add_answer(rr)
                return reply, None
            cnames = [rr for rr in rrs if rr.rtype == QTYPE.CNAME]
            if not cnames:
                return reply, None
            reply.add_answer(cnames[0])
            name = str(cnames[0].rdata.label).lower().rstrip('.')
        return reply, None


class Peer:
    def __init__(self, zone, latency):
        self.zone = zone
        self.latency = latency

    def handle(self, data, over_tcp):
        try:
            request = DNSRecord.parse(data)
        except Exception:
            return None
        reply, special = self.zone.answer(request)
        if special == 'timeout':
            return None
        if special == 'garbage':
            head = struct.pack('!HHHHHH', request.header.id, 0x8180, 1, 3, 0, 0)
            # c-ares sends no EDNS record: everything after the header is
            # the question.  The answers that follow are cut short.
            return head + data[12:] + b'\xc0\x0c\x00\x10\x00\x01\xff'
        packed = reply.pack()
        if not over_tcp and (special == 'tc' or len(packed) > 512):
            truncated = request.reply()
            truncated.header.tc = 1
            packed = truncated.pack()
        return packed


class UdpProtocol(asyncio.DatagramProtocol):
    def __init__(self, peer):
        self.peer = peer
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        answer = self.peer.handle(data, False)
        if answer is not None:
            loop = asyncio.get_running_loop()
            loop.call_later(self.peer.latency, self.transport.sendto, answer, addr)


async def serve_tcp(peer, reader, writer):
    try:
        while True:
            head = await reader.readexactly(2)
            (length,) = struct.unpack('!H', head)
            data = await reader.readexactly(length)
            answer = peer.handle(data, True)
            if answer is None:
                continue
            await asyncio.sleep(peer.latency)
            writer.write(struct.pack('!H', len(answer)) + answer)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--zone', required=True)
    parser.add_argument('--latency', type=float, default=0.0)
    args = parser.parse_args()

    with open(args.zone, encoding='utf-8') as f:
        peer = Peer(Zone(f.read()), args.latency)

    loop = asyncio.get_running_loop()
    for _ in range(50):
        transport, _protocol = await loop.create_datagram_endpoint(
            lambda: UdpProtocol(peer), local_addr=('127.0.0.1', 0))
        port = transport.get_extra_info('sockname')[1]
        try:
            server = await asyncio.start_server(
                lambda r, w: serve_tcp(peer, r, w), '127.0.0.1', port)
            break
        except OSError:
            transport.close()
    else:
        sys.exit('no free port')

    print('PORT %d' % port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == '__main__':
    asyncio.run(main())
