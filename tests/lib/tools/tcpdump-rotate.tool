    path /usr/bin/tcpdump
    caps net_raw
    options "nUc:i:s:w:AC:G:W:"
    long
    operands any
    seccomp capture
    output w
