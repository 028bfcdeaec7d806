/* SPDX-License-Identifier: ISC */
/* nscap: run one approved network tool in one container's network namespace.
 * This file is the privilege flow of DESIGN.md, one checked step per line, in order. */
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "exec.h"
#include "explain.h"
#include "list.h"
#include "netns.h"
#include "policy_load.h"
#include "privs.h"
#include "sandbox.h"
#include "sanitize.h"
#include "supervise.h"
#include "target.h"
#include "toolargs.h"
#include "util.h"

#ifndef NSCAP_POLICY
#define NSCAP_POLICY "/etc/nscap/policy"
#endif
#ifndef NSCAP_VERSION
#define NSCAP_VERSION "unknown"
#endif

#define MAX_GROUPS 65536

static gid_t groups[MAX_GROUPS];

static int run_check(const struct cli *c, const struct subject *sub);

int main(int argc, char **argv, char **envp)
{
	static char *env[ENV_MAX + 1];
	/* Static, not on a stack whose limit the caller sets (main runs once). */
	static struct caller_limits lim;
	static struct audit_info ai;
	static struct subject sub;
	static struct policy pol;
	static struct cli cli;
	static struct target tgt;
	static struct target_id view;
	static struct decision d;
	static struct supervisor sup;
	static struct outcome out;
	struct passwd *pw;
	char err[256];
	unsigned long exec_path;
	int toolfd, ngroups;

	/* 1. Take the process over from the caller before anything can use what they left. */
	sanitize_limits(&lim); /* first: a tiny stack limit would break everything after */
	sanitize_fds();	       /* fds 0-2 valid (stderr for messages), every other fd closed */
	if (argc < 1 || !argv[0])
		die(EXIT_FAIL, "refusing to run with an empty argv"); /* argc == 0 exec (PwnKit) */
	sanitize_signals();		  /* default actions; terminal signals held for the tool */
	umask(077);			  /* nothing we create is readable by others */
	if (personality(PER_LINUX) == -1) /* no inherited READ_IMPLIES_EXEC, MMAP_PAGE_ZERO... */
		pdie(EXIT_FAIL, "personality");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) /* no ptrace, core or /proc peeking */
		pdie(EXIT_FAIL, "PR_SET_DUMPABLE");
	exec_env_take(envp, env); /* the tool's env from scratch; ours emptied */
	if (geteuid() != 0 || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		die(EXIT_FAIL, "not installed setuid root (or started with no_new_privs)");
	ngroups = getgroups(MAX_GROUPS, groups); /* the caller's own groups, kept for the tool */
	if (ngroups < 0)
		pdie(EXIT_FAIL, "getgroups");
	sub = (struct subject){getuid(), getgid(), groups, ngroups, NULL};
	privs_hold_root(); /* from here the caller cannot signal, stop or trace this process */

	/* 2. The command line, bounded; nothing privileged yet. */
	cli_parse(argc, argv, &cli);
	sub.reason = cli.reason;
	if (cli.mode == MODE_HELP || cli.mode == MODE_VERSION || cli.mode == MODE_CHECK) {
		/* These read only what the caller could: do it as the caller. */
		privs_drop_all(sub.uid, sub.gid, groups, ngroups);
		if (cli.mode == MODE_CHECK)
			return run_check(&cli, &sub);
		if (cli.mode == MODE_HELP)
			cli_usage();
		else
			printf("nscap %s\n", NSCAP_VERSION);
		return 0;
	}

	/* 6 (early). Audit sinks open first, so every later failure leaves a record. */
	pw = getpwuid(sub.uid);
	ai = (struct audit_info){.uid = sub.uid,
				 .user = pw ? xstrdup(pw->pw_name) : NULL,
				 .gid = sub.gid,
				 .groups = groups,
				 .ngroups = ngroups,
				 .target_spec = cli.target,
				 .tool = cli.tool,
				 .argc = cli.nargs,
				 .argv = cli.args,
				 .reason = cli.reason};
	audit_init(&ai);
	audit_open(&ai);

	/* 3. The policy: compiled-in path, trusted all the way up, parsed strictly. */
	policy_load(NSCAP_POLICY, &pol);

	/* 4. The target, pinned: pidfd, identity, netns fd, pidfd still alive. */
	if (netns_host_init(err, sizeof(err)) != 0) /* only `host` rules may enter these */
		die(EXIT_FAIL, "cannot identify the host network namespace: %s", err);
	if (cli.mode == MODE_LIST) {
		(void)audit_event("list", NULL, NULL); /* what exists is itself worth recording */
		list_targets(&pol, &sub, cli.json);
		return 0;
	}
	target_resolve(cli.target, pol.state_root, &tgt);
	ai.target = &tgt;

	/* 5. The decision: a pure function of who, what, where and how. */
	target_view(&tgt, &view);
	policy_decide(&pol, &sub, &view, cli.tool, cli.nargs, cli.args, &d);
	ai.rule_file = pol.file;
	ai.rule_line = d.rule ? d.rule->line : 0;
	ai.decision = d.verdict == V_ALLOW ? "permit" : "deny";
	ai.path = d.tool ? d.tool->path : NULL;

	/* 6. Audit the decision; a refusal ends here. */
	if (cli.mode == MODE_DRYRUN) {
		(void)audit_event("check", NULL, NULL); /* a dry run is recorded, never run */
		explain(&pol, &d, &tgt, &view, cli.tool, cli.nargs, cli.args);
		return verdict_status(&d);
	}
	if (d.verdict != V_ALLOW || !d.tool || !d.rule) {
		(void)audit_event("deny", NULL, d.why);
		set_die_hook(NULL); /* the deny record is the record */
		die(verdict_status(&d), "denied: %s", d.why);
	}
	toolfd = exec_open_tool(d.tool);     /* root-owned path, optional sha256 pin */
	exec_path = sandbox_map_exec_path(); /* needs CAP_SYS_RAWIO: makes the exec one-shot */

	/* 7. Only what setns and step 9 need; then enter the target's netns, nothing else. */
	privs_reduce_for_setns(d.tool->caps);
	if (setns(tgt.pin.nsfd, CLONE_NEWNET) != 0)
		pdie(EXIT_FAIL, "setns into the target's network namespace");
	privs_drop_sysadmin(d.tool->caps);
	netns_unpin(&tgt.pin); /* the tool must not inherit the pidfd or netns fd */
	(void)audit_event("start", NULL, NULL); /* dies unless the record was written whole */

	/* 8. Fork: this process supervises with no capabilities; the child becomes the tool. */
	if (supervise_fork(&sup) == 0) {
		/* 9. The child: the caller for good, the tool's caps only, limits, nnp, seccomp. */
		supervise_child_setup(&sup); /* failures reach the supervisor's end record */
		privs_become_caller(sub.uid, sub.gid, groups, ngroups, d.tool->caps);
		supervise_child_bind(&sup); /* the tool dies with its supervisor */
		signals_for_tool();	    /* default dispositions, as the tool expects */
		limits_for_tool(&lim, d.rule->max_bytes);
		exec_place_fd(toolfd); /* the only fd execveat may use, unreachable after exec */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) /* no gain through exec, ever */
			pdie(EXIT_FAIL, "PR_SET_NO_NEW_PRIVS");
		sandbox_load(d.tool->seccomp, exec_path); /* last: nothing after it but the exec */
		/* 10. The tool, from the verified fd, with the built env and the checked argv. */
		exec_tool(d.tool->name, cli.args, cli.nargs, env, exec_path);
		pdie(EXIT_FAIL, "executing %s", d.tool->path);
	}
	if (close(toolfd) != 0) /* the tool's binary is the child's business */
		pdie(EXIT_FAIL, "close");
	sandbox_unmap_exec_path(exec_path);
	privs_supervisor(sub.uid); /* no capability; the caller cannot signal or trace us */
	supervise_wait(&sup, d.rule->max_time, &out);
	outcome_output(&out, toolargs_value(d.tool, cli.nargs, cli.args, d.tool->output));
	if (out.timed_out)
		warnx_("%s stopped at its time limit of %llds", d.tool->name, d.rule->max_time);
	if (audit_event("end", &out, NULL) != 0) /* an incomplete trail is a failure */
		die(EXIT_FAIL,
		    "the tool ended but its end record could not be written to the audit "
		    "log");
	return outcome_status(&out);
}

/* -C FILE [TARGET TOOL ARGS]: parse as the caller; with a target, the decision it would make. */
static int run_check(const struct cli *c, const struct subject *sub)
{
	struct policy pol;
	struct target_id v;
	struct decision d;
	char buf[600];

	policy_load_untrusted(c->check_file, &pol);
	printf("%s: ok\n", c->check_file);
	if (!c->target)
		return 0;
	target_id_from_spec(c->target, buf, sizeof(buf), &v);
	policy_decide(&pol, sub, &v, c->tool, c->nargs, c->args, &d);
	explain(&pol, &d, NULL, &v, c->tool, c->nargs, c->args);
	return verdict_status(&d);
}
