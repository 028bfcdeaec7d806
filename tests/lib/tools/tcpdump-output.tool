    path /usr/bin/tcpdump
    caps net_raw
    options "nc:i:s:w:A"
    long
    operands any
    output w
