    path @PROBE@
    caps net_raw,net_admin
    options ""
    operands any
