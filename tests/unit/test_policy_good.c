/* SPDX-License-Identifier: ISC */
/* Unit tests for policy_parse (policy.c): policies it must accept, and the model it builds. */
#include "t_policy.h"

static const char good_policy[] =
	"# nscap policy used by the unit tests\n"				      /* 1 */
	"version 1\n"								      /* 2 */
	"state-root /srv/nscap-state\n"						      /* 3 */
	"\n"									      /* 4 */
	"tool tcpdump {\n"							      /* 5 */
	"\tpath /usr/bin/tcpdump\n"						      /* 6 */
	"\tsha256 " SHA_HEX "\n"						      /* 7 */
	"\tcaps net_raw,net_admin\n"						      /* 8 */
	"\toptions \"ADeflLnNpqStuUvxX#c:i:s:B:w:C:W:y:E:F:j:T:\"   # getopt\n"	      /* 9 */
	"\tlong immediate-mode count: interface:\n"				      /* 10 */
	"\toperands any\n"							      /* 11 */
	"}\n"									      /* 12 */
	"tool ss {\n"								      /* 13 */
	"\tpath /usr/bin/ss\n"							      /* 14 */
	"\tcaps none\n"								      /* 15 */
	"\toptions tuanpl\n"							      /* 16 */
	"\toperands none\n"							      /* 17 */
	"}\n"									      /* 18 */
	"tool ip {\n"								      /* 19 */
	"\tpath /usr/sbin/ip\n"							      /* 20 */
	"\tcaps net_admin\n"							      /* 21 */
	"}\n"									      /* 22 */
	"permit group:root on pod:prod/* run tcpdump,ss max-time 15m max-bytes 2G\n"  /* 23 */
	"permit user:root on container:web-*,runtime:docker run ss reason required\n" /* 24 */
	"deny   gid:0 on pod:kube-system/*\n"					      /* 25 */
	"permit uid:0 on host run any max-time 30s max-bytes 512K   # root\n"	      /* 26 */
	"permit any on any run ip max-time 2h max-bytes 100M\n"			      /* 27 */
	"deny uid:4294967294 on host,any,pod:a/b/c run ip,ss\n";		      /* 28 */

static void test_good_model(void)
{
	struct parsed p;
	const struct policy *pol;
	const struct tool *t;
	const struct rule *r;
	static const unsigned char sha[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};

	parse(&p, good_policy);
	pol = &p.pol;
	T_EQ_INT("good-policy-no-errors", p.nerr, 0);
	T_EQ_STR("good-policy-no-error-text", p.errs, "");
	T_EQ_STR("good-policy-file", pol->file, "p");
	T_EQ_STR("good-policy-state-root", pol->state_root, "/srv/nscap-state");
	T_EQ_INT("good-policy-ntools", pol->ntools, 3);
	T_EQ_INT("good-policy-nrules", pol->nrules, 6);
	if (p.nerr != 0 || pol->ntools != 3 || pol->nrules != 6) {
		printf("# %s", p.errs);
		done(&p);
		return;
	}

	t = &pol->tools[0];
	T_EQ_STR("tool-tcpdump-name", t->name, "tcpdump");
	T_EQ_STR("tool-tcpdump-path", t->path, "/usr/bin/tcpdump");
	T_EQ_INT("tool-tcpdump-line", t->line, 5);
	T_EQ_INT("tool-tcpdump-caps-raw-admin", t->caps, TOOLCAP_NET_RAW | TOOLCAP_NET_ADMIN);
	T_EQ_INT("toolcap-net-raw-is-bit-13", TOOLCAP_NET_RAW, 1ULL << 13);
	T_EQ_INT("toolcap-net-admin-is-bit-12", TOOLCAP_NET_ADMIN, 1ULL << 12);
	T_EQ_STR("tool-tcpdump-options-quoted-hash", t->options,
		 "ADeflLnNpqStuUvxX#c:i:s:B:w:C:W:y:E:F:j:T:");
	T_EQ_INT("tool-tcpdump-nlong", t->nlong, 3);
	if (t->nlong == 3) {
		T_EQ_STR("tool-tcpdump-long-0-flag", t->longs[0], "immediate-mode");
		T_EQ_STR("tool-tcpdump-long-1-value", t->longs[1], "count:");
		T_EQ_STR("tool-tcpdump-long-2-value", t->longs[2], "interface:");
	}
	T_EQ_INT("tool-tcpdump-operands-any", t->operands_any, 1);
	T_EQ_INT("tool-tcpdump-has-sha256", t->has_sha256, 1);
	T_CHECK("tool-tcpdump-sha256-bytes", memcmp(t->sha256, sha, 32) == 0);

	t = &pol->tools[1];
	T_EQ_STR("tool-ss-name", t->name, "ss");
	T_EQ_INT("tool-ss-caps-none", t->caps, 0);
	T_EQ_STR("tool-ss-options", t->options, "tuanpl");
	T_EQ_INT("tool-ss-nlong", t->nlong, 0);
	T_EQ_INT("tool-ss-operands-none", t->operands_any, 0);
	T_EQ_INT("tool-ss-no-sha256", t->has_sha256, 0);

	t = &pol->tools[2];
	T_EQ_STR("tool-ip-name", t->name, "ip");
	T_EQ_INT("tool-ip-caps-admin-only", t->caps, TOOLCAP_NET_ADMIN);
	T_EQ_STR("tool-ip-no-options-is-empty-string", t->options, "");
	T_EQ_INT("tool-ip-operands-default-none", t->operands_any, 0);

	T_CHECK("policy-tool-finds-ss", policy_tool(pol, "ss") == &pol->tools[1]);
	T_CHECK("policy-tool-unknown-null", policy_tool(pol, "nmap") == NULL);
	T_CHECK("policy-tool-is-case-sensitive", policy_tool(pol, "SS") == NULL);

	r = &pol->rules[0];
	T_EQ_INT("rule0-permit", r->permit, 1);
	T_EQ_INT("rule0-line", r->line, 23);
	T_EQ_INT("rule0-group-root-is-gid", r->who.kind, WHO_GID);
	T_EQ_INT("rule0-group-root-is-0", r->who.id, 0);
	T_EQ_INT("rule0-ntargets", r->ntargets, 1);
	T_EQ_INT("rule0-target-pod-kind", r->targets[0].kind, PAT_POD);
	T_EQ_STR("rule0-target-pod-pattern", r->targets[0].pat, "prod/*");
	T_EQ_INT("rule0-ntools", r->ntools, 2);
	T_EQ_INT("rule0-not-any-tool", r->any_tool, 0);
	if (r->ntools == 2) {
		T_EQ_STR("rule0-tool0", r->tools[0], "tcpdump");
		T_EQ_STR("rule0-tool1", r->tools[1], "ss");
	}
	T_EQ_INT("rule0-max-time-15m", r->max_time, 900);
	T_EQ_INT("rule0-max-bytes-2G-binary", r->max_bytes, 2LL << 30);
	T_EQ_INT("rule0-no-reason", r->reason_required, 0);

	r = &pol->rules[1];
	T_EQ_INT("rule1-line", r->line, 24);
	T_EQ_INT("rule1-user-root-is-uid", r->who.kind, WHO_UID);
	T_EQ_INT("rule1-user-root-is-0", r->who.id, 0);
	T_EQ_INT("rule1-ntargets", r->ntargets, 2);
	T_EQ_INT("rule1-target0-container", r->targets[0].kind, PAT_CONTAINER);
	T_EQ_STR("rule1-target0-pattern", r->targets[0].pat, "web-*");
	T_EQ_INT("rule1-target1-runtime", r->targets[1].kind, PAT_RUNTIME);
	T_EQ_STR("rule1-target1-runtime-name", r->targets[1].pat, "docker");
	T_EQ_INT("rule1-reason-required", r->reason_required, 1);
	T_EQ_INT("rule1-no-max-time", r->max_time, 0);
	T_EQ_INT("rule1-no-max-bytes", r->max_bytes, 0);

	r = &pol->rules[2];
	T_EQ_INT("rule2-deny", r->permit, 0);
	T_EQ_INT("rule2-gid", r->who.kind, WHO_GID);
	T_EQ_INT("rule2-deny-without-run-is-any-tool", r->any_tool, 1);
	T_CHECK("rule2-deny-without-run-has-no-tool-list", r->tools == NULL && r->ntools == 0);
	T_EQ_STR("rule2-target-pattern", r->targets[0].pat, "kube-system/*");

	r = &pol->rules[3];
	T_EQ_INT("rule3-uid-0", r->who.id, 0);
	T_EQ_INT("rule3-uid-kind", r->who.kind, WHO_UID);
	T_EQ_INT("rule3-host-target", r->targets[0].kind, PAT_HOST);
	T_EQ_INT("rule3-run-any", r->any_tool, 1);
	T_EQ_INT("rule3-max-time-30s", r->max_time, 30);
	T_EQ_INT("rule3-max-bytes-512K", r->max_bytes, 512 * 1024);

	r = &pol->rules[4];
	T_EQ_INT("rule4-who-any", r->who.kind, WHO_ANY);
	T_EQ_INT("rule4-target-any", r->targets[0].kind, PAT_ANY);
	T_EQ_INT("rule4-max-time-2h", r->max_time, 7200);
	T_EQ_INT("rule4-max-bytes-100M", r->max_bytes, 100LL << 20);

	r = &pol->rules[5];
	T_EQ_INT("rule5-uid-max-allowed", r->who.id, 4294967294U);
	T_EQ_INT("rule5-ntargets", r->ntargets, 3);
	T_EQ_INT("rule5-target-host", r->targets[0].kind, PAT_HOST);
	T_EQ_INT("rule5-target-any", r->targets[1].kind, PAT_ANY);
	T_EQ_INT("rule5-target-pod-3-parts", r->targets[2].kind, PAT_POD);
	T_EQ_STR("rule5-target-pod-3-parts-pattern", r->targets[2].pat, "a/b/c");
	T_EQ_INT("rule5-deny-with-run-lists-tools", r->ntools, 2);
	T_EQ_INT("rule5-deny-with-run-not-any", r->any_tool, 0);
	done(&p);
}

static void test_good_small(void)
{
	struct parsed p;

	parse(&p, "version 1\n");
	T_EQ_INT("minimal-policy-parses", p.nerr, 0);
	T_EQ_STR("minimal-policy-default-state-root", p.pol.state_root, "/");
	T_EQ_INT("minimal-policy-no-rules", p.pol.nrules, 0);
	done(&p);

	parse(&p, "version 1");
	T_EQ_INT("no-trailing-newline-parses", p.nerr, 0);
	done(&p);

	good("comments-blank-lines-tabs", "# head\n\n   \t\nversion 1   # trailing comment\n#x\n");
	good("comment-after-a-blank", "version 1 #comment\n");
	good("quoted-word-with-spaces-and-hash",
	     "version 1\ntool t {\npath \"/opt/my tools/t#1\"\n}\n");
	good("max-time-7-days-is-the-limit", "version 1\npermit any on host run any max-time 168h\n"
					     "permit any on host run any max-time 604800s\npermit "
					     "any on host run any max-time 10080m\n");
	good("max-bytes-1T-is-the-limit", "version 1\npermit any on host run any max-bytes 1024G\n"
					  "permit any on host run any max-bytes 1073741824K\n");
	good("all-runtimes",
	     "version 1\npermit any on runtime:docker,runtime:containerd,runtime:cri-o,"
	     "runtime:podman,runtime:runc run any\n");
	good("gid-and-uid-zero",
	     "version 1\npermit gid:0 on any run any\npermit uid:0 on any run any\n");
	good("options-single-value-letters",
	     "version 1\ntool t {\npath /bin/t\noptions a:b:c\n}\n");
	good("caps-admin-raw-order",
	     "version 1\ntool t {\npath /bin/t\ncaps net_admin,net_raw\n}\n");

	parse(&p, "version 1\npermit any on host run any max-time 168h max-bytes 1024G\n");
	T_EQ_INT("max-time-168h-seconds", p.pol.rules[0].max_time, 604800);
	T_EQ_INT("max-bytes-1024G-bytes", p.pol.rules[0].max_bytes, 1LL << 40);
	done(&p);

	parse(&p, "version 1\ntool t {\npath /bin/t\n}\ndeny any on any run t\n");
	T_EQ_INT("deny-with-run-one-tool-count", p.pol.rules[0].ntools, 1);
	T_EQ_INT("deny-with-run-one-tool-not-any", p.pol.rules[0].any_tool, 0);
	done(&p);

	parse(&p, "version 1\ntool ip {\npath /bin/ip\nstyle ip-words\nlong Numeric 4 family: "
		  "statistics\n}\ntool t {\npath /bin/t\nstyle getopt\nlong Upper\n}\n");
	T_EQ_INT("style-ip-words-parses", p.nerr, 0);
	T_EQ_INT("style-ip-words-set", p.pol.tools[0].style, STYLE_IP_WORDS);
	T_EQ_INT("style-getopt-set", p.pol.tools[1].style, STYLE_GETOPT);
	T_EQ_STR("style-ip-words-long-upper-case", p.pol.tools[0].longs[0], "Numeric");
	done(&p);

	parse(&p, "version 1\nstate-root /x\n");
	T_EQ_STR("state-root-set", p.pol.state_root, "/x");
	done(&p);

	/* Exactly POLICY_MAX_LINE - 1 bytes is still a line. */
	{
		char text[POLICY_MAX_LINE + 32];
		size_t n = (size_t)snprintf(text, sizeof(text), "version 1\n#");

		memset(text + n, 'x', POLICY_MAX_LINE - 2);
		n += POLICY_MAX_LINE - 2;
		text[n++] = '\n';
		text[n] = '\0';
		good("line-of-4095-bytes-ok", text);
		/* One more byte is too long. */
		memmove(text + n, "\0", 1);
		text[n - 1] = 'x';
		text[n] = '\n';
		text[n + 1] = '\0';
		bad("line-of-4096-bytes-too-long", text, "p:2:1: line longer than 4095 bytes\n");
	}
}

int main(void)
{
	test_good_model();
	test_good_small();
	return t_done();
}
