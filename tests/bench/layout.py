#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# nscap-test: not a suite
"""Lay out many containers' runtime state as the real runtimes write it, for tests/bench/run.sh.

    layout.py FIXTURES RUNC_STATE ROOT CGROUPS PIDS MIX FORMS

Every container is a clone of one real container in FIXTURES (tests/fixtures/runtimes): the same
entries (MANIFEST: directories, files, FIFOs, symlinks with their modes; sockets are left out),
the same bytes, with its ID, name, PIDs, start time, cgroup, paths and (for pods) the keys its
runtime writes changed. CRI-O and containerd's CRI plugin were not run here: their containers are
podman's and ctr's with the annotations and paths those runtimes write (see the catalogue).
Plain runc is cloned from RUNC_STATE, the state.json runc wrote for the bench's own container.

ROOT is the state-root to fill; CGROUPS the pids hierarchy (/sys/fs/cgroup/pids): each container
gets its runtime's cgroup below /nscapbench, with its init (and, for targets, an exec'd
process) in it. PIDS lists live processes to use, one a line. MIX is "docker=1000" or
"docker=200,containerd=200,...". FORMS gets "LABEL<TAB>TARGET<TAB>EXPECTED-ID" lines.
"""
import hashlib
import json
import os
import stat
import sys

OLD_ROOT = "/opt/nscap-test/state"
CGROOT = "/nscapbench"
NS_K8S, NS_CTR, POD_NS = "k8s.io", "nscapb-ns", "bench"
MODE_TYPES = {"d": "directory", "-": "file", "p": "fifo", "l": "symlink", "s": "socket"}


def hexid(*parts):
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()


def uid_of(*parts):
    h = hexid("uid", *parts)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def mode_of(s):
    m = 0
    for i, ch in enumerate(s[1:10]):
        if ch not in "-":
            m |= 1 << (8 - i)
    if s[9] in "tT":
        m |= stat.S_ISVTX
    return m


class Fixture:
    """One phase of tests/fixtures/runtimes: its MANIFEST and copied files."""

    def __init__(self, base, phase):
        self.dir = os.path.join(base, phase)
        self.entries = []
        with open(os.path.join(self.dir, "MANIFEST")) as f:
            for line in f:
                mode, _owner, size, rest = line.rstrip("\n").split(None, 3)
                self.entries.append((mode, int(size), rest.split(" ")[-1]))

    def text(self, path):
        p = os.path.join(self.dir, path)
        return open(p, encoding="utf-8").read() if os.path.isfile(p) else ""

    def id_of(self, name):
        """The ID of the docker container named name (its config.v2.json)."""
        top = os.path.join(self.dir, "var/lib/docker/containers")
        for cid in os.listdir(top):
            t = self.text(f"var/lib/docker/containers/{cid}/config.v2.json")
            if t and json.loads(t)["Name"] == "/" + name:
                return cid
        raise SystemExit(f"layout.py: no fixture container {name}")


class Layout:
    def __init__(self, args):
        self.fx, self.runc_state, self.root, self.cgmount = args[0], args[1], args[2], args[3]
        self.pids = [int(x) for x in open(args[4]).read().split()]
        self.next_pid = 0
        self.forms = []
        self.storage = []  # containers.json entries
        self.ids = []
        self.cache = {}

    # ------------------------------------------------------------ processes and cgroups
    def proc(self):
        if self.next_pid == len(self.pids):
            raise SystemExit("layout.py: not enough processes")
        pid = self.pids[self.next_pid]
        self.next_pid += 1
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return pid, int(fields[1]), int(fields[19])  # pid, ppid, start (fields 4 and 22)

    def cgroup(self, path, *pids):
        d = self.cgmount + path
        os.makedirs(d, exist_ok=True)
        for pid in pids:
            with open(os.path.join(d, "cgroup.procs"), "w") as f:
                f.write(str(pid))

    # ------------------------------------------------------------ files
    def write(self, rel, data, mode):
        p = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(p), mode=0o711, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, data.encode())
        os.fchmod(fd, mode)
        os.close(fd)

    def entry(self, mode, path, data, link):
        p = os.path.join(self.root, path)
        kind = MODE_TYPES[mode[0]]
        if kind == "directory":
            os.makedirs(p, exist_ok=True)
            os.chmod(p, mode_of(mode))
        elif kind == "file":
            self.write(path, data, mode_of(mode))
        elif kind == "fifo":
            os.makedirs(os.path.dirname(p), mode=0o711, exist_ok=True)
            os.mkfifo(p, mode_of(mode))
        elif kind == "symlink":
            os.symlink(link, p)

    def clone(self, phase, tid, subs, edits, exec_id=None, drop=()):
        """Every entry of container tid in phase, renamed and edited (edits: basename -> f)."""
        fx = self.cache.setdefault(phase, Fixture(self.fx, phase))
        for mode, _size, path in fx.entries:
            parts = path.split("/")
            if tid not in parts or os.path.basename(path) in drop or mode[0] == "s":
                continue
            execs = [x for x in parts if len(x) >= 64 and x != tid and x[:64] != tid]
            if execs and not exec_id:
                continue
            new = path
            for a, b in subs:
                new = new.replace(a, b)
            for x in execs:
                new = new.replace(x[:64], exec_id)
            data = fx.text(path)
            for a, b in subs:
                data = data.replace(a, b)
            f = edits.get(os.path.basename(new)) or edits.get(os.path.splitext(new)[1])
            if f and data:
                data = f(data)
            # containerd's task directory links its working directory below its root.
            link = os.path.dirname(os.path.join(self.root, new))
            self.entry(mode, new, data, link.replace("/run/containerd/", "/var/lib/containerd/"))

    def image(self):
        """The one image every docker container runs, in dockerd's image store."""
        if "image" not in self.cache:
            cfg = IMAGE_CONFIG % hexid("rootfs")
            self.cache["image"] = hashlib.sha256(cfg.encode()).hexdigest()
            self.write("var/lib/docker/image/overlay2/imagedb/content/sha256/" + self.cache["image"],
                       cfg, 0o600)
        return self.cache["image"]


def dump(d):
    return json.dumps(d, separators=(",", ":"), ensure_ascii=False)


def js(f):
    return lambda text: dump(f(json.loads(text)))


def runc_edit(c, labels=None, bundle=None):
    """runc's state.json for container c: its process, cgroup and (OCI annotations) labels."""

    @js
    def f(d):
        old = d["config"]["cgroups"]["path"]
        d["id"], d["init_process_pid"], d["init_process_start"] = c["id"], c["pid"], c["start"]
        d["config"]["cgroups"]["path"] = c["cg"]
        for k, v in d["cgroup_paths"].items():
            if old and v.endswith(old):
                d["cgroup_paths"][k] = v[: -len(old)] + c["cg"]
            elif not old:
                d["cgroup_paths"][k] = v.rsplit("/", 1)[0] + c["cg"]
        for k, v in d["namespace_paths"].items():
            d["namespace_paths"][k] = "/proc/%d/%s" % (c["pid"], v.split("/", 3)[3])
        own = [x for x in d["config"]["labels"] if x.startswith("bundle=")]
        if bundle:
            own = ["bundle=" + bundle]
        if labels is not None:
            d["config"]["labels"] = [f"{k}={v}" for k, v in labels.items()] + own
        return d

    return f


def oci_edit(c, annotations=None, netns=None):
    @js
    def f(d):
        d["linux"]["cgroupsPath"] = c["cg"]
        if annotations is not None:
            d["annotations"] = annotations
        for ns in d["linux"]["namespaces"]:
            if ns["type"] == "network" and netns:
                ns["path"] = netns
        return d

    return f


def pidtext(pid):
    return lambda _t: str(pid)


def pidtext(pid):
    return lambda _t: str(pid)


# ---------------------------------------------------------------- the plan: who is what


def plan_pods(tag, kind, npods, idfn=None):
    """Kubernetes pods of a CRI runtime: a sandbox and one container ("app") each."""
    out = []
    for i in range(npods):
        pod, uid = f"{kind}-pod-{i}", uid_of(tag, kind, i)
        sid = hexid(tag, kind, "sandbox", i)
        base = {"kind": kind, "pod": pod, "uid": uid, "sid": sid, "netns": uid_of("net", sid)}
        out.append(dict(base, id=sid, role="sandbox", name=f"k8s_POD_{pod}_{POD_NS}_{uid}_0"))
        out.append(dict(base, id=hexid(tag, kind, "app", i), role="app",
                        name=f"k8s_app_{pod}_{POD_NS}_{uid}_0"))
    return out


def plan(tag, mix):
    cs = []
    for kind, n in mix:
        if kind == "docker":
            cs += [{"kind": kind, "role": "plain", "id": hexid(tag, kind, i), "name": f"dweb-{i}"}
                   for i in range(n // 2)]
            cs += plan_pods(tag, kind, (n - n // 2) // 2)
        elif kind == "containerd":
            nctr = max(1, n // 10)
            cs += [{"kind": kind, "role": "ctr", "id": f"nscapb-ctr-{i}", "ns": NS_CTR}
                   for i in range(nctr)]
            cs += [dict(c, ns=NS_K8S) for c in plan_pods(tag, kind, (n - nctr) // 2)]
        elif kind == "crio":
            cs += plan_pods(tag, kind, n // 2)
        elif kind in ("podman", "runc"):
            name = "pweb-%d" if kind == "podman" else None
            cs += [{"kind": kind, "role": "plain", "id": hexid(tag, kind, i),
                    "name": name % i if name else None} for i in range(n)]
    for c in cs:
        c["cg"] = cgroup_path(c)
    return cs


def cgroup_path(c):
    """The cgroup each runtime makes (cgroupfs driver; parents below the bench's own root)."""
    if c["role"] in ("sandbox", "app"):
        leaf = ("crio-" if c["kind"] == "crio" else "") + c["id"]
        return f"{CGROOT}/kubepods/besteffort/pod{c['uid']}/{leaf}"
    return {"docker": f"{CGROOT}/docker/{c['id']}",
            "podman": f"{CGROOT}/libpod_parent/libpod-{c['id']}",
            "runc": f"{CGROOT}/runc/{c['id']}",
            "containerd": f"{CGROOT}/{c.get('ns')}/{c['id']}"}[c["kind"]]


def pick(cs, kind, roles, unique=True):
    """The container of kind's first role present nearest the middle whose 4-character prefix
    no other ID has."""
    heads = {}
    for c in cs:
        heads[c["id"][:4]] = heads.get(c["id"][:4], 0) + 1
    for role in roles:
        mine = [c for c in cs if c["kind"] == kind and c["role"] == role]
        order = sorted(range(len(mine)), key=lambda i: abs(i - len(mine) // 2))
        for i in order:
            if heads[mine[i]["id"][:4]] == 1 or not unique:
                return mine[i]
    raise SystemExit(f"layout.py: no {kind} container with a unique prefix")


# ---------------------------------------------------------------- each runtime's files

IMAGE_CONFIG = (
    '{"architecture":"amd64","comment":"Imported from -","config":{"Hostname":"","Domainname":"",'
    '"User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,'
    '"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,'
    '"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"created":'
    '"2026-11-27T13:40:40.100000000Z","docker_version":"20.10.24+dfsg1","history":[{"created":'
    '"2026-11-27T13:40:40.100000000Z","comment":"Imported from -"}],"os":"linux","rootfs":'
    '{"type":"layers","diff_ids":["sha256:%s"]}}')


def docker_labels(c):
    """What cri-dockerd labels a pod's containers with (none for a plain container)."""
    if c["role"] == "plain":
        return {}
    lab = {"io.kubernetes.docker.type": "podsandbox" if c["role"] == "sandbox" else "container",
           "io.kubernetes.pod.name": c["pod"], "io.kubernetes.pod.namespace": POD_NS,
           "io.kubernetes.pod.uid": c["uid"]}
    if c["role"] == "app":
        lab.update({"io.kubernetes.container.name": "app", "io.kubernetes.sandbox.id": c["sid"]})
    return lab


def write_docker(L, c, sandbox):
    fx = L.cache.setdefault("docker/running", Fixture(L.fx, "docker/running"))
    app = c["role"] == "app"
    tid = fx.id_of("nscapt-side" if app else "nscapt-web")
    image = L.image()

    @js
    def v2(d):
        d["State"]["Pid"], d["Name"], d["Image"] = c["pid"], "/" + c["name"], "sha256:" + image
        d["Config"]["Labels"] = docker_labels(c)
        return d

    @js
    def host(d):
        if app:
            d["NetworkMode"] = "container:" + sandbox["id"]
        if c["role"] != "plain":
            d["CgroupParent"] = c["cg"].rsplit("/", 1)[0]
        return d

    netns = "/proc/%d/ns/net" % sandbox["pid"] if app else None
    edits = {"config.v2.json": v2, "hostconfig.json": host, "state.json": runc_edit(c),
             "config.json": oci_edit(c, netns=netns), "init.pid": pidtext(c["pid"]),
             ".pid": pidtext(c.get("exec_pid"))}
    L.clone("docker/running", tid, [(tid, c["id"]), (tid[:12], c["id"][:12]),
                                    (OLD_ROOT, L.root)], edits, c.get("exec_id"))


def cri_annotations(c):
    """containerd's CRI plugin's annotations (1.6)."""
    a = {"io.kubernetes.cri.container-type": "sandbox" if c["role"] == "sandbox" else "container",
         "io.kubernetes.cri.sandbox-id": c["sid"]}
    if c["role"] == "sandbox":
        a["io.kubernetes.cri.sandbox-log-directory"] = f"/var/log/pods/{POD_NS}_{c['pod']}_{c['uid']}"
    else:
        a.update({"io.kubernetes.cri.container-name": "app",
                  "io.kubernetes.cri.image-name": "docker.io/library/busybox:latest"})
    a.update({"io.kubernetes.cri.sandbox-name": c["pod"],
              "io.kubernetes.cri.sandbox-namespace": POD_NS,
              "io.kubernetes.cri.sandbox-uid": c["uid"]})
    return a


def write_containerd(L, c, _sandbox):
    tid, tns = "nscapt-c2", "nscapt-ns2"
    ann = cri_annotations(c) if c["role"] != "ctr" else None
    netns = "/var/run/netns/cni-" + c["netns"] if ann else None
    edits = {"config.json": oci_edit(c, ann, netns), "state.json": runc_edit(c, ann),
             "init.pid": pidtext(c["pid"])}
    L.clone("containerd/running", tid, [(tid, c["id"]), (tns, c["ns"]), (OLD_ROOT, L.root)],
            edits)
    if c.get("exec_id"):
        L.write(f"run/containerd/io.containerd.runtime.v2.task/{c['ns']}/{c['id']}/"
                f"{c['exec_id']}.pid", str(c["exec_pid"]), 0o644)


PODMAN_TPL, CRIO_TPL = "nscapt-pweb", "nscapt-pstop"
STORAGE = "var/lib/containers/storage/overlay-containers"
RUNROOT = "run/containers/storage/overlay-containers"


def storage_entry(L, c, tname):
    """c's entry in containers.json, cloned from container tname's; returns tname's ID."""
    fx = L.cache.setdefault("podman/running", Fixture(L.fx, "podman/running"))
    for e in json.loads(fx.text(STORAGE + "/containers.json")):
        if e["names"] == [tname]:
            tid, text = e["id"], dump(e).replace(e["layer"], hexid("layer", c["id"]))
            e = json.loads(text.replace(tid, c["id"]))
            e["names"] = [c["name"]]
            meta = json.loads(e["metadata"])
            meta["name"] = c["name"]
            e["metadata"] = dump(meta)
            L.storage.append(e)
            return tid
    raise SystemExit(f"layout.py: {tname} is not in the fixture's containers.json")


def write_podman(L, c, _sandbox):
    tid = storage_entry(L, c, PODMAN_TPL)
    edits = {"config.json": oci_edit(c), "state.json": runc_edit(c), "pidfile": pidtext(c["pid"]),
             "conmon.pid": pidtext(c["ppid"]), "exec_pid": pidtext(c.get("exec_pid"))}
    L.clone("podman/running", tid, [(tid, c["id"]), (tid[:12], c["id"][:12]),
                                   (PODMAN_TPL, c["name"]), (OLD_ROOT, L.root)],
            edits, c.get("exec_id"))


def crio_annotations(c):
    """CRI-O's own annotations (its source; not run here)."""
    sb = c["role"] == "sandbox"
    return {"io.container.manager": "cri-o", "io.kubernetes.container.name": "POD" if sb else "app",
            "io.kubernetes.cri-o.ContainerID": c["id"],
            "io.kubernetes.cri-o.ContainerType": "sandbox" if sb else "container",
            "io.kubernetes.cri-o.Created": "2026-11-27T13:40:47.538308339Z",
            "io.kubernetes.cri-o.HostNetwork": "false", "io.kubernetes.cri-o.Name": c["name"],
            "io.kubernetes.cri-o.SandboxID": c["sid"], "io.kubernetes.cri-o.TTY": "false",
            "io.kubernetes.pod.name": c["pod"], "io.kubernetes.pod.namespace": POD_NS,
            "io.kubernetes.pod.uid": c["uid"]}


def write_crio(L, c, _sandbox):
    """containers/storage's two directories as for podman, but the bundle (config.json) in the
    run root's userdata, where CRI-O writes it, and runc's state pointing there."""
    tid = storage_entry(L, c, CRIO_TPL)
    ann, ud = crio_annotations(c), f"{RUNROOT}/{c['id']}/userdata"
    edits = {"state.json": runc_edit(c, ann, os.path.join(L.root, ud)),
             "pidfile": pidtext(c["pid"])}
    subs = [(tid, c["id"]), (tid[:12], c["id"][:12]), (CRIO_TPL, c["name"]), (OLD_ROOT, L.root)]
    L.clone("podman/running", tid, subs, edits, drop=("config.json", "conmon.pid", ".containerenv"))
    fx = L.cache["podman/running"]
    cfg = fx.text(f"{STORAGE}/{tid}/userdata/config.json")
    for a, b in subs:
        cfg = cfg.replace(a, b)
    L.write(ud + "/config.json", oci_edit(c, ann, "/var/run/netns/" + c["netns"])(cfg), 0o644)


def write_runc(L, c, _sandbox):
    text = open(L.runc_state).read()
    tid = json.loads(text)["id"]
    os.makedirs(os.path.join(L.root, "run/runc", c["id"]), 0o711, exist_ok=True)
    L.write(f"run/runc/{c['id']}/state.json", runc_edit(c)(text.replace(tid, c["id"])), 0o600)


WRITERS = {"docker": write_docker, "containerd": write_containerd, "podman": write_podman,
           "crio": write_crio, "runc": write_runc}


def kube_log(L, c):
    """The kubelet's link for a pod's container."""
    if c["role"] == "app":
        p = os.path.join(L.root, "var/log/containers", f"{c['pod']}_{POD_NS}_app-{c['id']}.log")
        os.makedirs(os.path.dirname(p), 0o755, exist_ok=True)
        os.symlink(f"/var/log/pods/{POD_NS}_{c['pod']}_{c['uid']}/app/0.log", p)


def forms(L, cs, kinds):
    out = []
    for kind in kinds:
        main = pick(cs, kind, ("plain", "app"))
        out += [(f"{kind}: full ID", main["id"], main["id"]),
                (f"{kind}: 12-char prefix", main["id"][:12], main["id"]),
                (f"{kind}: 8-char prefix", main["id"][:8], main["id"]),
                (f"{kind}: 4-char prefix", main["id"][:4], main["id"])]
        if kind in ("docker", "podman"):
            out.append((f"{kind}: name", main["name"], main["id"]))
        if kind == "containerd":
            ctr = pick(cs, kind, ("ctr",), False)
            out.append((f"containerd: ID in namespace {NS_CTR}", ctr["id"], ctr["id"]))
        app = [c for c in cs if c["kind"] == kind and c["role"] == "app"]
        if app:
            a = app[len(app) // 2]
            out += [(f"{kind}: NAMESPACE/POD", f"{POD_NS}/{a['pod']}", a["id"]),
                    (f"{kind}: NAMESPACE/POD/CONTAINER", f"{POD_NS}/{a['pod']}/app", a["id"])]
        out += [(f"{kind}: pid: of the init", f"pid:{main['pid']}", main["id"]),
                (f"{kind}: pid: of an exec'd process", f"pid:{main['exec_pid']}", main["id"])]
    return out


def main(argv):
    os.umask(0o022)
    if len(argv) != 7:
        raise SystemExit(__doc__)
    L = Layout(argv)
    mix = [(k, int(n)) for k, n in (x.split("=") for x in argv[5].split(","))]
    cs = plan(argv[5], mix)
    kinds = [k for k, _ in mix]
    targets = {id(pick(cs, k, ("plain", "app"))) for k in kinds}
    by_id = {c["id"]: c for c in cs}
    for c in cs:  # a sandbox comes before its pod's container
        c["pid"], c["ppid"], c["start"] = L.proc()
        pids = [c["pid"]]
        if id(c) in targets:
            c["exec_id"], c["exec_pid"] = hexid("exec", c["id"]), L.proc()[0]
            pids.append(c["exec_pid"])
        L.cgroup(c["cg"], *pids)
        WRITERS[c["kind"]](L, c, by_id.get(c.get("sid")))
        kube_log(L, c)
    if L.storage:
        L.write(STORAGE + "/containers.json", dump(L.storage), 0o600)
    with open(argv[6], "w") as f:
        for label, target, expect in forms(L, cs, kinds):
            f.write(f"{label}\t{target}\t{expect}\n")
        f.write(f"pid: of a process in no container\tpid:{L.proc()[0]}\t-\n")
        f.write("host\thost\thost\n")
    print(len(cs))


if __name__ == "__main__":
    main(sys.argv[1:])
