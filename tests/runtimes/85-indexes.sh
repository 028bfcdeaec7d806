# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# nscap's lookup indexes (src/cache.h) in NT_CACHE: root's alone; what they hold is believed only
# while the files and directories they were read from are unchanged, so a change is seen by the
# very next run; one that is garbage, cut, forged or not root's changes nothing nscap decides.

# Long enough that the stamps of what was just written are not racy (CACHE_RACY_SECONDS 2).
settle() { sleep 3; }
index_file() { ls "$NT_CACHE"/"$1"-* 2>/dev/null | head -1; }
# name_entries FILE: a name index (docker-names, storage-names) as lines "ID STAMP NAME". Its
# form ends each field in a NUL; the header line in a newline.
name_entries() { tr '\0' '\n' <"$1" | tail -n +2 | paste -d' ' - - -; }
# name_index: those lines on stdin back into the form, on stdout.
name_index() {
    printf 'nscap-docker-names 3\n'
    awk '{ printf "%s%c%s %s %s %s%c%s%c", $1, 0, $2, $3, $4, $5, 0, $6, 0 }'
}
# The IDs listed by alice's -l --json, as LIST_NOW.
list_now() { rt_list_ids "$ALICE" && LIST_NOW=$LIST_IDS; }
# idx_stop ID: docker stop (runc's state and the task go; dockerd's record says exited 137).
idx_stop() {
    timeout 30 runc --root "$RT_ROOT_DOCKER" delete -f "$1" >/dev/null 2>&1
    rm -rf "${RT_SHIM:?}/moby/$1" "${RT_ROOT_DOCKER:?}/$1"
    docker_side_files "$1" "$2" 0 '' default "$DIMG" 137 "$DX_FINISHED"
}
# idx_remove ID: docker rm.
idx_remove() {
    timeout 30 runc --root "$RT_ROOT_DOCKER" delete -f "$1" >/dev/null 2>&1
    rm -rf "${RT_SHIM:?}/moby/$1" "${RT_ROOT_DOCKER:?}/$1" "${RT_DOCKER_LIB:?}/$1"
}

# Made by nscap, root's, 0700; its files 0600; alice can neither list nor read them.
t_index_root_only() {
    local f m errs=()
    settle
    rt_probe "$ALICE" web && nscap_as "$ALICE" -- -l >/dev/null || return 1
    [[ $(stat -c '%a %U %G' "$NT_CACHE") == "700 root root" ]] ||
        errs+=("$NT_CACHE: $(stat -c '%a %U %G' "$NT_CACHE")")
    for f in docker-names listings records storage-names; do
        m=$(index_file "$f")
        [[ -n $m ]] || { errs+=("no $f index"); continue; }
        [[ $(stat -c '%a %U %h' "$m") == "600 root 1" ]] || errs+=("$m: $(stat -c '%a %U %h' "$m")")
        run_as "$ALICE" cat "$m" >/dev/null 2>&1 && errs+=("alice reads $m")
    done
    run_as "$ALICE" ls "$NT_CACHE" >/dev/null 2>&1 && errs+=("alice lists $NT_CACHE")
    run_as "$ALICE" touch "$NT_CACHE/x" 2>/dev/null && errs+=("alice writes in $NT_CACHE")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-index-root-only t_index_root_only

# docker renames a container by writing config.v2.json anew: the next run finds the new name
# and not the old, though the name index held the old one a moment before.
t_index_rename() {
    local id pid f rc=0
    id=$(rt_id)
    pid=$(docker_start "$id" before "/nscapt/docker/$id" new '' default "$DIMG") || return 1
    settle
    expect_resolves before "$(rt_netns "$pid")" "$id" docker || rc=1
    name_entries "$(index_file docker-names)" | grep -q "^$id .* before$" ||
        { fail "the index does not hold it"; rc=1; }
    docker_side_files "$id" after "$pid" '' default "$DIMG" || rc=1
    ((rc)) || expect_resolves after "$(rt_netns "$pid")" "$id" docker || rc=1
    ((rc)) || rt_refused before 125 "no container matches 'before'" || rc=1
    idx_remove "$id"
    return $rc
}
run_test rt-index-rename-seen-at-once t_index_rename

# A lookup on a node where nothing changed writes no index: the name index is the same file
# after a second lookup. A container removed since is dropped from it by the next lookup.
t_index_unchanged_not_written() {
    local id pid ns ino rc=0
    id=$(rt_id)
    pid=$(docker_start "$id" quiet "/nscapt/docker/$id" new '' default "$DIMG") || return 1
    ns=$(rt_netns "$pid")
    settle
    expect_resolves quiet "$ns" "$id" docker || rc=1
    ino=$(stat -c %i "$(index_file docker-names)") || rc=1
    expect_resolves quiet "$ns" "$id" docker || rc=1
    expect_resolves "${id:0:12}" "$ns" "$id" docker || rc=1
    [[ $(stat -c %i "$(index_file docker-names)") == "$ino" ]] ||
        { fail "the name index was written again though nothing changed"; rc=1; }
    idx_remove "$id"
    rt_refused quiet 125 "no container matches 'quiet'" || rc=1
    name_entries "$(index_file docker-names)" | grep -q "^$id " &&
        { fail "the removed container is still in the name index"; rc=1; }
    return $rc
}
run_test rt-index-unchanged-not-written t_index_unchanged_not_written

# -l from the record index follows what the runtimes write at once: a container that starts is
# in the next list, one that stops is gone from it, one removed is not listed either.
t_index_list_follows() {
    local id pid rc=0
    id=$(rt_id)
    settle
    list_now # the index holds every settled record
    pid=$(docker_start "$id" comes "/nscapt/docker/$id" new '' default "$DIMG") || return 1
    list_now && grep -qx "$id" <<<"$LIST_NOW" || { fail "started $id not listed"; rc=1; }
    settle
    list_now
    grep -q "$id" "$(index_file records)" || { fail "the record index does not hold $id"; rc=1; }
    # renamed while running: the name -l shows is the new one
    docker_side_files "$id" renamed "$pid" '' default "$DIMG" || rc=1
    list_now && grep -q "\"id\":\"$id\",\"name\":\"renamed\"" <<<"$LIST_JSON" ||
        { fail "-l does not show the new name of $id"; rc=1; }
    idx_stop "$id" comes || rc=1
    list_now && ! grep -qx "$id" <<<"$LIST_NOW" || { fail "stopped $id still listed"; rc=1; }
    rt_refused comes 125 "container comes \\(docker ${id:0:12}\\) is not running: exited 137" || rc=1
    idx_remove "$id"
    list_now && ! grep -qx "$id" <<<"$LIST_NOW" || { fail "removed $id still listed"; rc=1; }
    rt_refused comes 125 "no container matches 'comes'" || rc=1
    return $rc
}
run_test rt-index-list-follows-changes t_index_list_follows

# What was written in the last CACHE_RACY_SECONDS may change again in the same clock tick
# unseen: it is not kept (it is read each run until it has settled).
t_index_racy() {
    local id pid rc=0
    id=$(rt_id)
    pid=$(docker_start "$id" fresh "/nscapt/docker/$id" new '' default "$DIMG") || return 1
    list_now && grep -qx "$id" <<<"$LIST_NOW" || { fail "$id not listed"; rc=1; }
    grep -q "$id" "$(index_file records)" && { fail "a record seconds old was kept"; rc=1; }
    settle
    list_now
    grep -q "$id" "$(index_file records)" || { fail "a settled record was not kept"; rc=1; }
    idx_remove "$id"
    return $rc
}
run_test rt-index-racy-not-kept t_index_racy

# Garbage, a cut copy or a file that is not root's in place of each index: the same answers,
# and the index written anew.
t_index_garbage() {
    local f m good before after rc=0 how
    settle
    list_now && before=$LIST_NOW || return 1
    for how in garbage cut foreign; do
        for f in docker-names listings records; do
            m=$(index_file "$f") && [[ -n $m ]] || { fail "no $f index"; return 1; }
            good=$(mktemp) && cp "$m" "$good"
            case $how in
            garbage) printf 'nscap-listings 3\nD 9 x\0\001\002' >"$m" ;;
            cut) head -c "$(($(stat -c %s "$good") / 2))" "$good" >"$m" ;;
            foreign) chown "$ALICE" "$m" ;;
            esac
            rm -f "$good"
        done
        expect_resolves web "$D1_NS" "$D1" docker || rc=1
        expect_resolves "${D1:0:12}" "$D1_NS" "$D1" docker || rc=1
        list_now && after=$LIST_NOW || rc=1
        [[ $after == "$before" ]] || { fail "$how: -l lists other containers"; rc=1; }
        for f in docker-names listings records; do
            m=$(index_file "$f")
            [[ $(stat -c %U "$m") == root ]] && head -c 6 "$m" | grep -q '^nscap-' ||
                { fail "$how: $f not written anew"; rc=1; }
        done
    done
    return $rc
}
run_test rt-index-garbage-changes-nothing t_index_garbage

# A name index forged by root with the right form and stamps: the container it names for a
# name must carry that name in its own record, so it can only hide a container, never put
# another in its place.
t_index_forged_names() {
    local m tmp rc=0
    settle
    rt_probe "$ALICE" web || return 1
    m=$(index_file docker-names)
    tmp=$m.forge
    # D1 said to be "other", DF said to be "web"
    name_entries "$m" | sed -e "s/^\($D1 .*\) web\$/\1 other/" -e "s/^\($DF .*\) dlabel\$/\1 web/" |
        name_index >"$tmp" && chmod 0600 "$tmp" && mv -f "$tmp" "$m" || return 1
    name_entries "$m" | grep -q "^$DF .* web$" && name_entries "$m" | grep -q "^$D1 .* other$" ||
        { fail "forgery not in place"; return 1; }
    rt_refused web 125 "no container matches 'web'" || rc=1
    ! grep -q "^container: $DF" <<<"$OUTPUT" || { fail "resolved to the container the forgery named"; rc=1; }
    rm -f "$m"
    return $rc
}
run_test rt-index-forged-name-never-another t_index_forged_names

# The directory writable by others: not believed, not written; lookups as before.
t_index_untrusted_dir() {
    local m before rc=0
    settle
    rt_probe "$ALICE" web || return 1
    m=$(index_file docker-names)
    chmod 0777 "$NT_CACHE" || return 1
    printf 'nscap-docker-names 3\n%s\0001 2 3.0 4.0\000web\000' "$DF" | run_as "$ALICE" tee "$NT_CACHE/planted" >/dev/null
    before=$(stat -c %Y.%i "$m")
    expect_resolves web "$D1_NS" "$D1" docker || rc=1
    rt_refused dlabel-nope 125 || rc=1
    [[ $(stat -c %Y.%i "$m") == "$before" ]] || { fail "written in an untrusted directory"; rc=1; }
    rm -f "$NT_CACHE/planted"
    chmod 0700 "$NT_CACHE"
    return $rc
}
run_test rt-index-untrusted-dir-ignored t_index_untrusted_dir

# podman keeps names apart from the record, in containers.json, which nscap indexes whole: a
# record from the index is believed only while that file is unchanged too, so a podman rename
# shows in the next -l, and the next lookup finds the new name and not the old.
t_index_podman_rename() {
    local saved rc=0
    settle
    list_now && list_now || return 1
    grep -q "\"id\":\"$P1\",\"name\":\"pweb\"" <<<"$LIST_JSON" || { fail "P1 not listed as pweb"; return 1; }
    expect_resolves pweb "$P1_NS" "$P1" podman || return 1
    name_entries "$(index_file storage-names)" | grep -q "^$P1 .* pweb$" ||
        { fail "containers.json not indexed"; rc=1; }
    saved=$(cat "$RT_NAMES")
    rt_file "$RT_NAMES" "${saved//\"pweb\"/\"pweb2\"}" 0600 || return 1
    list_now && grep -q "\"id\":\"$P1\",\"name\":\"pweb2\"" <<<"$LIST_JSON" ||
        { fail "-l does not show P1's new name"; rc=1; }
    expect_resolves pweb2 "$P1_NS" "$P1" podman || rc=1
    rt_refused pweb 125 "no container matches 'pweb'" || rc=1
    rt_file "$RT_NAMES" "$saved" 0600 || rc=1
    list_now && grep -q "\"id\":\"$P1\",\"name\":\"pweb\"" <<<"$LIST_JSON" ||
        { fail "-l does not show P1's name back"; rc=1; }
    return $rc
}
run_test rt-index-podman-rename-seen-at-once t_index_podman_rename

# The name index's form holds any name (a docker name there is only compared); containers.json's
# names stand in for the file's, so one forged by root with the right stamp is believed (pweb3,
# the control: the forgery is read) while one docker would not give is not: the file is read,
# and P1 is found by its name.
storage_forge() { # NAME: P1's name in the storage-names index (the original kept as .orig)
    local m
    m=$(index_file storage-names) && [[ -n $m ]] || { fail "no storage-names index"; return 1; }
    [[ -e $m.orig ]] || cp -p "$m" "$m.orig" || return 1
    name_entries "$m.orig" | sed "s/^\($P1 .*\) pweb\$/\1 $1/" | name_index >"$m.forge" &&
        chmod 0600 "$m.forge" && mv -f "$m.forge" "$m" || return 1
    name_entries "$m" | grep -q "^$P1 .* $1$" || { fail "forgery $1 not in place"; return 1; }
}
t_index_storage_forged_name() {
    local rc=0
    settle
    expect_resolves pweb "$P1_NS" "$P1" podman && storage_forge pweb3 || return 1
    expect_resolves pweb3 "$P1_NS" "$P1" podman || { fail "a forgery of the right form not read"; rc=1; }
    storage_forge -pweb || rc=1
    expect_resolves pweb "$P1_NS" "$P1" podman || rc=1
    rm -f "$(index_file storage-names).orig"
    return $rc
}
run_test rt-index-storage-name-checked t_index_storage_forged_name

# podman's run root is also CRI-O's directory of records: there P1 has a pid file and no
# config.json, and the record index keeps that CRI-O's reader found none. It is believed only
# while config.json is still absent: one that appears is read by the next -l (here one that
# cannot be parsed, so -l stops naming it), and once gone again -l lists P1 as before.
t_index_none_then_record() {
    local f=$RT_STORAGE/$P1/userdata/config.json rc=0
    settle
    list_now && list_now || return 1
    grep -qx "$P1" <<<"$LIST_NOW" || { fail "P1 not listed"; return 1; }
    grep -aq "$RT_STORAGE $P1" "$(index_file records)" ||
        { fail "the record index does not say $RT_STORAGE holds no record of P1"; rc=1; }
    rt_file "$f" '{"ociVersion":' 0644 || return 1
    nscap_as "$ALICE" -- -l >/dev/null
    expect_failed "runtime state $f" || rc=1
    rm -f "$f"
    list_now && grep -qx "$P1" <<<"$LIST_NOW" || { fail "P1 not listed again"; rc=1; }
    return $rc
}
run_test rt-index-none-then-record-seen t_index_none_then_record

# The caller's own race: many runs of theirs at once, with no index yet, all writing the indexes
# (each whole under a name of its own, renamed into place): every run answers as one run alone
# does, and what is left is an index that the next run believes.
t_index_concurrent() {
    local d i f want errs=() pids=()
    settle
    list_now || return 1
    want=$(grep -o '"id":"[^"]*"' <<<"$LIST_JSON" | cut -d'"' -f4 | sort | tr '\n' ' ')
    [[ $want == *"$D1"* ]] || { fail "D1 not listed before the race"; return 1; }
    d=$(mktemp -d "$NT_SCRATCH/race.XXXXXX") && chmod 0777 "$d" || return 1
    rm -f "$NT_CACHE"/*
    for i in 1 2 3 4 5 6 7 8; do
        run_as "$ALICE" "$NSCAP" -l --json >"$d/l$i" 2>&1 &
        pids+=($!)
        run_as "$ALICE" "$NSCAP" -n web probe >"$d/n$i" 2>&1 &
        pids+=($!)
        run_as "$ALICE" "$NSCAP" -n "${D1:0:12}" probe >"$d/p$i" 2>&1 &
        pids+=($!)
    done
    wait "${pids[@]}"
    for i in 1 2 3 4 5 6 7 8; do
        [[ $(grep -o '"id":"[^"]*"' "$d/l$i" | cut -d'"' -f4 | sort | tr '\n' ' ') == "$want" ]] ||
            errs+=("-l run $i: $(head -c 200 "$d/l$i")")
        grep -q "^container: $D1 " "$d/n$i" || errs+=("name run $i: $(head -c 200 "$d/n$i")")
        grep -q "^container: $D1 " "$d/p$i" || errs+=("prefix run $i: $(head -c 200 "$d/p$i")")
    done
    rm -rf "$d"
    ls "$NT_CACHE"/.* 2>/dev/null | grep -q '/\.docker\|/\.listings\|/\.records' && errs+=("a temporary file left")
    expect_resolves web "$D1_NS" "$D1" docker || errs+=("web after the race")
    for f in docker-names listings records; do
        [[ -n $(index_file "$f") ]] && head -c 6 "$(index_file "$f")" | grep -q '^nscap-' ||
            errs+=("no $f index after the race")
    done
    ((${#errs[@]} == 0)) || fail "${errs[*]:0:4}"
}
run_test rt-index-concurrent-runs t_index_concurrent
