    path /usr/bin/tcpdump
    caps net_raw
    options "nc:i:s:w:AG:W:z:Z:"
    operands any
    seccomp capture
