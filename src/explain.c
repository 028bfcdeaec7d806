/* SPDX-License-Identifier: ISC */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

int verdict_status(const struct decision *d)
{
	return d->verdict == V_ALLOW ? 0 : d->verdict == V_NOTOOL ? EXIT_NOTOOL : EXIT_DENIED;
}

static const char *caps_text(uint64_t caps)
{
	if (caps == (TOOLCAP_NET_RAW | TOOLCAP_NET_ADMIN))
		return "net_raw,net_admin";
	if (caps == TOOLCAP_NET_RAW)
		return "net_raw";
	if (caps == TOOLCAP_NET_ADMIN)
		return "net_admin";
	return "none";
}

/* Arguments shown quoted, with control characters as \xNN, so the line is unambiguous. */
static void print_arg(const char *a)
{
	putchar(' ');
	putchar('\'');
	for (; *a; a++) {
		unsigned char c = (unsigned char)*a;

		if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else if (c == '\'')
			fputs("'\\''", stdout);
		else
			putchar(c);
	}
	putchar('\'');
}

void explain(const struct policy *pol, const struct decision *d, const struct target *t,
	     const struct target_id *v, const char *tool, int nargs, char *const args[])
{
	const struct rule *r = d->rule;

	printf("decision: %s\n", d->verdict == V_ALLOW ? "permit" : "deny");
	printf("why: %s\n", d->why);
	if (r)
		printf("rule: %s:%d\n", pol->file, r->line);
	if (t) {
		printf("target: %s (%s)\n", t->spec, t->kind);
		if (t->has_container)
			printf("container: %s runtime %s\n", t->c.id, t->c.runtime);
		printf("pid: %d\nnetns: %llu\n", (int)t->pin.pid,
		       (unsigned long long)t->pin.ns_ino);
	} else {
		printf("target: %s%s\n",
		       v->host	   ? "host"
		       : v->pod_ns ? "pod "
				   : "container ",
		       v->host	   ? ""
		       : v->pod_ns ? v->pod_name
				   : v->id);
	}
	if (!d->tool)
		return;
	printf("tool: %s (%s)\n", d->tool->name, d->tool->path);
	printf("capabilities: %s\n", caps_text(d->tool->caps));
	if (r && r->permit) {
		printf("max-time: %llds%s\n", r->max_time, r->max_time ? "" : " (no limit)");
		printf("max-bytes: %lld%s\n", r->max_bytes, r->max_bytes ? "" : " (no limit)");
	}
	fputs("argv:", stdout);
	print_arg(tool);
	for (int i = 0; i < nargs; i++)
		print_arg(args[i]);
	putchar('\n');
}

void target_id_from_spec(const char *spec, char *buf, size_t len, struct target_id *v)
{
	char *a, *b;

	memset(v, 0, sizeof(*v));
	if (strcmp(spec, "host") == 0) {
		v->host = 1;
		return;
	}
	if (scopy(buf, len, spec) != 0)
		die(EXIT_FAIL, "TARGET is too long");
	a = strchr(buf, '/');
	if (!a) {
		v->id = v->name = buf;
		return;
	}
	*a++ = '\0';
	b = strchr(a, '/');
	if (b)
		*b++ = '\0';
	v->pod_ns = buf;
	v->pod_name = a;
	v->pod_container = b;
	v->id = a; /* any pod is a container of some runtime */
}
