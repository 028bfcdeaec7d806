/* SPDX-License-Identifier: ISC */
/* The JSON text of one audit record (pure: the clock is its only outside input). */
#ifndef NSCAP_AUDIT_RECORD_H
#define NSCAP_AUDIT_RECORD_H

#include "audit.h"
#include "jsonw.h"

/* One record, newline-terminated, in b. A value that did not fit leaves b->truncated set. */
void audit_record(struct jbuf *b, const char *event, const struct audit_facts *f,
		  const struct outcome *o, const char *error, int with_argv);

#endif
