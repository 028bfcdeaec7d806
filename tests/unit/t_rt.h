/* SPDX-License-Identifier: ISC */
/* t_rt.h — the record under test and its reset, shared by the test_rt_*.c unit tests. */
#ifndef NSCAP_T_RT_H
#define NSCAP_T_RT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "runtime.h"
#include "t.h"

#define ID1 "4f1b2c3d4e5f60718293a4b5c6d7e8f94f1b2c3d4e5f60718293a4b5c6d7e8f9"
#define ID2 "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"

static struct container c;
static const char *err;

static inline void reset(void)
{
	memset(&c, 0, sizeof(c));
	err = NULL;
}

#endif /* NSCAP_T_RT_H */
