# gate_cache.sh: the claims cache of `crosscheck gate` and `check --cache`: the default
# folder beside the baseline, --cache DIR, --no-cache, identical results cold, warm, after
# an edit, with a truncated or garbage database (warned about and rebuilt), and with an
# article the warm run leaves unrestored.
. "$(dirname "$0")/lib.bash"

enter_tmp_with_demo_corpus
cp -r "$corpus" c
mkdir b
"$BIN" gate --no-cache --update-baseline --baseline b/base.json c 2>/dev/null
[ ! -e b/.crosscheck-cache ] && [ ! -e .crosscheck-cache ] && ok "--no-cache writes no cache" ||
  fail "--no-cache wrote a cache"

# drop one conflict from the baseline so that the gate has something new to say
python3 - <<'PY'
import json
b = json.load(open("b/base.json"))
b["conflicts"] = b["conflicts"][1:]
json.dump(b, open("b/base.json", "w"))
PY
gate() { run gate --format sarif --baseline b/base.json "$@" c; }
gate --no-cache
want_rc=$RC
printf '%s\n' "$OUT" >nocache.sarif
[ "$want_rc" -eq 1 ] && ok "the reference run finds the dropped conflict" || fail "reference exit $RC"

same() { # same NAME: the last run equals the run without cache
  printf '%s\n' "$OUT" >this.sarif
  if [ "$RC" -eq "$want_rc" ] && cmp -s nocache.sarif this.sarif; then ok "$1"; else
    fail "$1: exit $RC, output differs"; fi
}
gate
same "cold run (cache filled)"
[ -s b/.crosscheck-cache/claims.sqlite ] && ok "the default cache is beside the baseline" ||
  fail "no cache beside the baseline"
gate
same "warm run"
db=b/.crosscheck-cache/claims.sqlite
truncate -s 4000 "$db"; rm -f "$db-wal" "$db-shm"
gate
same "after the database was truncated"
expect_err "claims cache .*rebuilt" "the damaged cache is warned about"
gate # warm again, then pages in the middle overwritten: found while read, not at open
n=$(stat -c %s "$db")
yes Z | tr -d '\n' | head -c $((n - 4096)) | dd of="$db" bs=4096 seek=1 conv=notrunc 2>/dev/null
gate
same "after pages in the middle of the database were overwritten"
expect_err "claims cache .*rebuilt" "the damage met while reading is warned about"
head -c 6000 /dev/urandom >"$db"; rm -f "$db-wal" "$db-shm"
gate
same "after the database was overwritten with garbage"
expect_err "claims cache .*rebuilt" "the garbage cache is warned about"
gate
same "warm again after the rebuild"
[ -z "$ERR" ] && ok "no warning once rebuilt" || fail "warnings after rebuild: $ERR"

gate --cache elsewhere
same "--cache DIR"
[ -s elsewhere/claims.sqlite ] && ok "--cache DIR is used" || fail "--cache DIR not used"

# an edited document: the cache must not hand back its old claims
f=$(ls c/sahel-visas/*.md | head -1)
printf '\nThe last U.S. troops left Mali in 2019, officials in Bamako recalled.\n' >>"$f"
gate --no-cache
want_rc=$RC
printf '%s\n' "$OUT" >nocache.sarif
gate
same "after an edit (cache warm for the other documents)"

# other extraction options must not take the cached claims
gate --no-cache --max-claims 2
want_rc=$RC
printf '%s\n' "$OUT" >nocache.sarif
gate --max-claims 2
same "--max-claims 2 with a cache filled without it"

# an article that shares nothing with the others: a warm gate leaves it in the cache (its
# summary stands in for it), with the same result
mkdir -p c/farming
printf 'date: 2026-02-06\n\nOstrava beekeepers harvested little honey, a cooperative reported.\n' \
  >c/farming/harvest.md
gate --no-cache
want_rc=$RC
printf '%s\n' "$OUT" >nocache.sarif
gate
same "cold run with an unrelated article"
gate --stats
same "warm run with an unrelated article"
expect_err "^stats: count unrestored_documents [1-9]" "the unrelated article is not restored"

"$BIN" check --format json c >k0.json 2>/dev/null
"$BIN" check --format json --cache kc c >k1.json 2>/dev/null
"$BIN" check --format json --cache kc c >k2.json 2>/dev/null
cmp -s k0.json k1.json && cmp -s k0.json k2.json && ok "check --cache: identical reports" ||
  fail "check --cache changes the report"
finish
