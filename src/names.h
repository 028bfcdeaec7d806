/* SPDX-License-Identifier: ISC */
/* Names kept apart from the records: containers/storage's, docker's, the kubelet's log links. */
#ifndef NSCAP_NAMES_H
#define NSCAP_NAMES_H

#include <stddef.h>

#include "index.h"

#define POD_HINT_MAX 400
/* The kubelet's log links, below the state-root. */
#define KUBE_LOGS "var/log/containers"

/* containers/storage's first name for id (podman, CRI-O) into name; unchanged when none. */
void names_storage(struct index *ix, const char *id, char *name, size_t len);

#endif
