/* SPDX-License-Identifier: ISC */
/* The JSON text of one audit record. */
#include "audit_record.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "bounds.h"

static void timestamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || !gmtime_r(&ts.tv_sec, &tm)) {
		snprintf(buf, len, "unknown");
		return;
	}
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000) % 1000);
}

static void put_target(struct jbuf *b, const struct audit_facts *f)
{
	const struct target *t = f->target;

	jb_key(b, "target");
	jb_open(b, '{');
	jb_key(b, "spec");
	jb_str(b, f->target_spec);
	if (t) {
		jb_key(b, "kind");
		jb_str(b, t->kind);
		jb_key(b, "runtime");
		jb_str(b, t->has_container ? t->c.runtime : NULL);
		jb_key(b, "id");
		jb_str(b, t->has_container ? t->c.id : NULL);
		jb_key(b, "name");
		jb_str(b, t->has_container && t->c.name[0] ? t->c.name : NULL);
		jb_key(b, "pod_ns");
		jb_str(b, t->has_container && t->c.pod_ns[0] ? t->c.pod_ns : NULL);
		jb_key(b, "pod_name");
		jb_str(b, t->has_container && t->c.pod_name[0] ? t->c.pod_name : NULL);
		jb_key(b, "container");
		jb_str(b, t->has_container && t->c.pod_container[0] ? t->c.pod_container : NULL);
		jb_key(b, "pid");
		jb_int(b, t->pin.pid);
		jb_key(b, "netns");
		jb_int(b, (long long)t->pin.ns_ino);
		jb_key(b, "host_netns_by");
		jb_str(b, f->host);
	}
	jb_close(b, '}');
}

static const char *signal_name(int sig)
{
	static const struct {
		int sig;
		char name[8];
	} names[] = {
		{SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},
		{SIGILL, "SIGILL"},   {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"},
		{SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},   {SIGKILL, "SIGKILL"},
		{SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
		{SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},
		{SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"}, {SIGSYS, "SIGSYS"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	return "SIG?";
}

static void put_bytes(struct jbuf *b, const struct outcome *o)
{
	const struct ledger *l = o->ledger;

	jb_key(b, "bytes");
	jb_open(b, '{');
	jb_key(b, "stdout");
	jb_int(b, l->bytes[LEDGER_STDOUT]);
	jb_key(b, "stderr");
	jb_int(b, l->bytes[LEDGER_STDERR]);
	jb_key(b, "writes");
	jb_int(b, l->bytes[LEDGER_WRITES]);
	jb_key(b, "limit");
	if (l->limit)
		jb_int(b, l->limit);
	else
		jb_null(b);
	jb_key(b, "cut");
	jb_int(b, l->cut);
	jb_close(b, '}');
	if (l->files_done == 0 && !o->accountant_late)
		return;
	jb_key(b, "files");
	if (l->files_done != 1) {
		jb_null(b);
		jb_key(b, "files_error");
		jb_str(b, o->accountant_late ? "the output directory did not answer in time"
					     : "the output directory could not be read");
		return;
	}
	jb_open(b, '[');
	for (int i = 0; i < l->nfiles; i++) {
		jb_open(b, '{');
		jb_key(b, "name");
		jb_str(b, l->files[i].name);
		jb_key(b, "bytes");
		jb_int(b, l->files[i].bytes);
		jb_close(b, '}');
	}
	jb_close(b, ']');
	if (l->files_more) {
		jb_key(b, "files_more");
		jb_int(b, l->files_more);
	}
}

static void put_outcome(struct jbuf *b, const struct outcome *o)
{
	jb_key(b, "stop");
	jb_str(b, o->stop);
	jb_key(b, "exit");
	if (o->exited)
		jb_int(b, o->exit_code);
	else
		jb_null(b);
	jb_key(b, "signal");
	jb_str(b, o->signal ? signal_name(o->signal) : NULL);
	jb_key(b, "timed_out");
	jb_int(b, o->timed_out);
	jb_key(b, "stop_signal");
	jb_str(b, o->stop_signal ? signal_name(o->stop_signal) : NULL);
	jb_key(b, "duration_ms");
	jb_int(b, o->duration_ms);
	if (o->ledger)
		put_bytes(b, o);
	if (o->error[0]) {
		jb_key(b, "error");
		jb_str(b, o->error);
	}
}

static void put_who(struct jbuf *b, const struct audit_facts *f)
{
	jb_key(b, "uid");
	jb_int(b, f->uid);
	jb_key(b, "user");
	jb_str(b, f->user);
	jb_key(b, "gids");
	jb_open(b, '[');
	jb_int(b, f->gid);
	for (int i = 0; i < f->ngroups && i < 256; i++) {
		int seen = f->groups[i] == f->gid;

		for (int k = 0; k < i && !seen; k++)
			seen = f->groups[k] == f->groups[i];
		if (!seen)
			jb_int(b, f->groups[i]);
	}
	jb_close(b, ']');
	jb_key(b, "tty");
	jb_str(b, f->tty[0] ? f->tty : NULL);
	jb_key(b, "cwd");
	jb_str(b, f->have_cwd ? f->cwd : NULL);
}

static void put_argv(struct jbuf *b, const struct audit_facts *f)
{
	jb_key(b, "argv");
	jb_open(b, '[');
	for (int i = 0; i < f->argc; i++)
		jb_str(b, f->argv[i]); /* each whole or not at all: a gap says "truncated" */
	jb_close(b, ']');
}

void audit_record(struct jbuf *b, const char *event, const struct audit_facts *f,
		  const struct outcome *o, const char *error, int with_argv)
{
	char when[96], rule[PATH_MAX + 16];

	timestamp(when, sizeof(when));
	jb_init(b);
	jb_open(b, '{');
	jb_key(b, "time");
	jb_str(b, when);
	jb_key(b, "event");
	jb_str(b, event);
	jb_key(b, "session");
	jb_str(b, f->session);
	put_who(b, f);
	put_target(b, f);
	jb_key(b, "tool");
	jb_str(b, f->tool);
	jb_key(b, "path");
	jb_str(b, f->path);
	jb_key(b, "reason");
	jb_str(b, f->reason);
	snprintf(rule, sizeof(rule), "%s:%d", f->rule_file ? f->rule_file : "", f->rule_line);
	jb_key(b, "rule");
	jb_str(b, f->rule_line ? rule : NULL);
	jb_key(b, "decision");
	jb_str(b, f->decision);
	if (o)
		put_outcome(b, o);
	if (error) {
		jb_key(b, "error");
		jb_str(b, error);
	}
	if (with_argv)
		put_argv(b, f);
	if (with_argv && f->bounds) {
		bounds_json(b, f->bounds);
		jb_key(b, "effective_argv");
		jb_open(b, '[');
		for (int i = 0; i < f->eff_argc; i++)
			jb_str(b, f->eff_argv[i]);
		jb_close(b, ']');
	}
	jb_flag(b, "truncated", b->truncated);
	jb_close(b, '}');
	b->buf[b->len++] = '\n';
}
