    path @PROBE@
    caps net_raw
    options ""
    operands any
    seccomp capture
