    path @PROBE@
    caps none
    options ""
    operands any
