# SPDX-License-Identifier: ISC
"""pcapstat.py FILE: what a pcap file holds, read from its own headers (tests/lib/setup.sh,
pcap_stats). Prints one line: "packets N maxcap C maxlen L ports P,..." where maxcap is the
largest captured length of a packet (what a snap length bounds), maxlen the largest length on
the wire, and ports the lower TCP/UDP port of each IPv4/IPv6 packet (the service's port, the
other being ephemeral), sorted. Ethernet (lo's link type) and Linux cooked (v1, v2) links.
Exit status 1 if the file is not a whole pcap.
"""
import struct
import sys

MAGICS = {b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">",
          b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\x3c\x4d": ">"}
LINK_L2 = {1: (12, 14), 113: (14, 16), 276: (0, 20)}  # link type: (ethertype at, header)


def port_of(pkt, link):
    at, hdr = LINK_L2.get(link, (None, None))
    if at is None or len(pkt) < hdr:
        return None
    etype = struct.unpack(">H", pkt[at:at + 2])[0]
    ip = pkt[hdr:]
    if etype == 0x0800 and len(ip) >= 20:
        proto, l4 = ip[9], ip[(ip[0] & 15) * 4:]
    elif etype == 0x86DD and len(ip) >= 40:
        proto, l4 = ip[6], ip[40:]
    else:
        return None
    if proto not in (6, 17) or len(l4) < 4:
        return None
    return min(struct.unpack(">HH", l4[:4]))


def main():
    data = open(sys.argv[1], "rb").read()
    end = MAGICS.get(data[:4])
    if end is None or len(data) < 24:
        sys.exit(1)
    link = struct.unpack(end + "I", data[20:24])[0] & 0xFFFFFFF
    off, n, maxcap, maxlen, ports = 24, 0, 0, 0, set()
    while off < len(data):
        if off + 16 > len(data):
            sys.exit(1)
        incl, orig = struct.unpack(end + "II", data[off + 8:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        if len(pkt) != incl:
            sys.exit(1)
        n, maxcap, maxlen = n + 1, max(maxcap, incl), max(maxlen, orig)
        p = port_of(pkt, link)
        if p is not None:
            ports.add(p)
        off += 16 + incl
    print("packets %d maxcap %d maxlen %d ports %s"
          % (n, maxcap, maxlen, ",".join(str(p) for p in sorted(ports)) or "-"))


main()
