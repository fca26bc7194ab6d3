# annotate_lint.sh: `crosscheck annotate lint` on the project's own labelled pairs (must be
# clean) and on copies with one planted problem each (each must be named as file:line).
. "$(dirname "$0")/lib.bash"

run annotate lint "$SRC/annotations/pairs"; expect_rc 0 "the project's pairs are clean"
expect_err '[0-9]+ entries, 0 errors' "summary line"
run annotate --help; expect_rc 0 "annotate --help"
run annotate frobnicate x; expect_rc 2 "an unknown annotate command is a usage error"
run annotate lint; expect_rc 2 "no FILE"

H=$'id\tlabel\ttext_a\ttext_b\tsource_a\tsource_b\tdate_a\tdate_b\ttype\tannotator\tlabeled_at'
row() { # row ID LABEL TEXT_A TEXT_B TYPE [ANNOTATOR]
  printf '%s\t%s\t%s\t%s\tWire A\tWire B\t2026-01-02\tunknown\t%s\t%s\t2026-11-23\n' "$1" "$2" "$3" "$4" "$5" "${6:-ana}"
}
good() { row p1 same "The dam opened." "The dam was opened." -; row p2 different "Rain fell in May." "Snow fell in May." -; }
plant() { # plant NAME REGEX DESCRIPTION < CONTENT (not in a pipeline: counts must survive)
  cat >"$TMP/$1.tsv"
  run annotate lint "$TMP/$1.tsv"; expect_rc 3 "$3: exit 3"
  expect_err "$1\\.tsv:$2" "$3: named with file:line"
}
{ echo "$H"; good; } >"$TMP/ok.tsv"
run annotate lint "$TMP/ok.tsv"; expect_rc 0 "a well-formed file"

plant label '4: .*label' "an unknown label" < <({ echo "$H"; good; row p3 maybe "A." "B." -; })
plant columns '4: .*columns' "too few columns" < <({ echo "$H"; good; printf 'p3\tsame\tA.\tB.\n'; })
plant dupid '4: .*p1' "an id used twice" < <({ echo "$H"; good; row p1 same "C." "D." -; })
plant relabel "4: .*ok|4: .*already at .*:2" "one pair relabelled differently" < <({ echo "$H"; good; row p3 conflict "The Dam Opened." "the dam was opened." number; })
plant untyped '4: .*type' "a conflict without its type" < <({ echo "$H"; good; row p3 conflict "A." "B." -; })
plant badtype '4: .*colour' "an unknown type" < <({ echo "$H"; good; row p3 same "A." "B." colour; })
plant baddate '4: .*2026-02-30' "a date that does not exist" < <({ echo "$H"; good; printf 'p3\tsame\tA.\tB.\tW\tW\t2026-02-30\tunknown\t-\tana\t2026-11-23\n'; })
plant half '4: .*half a line' "a file cut off in the middle of a line" < <({ echo "$H"; good; printf 'p3\tsame\tA.'; })
plant utf8 '4: .*UTF-8' "invalid UTF-8" < <({ echo "$H"; good; printf 'p3\tsame\t\xff\tB.\tW\tW\tunknown\tunknown\t-\tana\t2026-11-23\n'; })
plant header '1: .*source_a' "a header missing columns" < <(printf 'label\ttext_a\n')
plant empty '1: .*empty' "an empty file" < <(:)
plant verdict '2: .*maybe' "a verdict that is not confirmed/dismissed" < <(printf 'fingerprint\tverdict\treviewer\ttime\tnote\n0123abcd\tmaybe\trev\t2026-11-23T10:00:00Z\t\n')
printf 'fingerprint\tverdict\treviewer\ttime\tnote\n0123abcd\tdismissed\trev\t2026-11-23T10:00:00Z\tknown wording\n' >"$TMP/verdicts.tsv"
run annotate lint "$TMP/verdicts.tsv"; expect_rc 0 "a well-formed verdicts file"

# CRLF is read (with a warning), not an error
{ echo "$H"; good; } | sed 's/$/\r/' >"$TMP/crlf.tsv"
run annotate lint "$TMP/crlf.tsv"; expect_rc 0 "CRLF lines are read"; expect_err 'crlf\.tsv:2: warning' "CRLF is warned about"
# across files: the same id in two files
{ echo "$H"; row p1 same "E." "F." -; } >"$TMP/other.tsv"
run annotate lint "$TMP/ok.tsv" "$TMP/other.tsv"; expect_rc 3 "an id used in two files"
expect_err "other\\.tsv:2: .*p1" "named in the second file"
# agreement: two annotators, one disagreement
{ echo "$H"; row a1 same "The dam opened." "The dam was opened." - ana; row a2 conflict "19 nations." "39 nations." number ana; } >"$TMP/ana.tsv"
{ echo "$H"; row b1 same "the dam was opened." "The dam opened." - bob; row b2 same "19 nations." "39 nations." - bob; } >"$TMP/bob.tsv"
run annotate agreement "$TMP/ana.tsv" "$TMP/bob.tsv"; expect_rc 0 "agreement"
expect_out 'labelled by both: 2' "pairs matched by content"
expect_out 'ana\.tsv:3 conflict / .*bob\.tsv:3 same' "the disagreement is listed with file:line"
run annotate agreement --format json "$TMP/ana.tsv" "$TMP/bob.tsv"; expect_rc 0 "agreement json"
python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); assert o["n"]==2 and o["matrix"][1][0]==1, o' <<<"$OUT" && ok "json: n and matrix" || fail "json: n and matrix"
run annotate agreement "$TMP/ana.tsv"; expect_rc 2 "agreement needs two files"
run annotate agreement "$TMP/ana.tsv" "$TMP/label.tsv"; expect_rc 3 "agreement on an invalid file"
finish
