# cli.sh: the CLI contract of DESIGN §5: help, version, exit codes, formats, -o.
. "$(dirname "$0")/lib.bash"

run --version;            expect_rc 0 "--version"; expect_out '^crosscheck [0-9]+\.[0-9]+\.[0-9]+$' "version format"
run --help;               expect_rc 0 "--help";    expect_out 'claims' "help lists claims"
run;                      expect_rc 2 "no command is a usage error"
run frobnicate;           expect_rc 2 "unknown command"; expect_err "'frobnicate' is not a command" "names the unknown command"
for cmd in claims docs; do
  run $cmd --help;        expect_rc 0 "$cmd --help"; expect_out "^Usage: crosscheck $cmd" "$cmd help has usage"
  run $cmd --no-such-flag x; expect_rc 2 "$cmd unknown flag"
  run $cmd;               expect_rc 2 "$cmd without PATH"
done
run claims --format yaml x; expect_rc 2 "bad --format"; expect_err "jsonl or tsv" "says which formats"
run claims --max-doc-bytes lots x; expect_rc 2 "bad size"

printf 'The council met on Tuesday. It approved the budget.\n' >"$TMP/a.txt"
run claims "$TMP/does-not-exist.txt"; expect_rc 3 "missing file is an input error"
expect_err 'does-not-exist\.txt' "error names the missing file"
run claims "$TMP/does-not-exist.txt" "$TMP/a.txt"; expect_rc 3 "missing file among good ones"
expect_out 'approved the budget' "the good file is still processed"

run claims "$TMP/a.txt"; expect_rc 0 "claims on a file"
"$BIN" claims "$TMP/a.txt" >"$TMP/a.jsonl" && valid_jsonl "$TMP/a.jsonl" && ok "claims prints valid JSONL" || fail "claims JSONL invalid"
python3 - "$TMP/a.jsonl" "$TMP/a.txt" <<'PY' && ok "spans cut the claim text out of the file" || fail "spans do not match the file"
import json, sys
raw = open(sys.argv[2], 'rb').read()
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    for k in ('id', 'doc', 'path', 'sentence', 'span', 'text'):
        assert k in o, k
    s, e = o['span']
    assert raw[s:e].decode('utf-8') == o['text'], (raw[s:e], o['text'])
PY
run claims --format tsv "$TMP/a.txt"; expect_rc 0 "tsv"; expect_out $'^id\tdoc\tpath' "tsv header"

run claims -o "$TMP/out.jsonl" "$TMP/a.txt"; expect_rc 0 "-o FILE"
[ -s "$TMP/out.jsonl" ] && [ -z "$OUT" ] && ok "-o writes the file, not stdout" || fail "-o"
ls "$TMP"/out.jsonl.tmp.* >/dev/null 2>&1 && fail "-o left a temporary file" || ok "-o leaves no temporary file"

printf 'Officials said the talks would resume. Nobody objected.\n' | "$BIN" claims - >"$TMP/stdin.jsonl"
grep -q '"doc":"stdin"' "$TMP/stdin.jsonl" && ok "stdin is read with '-'" || fail "stdin"

run docs "$TMP/a.txt"; expect_rc 0 "docs"; expect_out 'date +unknown' "docs shows an unknown date"
finish
