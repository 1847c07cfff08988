"""A real DNS server on loopback for the tests (dnslib): a zone of TXT records the test fills.

Names under `servfail.` answer SERVFAIL; every other unknown name is NXDOMAIN.
"""

from dnslib import QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSLogger, DNSServer


class Zone(BaseResolver):
    def __init__(self):
        self.txt: dict[str, list[str]] = {}

    def add_txt(self, name: str, value: str) -> None:
        self.txt.setdefault(name.lower().rstrip("."), []).append(value)

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).lower().rstrip(".")
        if name.endswith("servfail"):
            reply.header.rcode = RCODE.SERVFAIL
        elif name not in self.txt:
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.TXT:
            for value in self.txt[name]:
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(value), ttl=60))
        return reply


def start() -> tuple[DNSServer, Zone, int]:
    """A UDP server on 127.0.0.1 on a free port: (server, zone, port)."""
    zone = Zone()
    server = DNSServer(zone, address="127.0.0.1", port=0, logger=DNSLogger(log="-request,-reply"))
    server.start_thread()
    return server, zone, server.server.server_address[1]
