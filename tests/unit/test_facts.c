/* SPDX-License-Identifier: ISC */
/* Unit tests for facts.c (a target written as facts, or a spelling at face value) and for how
 * the decision matches such a target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "t.h"
#include "t_policy.h"

static char desc[1200];

/* The description of s as read by how (facts_parse or facts_from_spelling), or why not. */
static const char *described(const char *(*how)(const char *, struct facts *), const char *s)
{
	static struct facts f;
	const char *why = how(s, &f);

	if (why)
		return why;
	target_id_describe(&f.v, desc, sizeof(desc));
	return desc;
}

static const char *parse_desc(const char *s)
{
	return described(facts_parse, s);
}

static const char *spelled_desc(const char *s)
{
	return described(facts_from_spelling, s);
}

static void written(void)
{
	T_CHECK("written-facts", facts_written("pod:a/b") && facts_written("container:x") &&
					 facts_written("host&runtime:runc"));
	T_CHECK("written-spellings", !facts_written("a/b") && !facts_written("web-1") &&
					     !facts_written("host") && !facts_written("pid:42"));
	T_EQ_STR("facts-pod-runtime", parse_desc("pod:shop/web/envoy&runtime:containerd"),
		 "container (pod shop/web/envoy, runtime containerd)");
	T_EQ_STR("facts-whole-pod", parse_desc("pod:shop/web"), "pod shop/web");
	T_EQ_STR("facts-id-name", parse_desc("id:3f2a9c1b&container:web-1"),
		 "container (id 3f2a9c1b, name web-1)");
	T_EQ_STR("facts-host", parse_desc("host"), "host");
	T_EQ_STR("facts-host-pod", parse_desc("host&pod:kube-system/proxy/kube-proxy"),
		 "host (pod kube-system/proxy/kube-proxy)");
	T_EQ_STR("facts-runtime-only", parse_desc("runtime:podman"), "container (runtime podman)");
	T_EQ_STR("facts-glob-refused", parse_desc("pod:shop/*"),
		 "'pod:shop/*': a blank, control character, '*' or '?' (a case names one target)");
	T_EQ_STR("facts-twice", parse_desc("runtime:runc&runtime:crun"),
		 "'runtime:crun': a fact given twice");
	T_EQ_STR("facts-unknown-kind", parse_desc("name:web"),
		 "'name:web': expected host, pod:NS/POD[/CONTAINER], container:NAME, id:ID or "
		 "runtime:R");
	T_EQ_STR("facts-unknown-runtime", parse_desc("runtime:lxc"),
		 "'runtime:lxc': unknown runtime");
	T_EQ_STR("facts-bad-pod", parse_desc("pod:shop"), "'pod:shop': not NAMESPACE/POD");
	T_EQ_STR("facts-bad-id", parse_desc("id:a/b"), "'id:a/b': not a container ID");
	T_EQ_STR("facts-empty", parse_desc("host&&runtime:runc"),
		 "an empty fact (write facts joined by '&')");
	T_EQ_STR("facts-trailing", parse_desc("host&"),
		 "an empty fact (write facts joined by '&')");
}

static void spelled(void)
{
	T_EQ_STR("spelled-pod", spelled_desc("shop/web"), "pod shop/web");
	T_EQ_STR("spelled-container", spelled_desc("shop/web/envoy"),
		 "container (pod shop/web/envoy)");
	T_EQ_STR("spelled-name", spelled_desc("web-1"), "container web-1 (its ID or name)");
	T_EQ_STR("spelled-host", spelled_desc("host"), "host");
	T_CHECK("spelled-pid-needs-live", strstr(spelled_desc("pid:42"), "runtime state") != NULL);
	T_EQ_STR("spelled-bad-pod", spelled_desc("a//b"), "an empty part");
}

/* The decision on facts: what is not written is not there; an unwritten ID is "", which `any`
 * matches (every container has one) and container:web-* does not. */
static void decided(void)
{
	struct parsed p;
	struct subject sub = {1000, 1000, NULL, 0, NULL};
	struct facts f;
	struct decision d;
	static const struct {
		const char *target;
		int line; /* the deciding rule, 0 none */
	} cases[] = {
		{"pod:shop/web/envoy", 6},     {"pod:shop/web", 5},
		{"container:web-1", 6},	       {"id:web-7", 6},
		{"runtime:docker", 5},	       {"host", 7},
		{"pod:kube-system/dns", 8},    {"host&pod:shop/web", 7},
		{"pod:x/y&runtime:docker", 5},
	};

	parse(&p, "version 1\ntool ss {\npath /usr/bin/ss\n}\n"
		  "permit uid:1000 on pod:shop/*,runtime:docker,any run ss max-time 1m\n" /* 5 */
		  "deny uid:1000 on container:web-*,pod:shop/web/envoy\n"		  /* 6 */
		  "permit uid:1000 on host run ss max-time 1m\n"			  /* 7 */
		  "deny uid:1000 on pod:kube-system/*\n");				  /* 8 */
	T_EQ_INT("decided-parses", p.nerr, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[128];

		if (facts_parse(cases[i].target, &f) != NULL) {
			T_CHECK(cases[i].target, 0);
			continue;
		}
		policy_decide(&p.pol, &sub, &f.v, "ss", 0, NULL, &d);
		snprintf(name, sizeof(name), "decided-%s", cases[i].target);
		T_EQ_INT(name, d.rule ? d.rule->line : 0, cases[i].line);
	}
	done(&p);
}

int main(void)
{
	written();
	spelled();
	decided();
	return t_done();
}
