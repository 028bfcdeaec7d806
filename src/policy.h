/* SPDX-License-Identifier: ISC */
/* The policy: its data model, the strict parser and the decision (docs/DESIGN.md,
 * "Policy language"). */
#ifndef NSCAP_POLICY_H
#define NSCAP_POLICY_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define POLICY_MAX_BYTES (1 << 20)
#define POLICY_MAX_LINE 4096
#define POLICY_MAX_WORD 1024
#define POLICY_MAX_TOOLS 256
#define POLICY_MAX_RULES 4096
#define POLICY_MAX_ERRORS 50

/* Capability bits a tool may hold: CAP_NET_ADMIN (12) and CAP_NET_RAW (13). */
#define TOOLCAP_NET_ADMIN (1ULL << 12)
#define TOOLCAP_NET_RAW (1ULL << 13)

/* What a rule may bound in a capture (docs/DESIGN.md, "Restricted captures"). */
#define BOUND_KINDS(X) X(SNAPLEN, snaplen) X(FILTER, filter) X(INTERFACES, interfaces)
enum bound_kind {
#define BOUND_ENUM(up, low) BOUND_##up,
	BOUND_KINDS(BOUND_ENUM)
#undef BOUND_ENUM
		NBOUNDS
};
#define BOUND_MAX_OPTS 4
#define BOUND_MAX_SNAPLEN 262144 /* tcpdump's and libpcap's largest */
#define BOUND_MAX_IFNAME 15	 /* IFNAMSIZ less its NUL */

/* How a tool's profile carries one bound: the options that set it, "-s" or "--snapshot-length"
 * (nscap adds the first), or for a filter the operands; refuse: options that would replace
 * it. line 0: the profile cannot carry this bound. */
struct carrier {
	int line, col;
	char *opts[BOUND_MAX_OPTS];
	int nopts;
	char *refuse[BOUND_MAX_OPTS];
	int nrefuse;
};

/* A rule's bounds; each is off when 0/NULL. */
struct bounds {
	long long snaplen;
	char *filter;
	char **ifaces; /* globs; "any" only literally */
	int nifaces;
	int col[NBOUNDS]; /* where each was written; 0: not given */
};

struct tool {
	char *name;
	char *path;
	int line;
	uint64_t caps;
	int style;     /* enum option_style: how the tool reads its argv */
	char *options; /* getopt letters; "x:" takes a value */
	char **longs;  /* exact long names (ip-words: ip's option words); "name:" takes a value */
	int nlong;
	int operands_any;
	int seccomp; /* enum seccomp_profile */
	char output; /* short option whose value is an output file (its size is audited), or 0 */
	int has_sha256;
	unsigned char sha256[32];
	/* Where the values were written, for -C's warnings (column 0: not given). */
	int path_line, path_col, options_line, options_col, long_line;
	int *long_cols;
	struct carrier carry[NBOUNDS];
};

/* How a tool reads its options: GNU getopt_long, or ip's prefix-matched words (toolargs_ip.c). */
enum option_style { STYLE_GETOPT, STYLE_IP_WORDS };

/* Seccomp profiles a tool block may name, listed once: each adds to the default deny list
 * (gen/seccomp_gen.c says what). capture: packet, netlink and inet datagram sockets, no
 * connect() or sending; netlink: netlink sockets alone. */
#define SECCOMP_PROFILES(X) X(DEFAULT, default) X(CAPTURE, capture) X(NETLINK, netlink)

enum seccomp_profile {
#define SECCOMP_ENUM(up, low) SECCOMP_##up,
	SECCOMP_PROFILES(SECCOMP_ENUM)
#undef SECCOMP_ENUM
};

enum who_kind { WHO_ANY, WHO_UID, WHO_GID };

struct who {
	enum who_kind kind;
	unsigned id;
};

enum pat_kind { PAT_ANY, PAT_HOST, PAT_CONTAINER, PAT_POD, PAT_RUNTIME };

struct pod_ref;

struct tpat {
	enum pat_kind kind;
	char *pat;	     /* glob for container:/pod:, exact for runtime: */
	struct pod_ref *pod; /* pod: the pattern split (identity.h) */
	int col;
};

struct rule {
	int permit;
	int line;
	struct who who;
	struct tpat *targets;
	int ntargets;
	char **tools; /* NULL with any_tool */
	int ntools;
	int any_tool;
	long long max_time;  /* seconds; 0 means no limit */
	long long max_bytes; /* 0 means no limit */
	int reason_required;
	struct bounds bounds;
	int col, who_col, run_col; /* where its keyword, WHO and TOOLS were written */
};

struct policy {
	char *file;
	char *state_root;
	int state_root_line, state_root_col; /* 0 when the default */
	struct tool *tools;
	int ntools;
	struct rule *rules;
	int nrules;
	size_t tools_cap, rules_cap; /* grown as the file goes: most policies are a few lines */
};

/* Parse text (len bytes, may hold NULs: they are errors). Every error is printed to errs as
 * "file:line:col: message"; returns the number of errors (0: pol is complete). */
int policy_parse(const char *file, const char *text, size_t len, struct policy *pol, FILE *errs);
void policy_free(struct policy *pol);

const struct tool *policy_tool(const struct policy *pol, const char *name);

/* Who is asking and for what, as the decision sees it. */
struct subject {
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	int ngroups;
	const char *reason; /* NULL when -r was not given */
};

struct target_id {
	int host; /* the host network namespace: only `host` rules match */
	const char *runtime;
	const char *id;
	const char *name;
	const char *pod_ns, *pod_name, *pod_container; /* NULL outside Kubernetes */
};

enum verdict { V_ALLOW, V_DENY, V_NOTOOL };

#define DECISION_MAX_MATCHED 32

struct decision {
	enum verdict verdict;
	const struct rule *rule; /* the last matching rule, or NULL */
	const struct tool *tool;
	char why[512];
	/* Every rule that matched, in order (the last decides): "why" for -n, -C and cases. */
	const struct rule *matched[DECISION_MAX_MATCHED];
	int nmatched;	   /* may be more than the array holds */
	int bound_refused; /* the rule permits the tool; a bound refused these arguments */
};

/* The runtimes a runtime: pattern may name. */
int policy_runtime_known(const char *name);

/* The last rule that matches (the one that decides), or NULL. */
const struct rule *policy_rule_for(const struct policy *pol, const struct subject *sub,
				   const struct target_id *t, const char *tool);
/* Every rule that matches, in order (the last decides), at most max into out; how many match. */
int policy_matching(const struct policy *pol, const struct subject *sub, const struct target_id *t,
		    const char *tool, const struct rule **out, int max);
/* Would some tool be permitted on t (arguments and reason aside)? What may be disclosed about a
 * target to its caller follows from this. */
int policy_may_enter(const struct policy *pol, const struct subject *sub,
		     const struct target_id *t);
/* Does any rule name this caller at all? */
int policy_names(const struct policy *pol, const struct subject *sub);

/* The decision: a pure function of its arguments. */
void policy_decide(const struct policy *pol, const struct subject *sub, const struct target_id *t,
		   const char *tool, int argc, char *const argv[], struct decision *d);

/* Glob with '*' and '?' only; no recursion. */
int glob_match(const char *pat, const char *s);

#endif
