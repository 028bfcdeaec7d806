/* SPDX-License-Identifier: ISC */
/* nscap: run one approved network tool in one container's network namespace.
 * This file is the privilege flow of docs/DESIGN.md ("Privilege flow"), one checked step
 * per line, in order. */
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
#include "bounds.h"
#include "cache.h"
#include "check.h"
#include "cli.h"
#include "exec.h"
#include "explain.h"
#include "human.h"
#include "list.h"
#include "netns.h"
#include "policy_load.h"
#include "privs.h"
#include "sandbox.h"
#include "sanitize.h"
#include "sharing.h"
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

#ifndef NSCAP_GROUP
#define NSCAP_GROUP "nscap"
#endif

#define MAX_GROUPS 65536

/* One more than the kernel allows: the tool also keeps the caller's primary group. */
static gid_t groups[MAX_GROUPS + 1];

/* What every record says, filled in as nscap learns it; failures are recorded from here. */
static struct audit_facts facts;

static void record_failure(const char *msg)
{
	(void)audit_write(AUDIT_ERROR, &facts, NULL, msg);
}

int main(int argc, char **argv, char **envp)
{
	static char *env[ENV_MAX + 1];
	/* Static, not on a stack whose limit the caller sets (main runs once). */
	static struct caller_limits lim;
	static struct subject sub;
	static struct policy pol;
	static struct cli cli;
	static struct target tgt;
	static struct asker asker;
	static struct target_id view;
	static struct decision d;
	static struct supervisor sup;
	static struct outcome out;
	static struct effective eff;
	struct passwd *pw;
	const char *usage;
	char err[256];
	unsigned long exec_path;
	const char *output;
	gid_t tool_gid;
	int toolfd, ngroups;

	/* 1. Take the process over from the caller before anything can use what they left. */
	sanitize_limits(&lim); /* first: every limit nscap's own, the caller's kept for the tool */
	sanitize_fds();	       /* fds 0-2 valid (stderr for messages), every other fd closed */
	if (argc < 1 || !argv[0])
		die(EXIT_FAIL, "refusing to run with an empty argv"); /* argc == 0 exec (PwnKit) */
	sanitize_signals();		  /* default actions; terminal signals held for the tool */
	sanitize_umask(&lim);		  /* 077 for us; the caller's kept for the tool */
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
	usage = cli_parse(argc, argv, &cli);
	sub.reason = cli.reason;
	if (!usage &&
	    (cli.mode == MODE_HELP || cli.mode == MODE_VERSION || cli.mode == MODE_CHECK)) {
		/* These read only what the caller could: do it as the caller. Root keeps its
		 * reach, so that -C reads a live target's record as -n does. */
		if (cli.mode != MODE_CHECK || sub.uid != 0)
			privs_drop_all(sub.uid, sub.gid, groups, ngroups);
		if (cli.mode == MODE_CHECK)
			return check_run(&cli, &sub);
		if (cli.mode == MODE_HELP)
			cli_usage();
		else
			cli_version(NSCAP_VERSION, NSCAP_POLICY, audit_log_path(), NSCAP_GROUP,
				    cache_dir());
		return 0;
	}

	/* 6 (early). Audit sinks open first, so every attempt leaves a record, even a typo. */
	pw = getpwuid(sub.uid);
	facts.uid = sub.uid;
	facts.user = pw ? xstrdup(pw->pw_name) : NULL;
	facts.gid = sub.gid;
	facts.groups = groups;
	facts.ngroups = ngroups;
	facts.target_spec = cli.target;
	facts.tool = cli.tool;
	facts.argc = usage ? argc - 1 : cli.nargs; /* a bad command line is recorded as given */
	facts.argv = usage ? argv + 1 : cli.args;
	facts.reason = cli.reason;
	audit_init(&facts);
	audit_open();
	set_die_hook(record_failure);
	if (usage)
		die(EXIT_FAIL, "%s", usage);

	/* 3. The policy: compiled-in path, trusted all the way up, parsed strictly. */
	policy_load(NSCAP_POLICY, &pol);

	/* 4. The target, pinned: pidfd, identity, netns fd, pidfd still alive. */
	if (netns_host_init(err, sizeof(err)) != 0) /* only `host` rules may enter it */
		die(EXIT_FAIL, "cannot identify the host's network namespace: %s", err);
	facts.host = netns_host_anchor();
	if (cli.mode == MODE_LIST) {
		(void)audit_write(AUDIT_LIST, &facts, NULL,
				  NULL); /* what exists is worth a record */
		output_deadline(30);	 /* a stdout nobody reads cannot keep us */
		list_targets(&pol, &sub, cli.json, cli.target);
		return 0;
	}
	asker = (struct asker){&pol, &sub, sub.uid == 0};
	if (!asker.all && !policy_names(&pol, &sub)) { /* they learn nothing but "denied" */
		facts.decision = "deny";
		(void)audit_write(AUDIT_DENY, &facts, NULL, "no rule names this user");
		set_die_hook(NULL);
		die(EXIT_DENIED, "denied: no rule of %s applies to you", pol.file);
	}
	target_resolve(cli.target, pol.state_root, &asker, &tgt);
	facts.target = &tgt;

	/* 5. The decision: a pure function of who, what, where and how. */
	target_view(&tgt, &view);
	policy_decide(&pol, &sub, &view, cli.tool, cli.nargs, cli.args, &d);
	facts.rule_file = pol.file;
	facts.rule_line = d.rule ? d.rule->line : 0;
	facts.decision = d.verdict == V_ALLOW ? "permit" : "deny";
	facts.path = d.tool ? d.tool->path : NULL;

	/* 6. Audit the decision; a refusal ends here. */
	if (cli.mode == MODE_DRYRUN) {
		int full = asker.all || d.verdict == V_ALLOW; /* a refused caller: the rule only */

		(void)audit_write(AUDIT_CHECK, &facts, NULL, NULL); /* recorded, never run */
		output_deadline(30);
		(cli.json ? explain_json : explain)(&pol, &d, &tgt, &view, cli.tool, cli.nargs,
						    cli.args, full);
		if (full && !cli.json) /* a rule names a container; the tool enters its netns */
			sharing_warn(&asker, &tgt, cli.tool);
		return verdict_status(&d);
	}
	if (d.verdict != V_ALLOW || !d.tool || !d.rule) {
		(void)audit_write(AUDIT_DENY, &facts, NULL, d.why); /* dies unless written */
		set_die_hook(NULL); /* the deny record is the record */
		die(verdict_status(&d), "denied: %s", d.why);
	}
	/* The argv the tool runs with: the rule's bounds added, as the decision just checked. */
	if (bounds_apply(&d.rule->bounds, d.tool, cli.nargs, cli.args, &eff, d.why,
			 sizeof(d.why)) != 0)
		die(EXIT_FAIL, "%s", d.why);
	facts.bounds = bounds_any(&d.rule->bounds) ? &d.rule->bounds : NULL;
	facts.eff_argc = eff.argc;
	facts.eff_argv = eff.argv;
	/* A group no process of the caller's has: they cannot ptrace or prlimit the tool. */
	tool_gid = privs_tool_group(NSCAP_GROUP, sub.uid, sub.gid, groups, ngroups);
	toolfd = exec_open_tool(d.tool);     /* root-owned path, optional sha256 pin */
	exec_path = sandbox_map_exec_path(); /* needs CAP_SYS_RAWIO: makes the exec one-shot */

	/* 7. Only what setns and step 9 need; then enter the target's netns, nothing else. */
	privs_reduce_for_setns(d.tool->caps);
	if (setns(tgt.pin.nsfd, CLONE_NEWNET) != 0)
		pdie(EXIT_FAIL, "setns into the target's network namespace");
	privs_drop_sysadmin(d.tool->caps);
	netns_unpin(&tgt.pin); /* the tool must not inherit the pidfd or netns fd */
	(void)audit_write(AUDIT_START, &facts, NULL, NULL); /* whole, with room for its end */
	if (!cli.quiet) /* one line: what runs where, its limits, the session (bounded) */
		banner(&tgt, view.host, d.tool, d.rule, facts.session);

	/* 8. Fork: this process supervises with no capabilities; the child becomes the tool. */
	output = toolargs_value(d.tool, eff.argc, eff.argv, d.tool->output); /* for the record */
	if (supervise_fork(&sup, d.rule->max_bytes, output) == 0) {
		/* 9. The child: the caller for good, the tool's caps only, limits, nnp, seccomp. */
		supervise_child_setup(&sup); /* failures reach the supervisor's end record */
		privs_become_caller(sub.uid, sub.gid, tool_gid, groups, ngroups, d.tool->caps);
		supervise_child_bind(&sup); /* the tool dies with its supervisor */
		signals_for_tool();	    /* default dispositions, as the tool expects */
		exec_place_fd(toolfd); /* the only fd execveat may use, unreachable after exec */
		limits_for_tool(&lim, d.rule->max_bytes); /* the caller's, bounded by the rule */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) /* no gain through exec, ever */
			pdie(EXIT_FAIL, "PR_SET_NO_NEW_PRIVS");
		supervise_child_budget(&sup);		  /* max-bytes: each file write counted */
		sandbox_load(d.tool->seccomp, exec_path); /* last: nothing after it but the exec */
		/* 10. The tool, from the verified fd, with the built env and the checked argv. */
		exec_tool(d.tool->name, eff.argv, eff.argc, env, exec_path);
		pdie(EXIT_FAIL, "executing %s", d.tool->path);
	}
	if (close(toolfd) != 0) /* the tool's binary is the child's business */
		pdie(EXIT_FAIL, "close");
	sandbox_unmap_exec_path(exec_path);
	privs_supervisor(sub.uid); /* no capability; the caller cannot signal or trace us */
	supervise_start(&sup);	   /* the accountant: the caller's streams and files */
	supervise_wait(&sup, d.rule->max_time, &out);
	if (audit_write(AUDIT_END, &facts, &out, NULL) != 0) /* an incomplete trail fails */
		die(EXIT_FAIL,
		    "the tool ended but its end record could not be written to the audit "
		    "log");
	/* Only now, and bounded: stderr is the caller's and may block. */
	if (out.over_budget)
		warnx_("%s stopped: it wrote its budget of %lld bytes (max-bytes)", d.tool->name,
		       d.rule->max_bytes);
	else if (out.timed_out)
		warnx_("%s stopped at its time limit of %llds", d.tool->name, d.rule->max_time);
	return outcome_status(&out);
}
