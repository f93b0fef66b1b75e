#!/usr/bin/env bash
# Validate UBL 2.1 Invoice / CreditNote documents against the Peppol BIS Billing 3.0
# rules (CEN EN 16931 UBL rules + PEPPOL rules), using the compiled Schematron XSLTs
# in tests/data/peppol/rules/ (see PROVENANCE.md there) and Saxon-HE from Debian.
#
# Usage: peppol_validate.sh [--expect-fatal] [--keep-svrl DIR] FILE_OR_DIR...
#   FILE_OR_DIR  .xml files, or directories whose *.xml files (top level only) are checked.
#   --expect-fatal  negative test: succeed only if EVERY file has at least one fatal assert.
#   --keep-svrl DIR keep the SVRL reports (DIR/<name>.CEN.svrl, DIR/<name>.PEPPOL.svrl).
#
# Each rule set is compiled once per run: Saxon runs in directory mode (-s:dir -o:dir)
# over a temp copy of all inputs, one JVM per rule set (the two run in parallel), plus
# one JVM (XQuery) that reads the SVRL reports and prints the result.
#
# Exit status:
#   0   normal mode: no fatal assert failed in any file;
#       --expect-fatal: every file has at least one fatal assert failed
#   1   validation result not as expected, or a file could not be processed
#       (not well-formed, not a UBL Invoice/CreditNote, Saxon error)
#   2   java or Saxon-HE missing (ctest: SKIP_RETURN_CODE 2)
#   64  usage error
#
# Environment: SAXON_JAR (default /usr/share/java/Saxon-HE.jar), JAVA (default java),
#              PEPPOL_RULES_DIR (default <repo>/tests/data/peppol/rules).
set -euo pipefail

prog=${0##*/}
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
rules_dir=${PEPPOL_RULES_DIR:-"$script_dir/../tests/data/peppol/rules"}
saxon_jar=${SAXON_JAR:-/usr/share/java/Saxon-HE.jar}
java_bin=${JAVA:-java}
# Rule sets in Peppol validation order (the UBL XSD check is not done here).
rule_sets=(CEN PEPPOL)
declare -A rule_file=([CEN]=CEN-EN16931-UBL.xslt [PEPPOL]=PEPPOL-EN16931-UBL.xslt)

usage() {
    echo "usage: $prog [--expect-fatal] [--keep-svrl DIR] FILE_OR_DIR..." >&2
    exit 64
}

expect_fatal=false
keep_svrl=
args=()
while (($#)); do
    case $1 in
        --expect-fatal) expect_fatal=true ;;
        --keep-svrl) (($# >= 2)) || usage; keep_svrl=$2; shift ;;
        --keep-svrl=*) keep_svrl=${1#*=} ;;
        -h | --help) usage ;;
        --) shift; args+=("$@"); break ;;
        -*) echo "$prog: unknown option: $1" >&2; usage ;;
        *) args+=("$1") ;;
    esac
    shift
done
((${#args[@]})) || usage

# --- tools -------------------------------------------------------------------------
if ! command -v "$java_bin" >/dev/null 2>&1 || [[ ! -r $saxon_jar ]]; then
    {
        command -v "$java_bin" >/dev/null 2>&1 || echo "$prog: java not found ($java_bin)."
        [[ -r $saxon_jar ]] || echo "$prog: Saxon-HE not found ($saxon_jar)."
        echo "$prog: install with: apt-get install -y --no-install-recommends default-jre-headless libsaxonhe-java"
    } >&2
    exit 2
fi
for rs in "${rule_sets[@]}"; do
    if [[ ! -r $rules_dir/${rule_file[$rs]} ]]; then
        echo "$prog: rule set missing: $rules_dir/${rule_file[$rs]}" >&2
        exit 1
    fi
done
# Short-lived JVMs: C1 only and a small heap start-up cost; CEN needs ~200 MB.
java_opts=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss8m)

# --- inputs ------------------------------------------------------------------------
inputs=()
for a in "${args[@]}"; do
    if [[ -d $a ]]; then
        found=0
        while IFS= read -r -d '' f; do
            inputs+=("$f")
            found=1
        done < <(find "$a" -maxdepth 1 -type f -name '*.xml' -print0 | sort -z)
        ((found)) || echo "$prog: warning: no *.xml in directory $a" >&2
    elif [[ -f $a ]]; then
        inputs+=("$a")
    else
        echo "$prog: no such file or directory: $a" >&2
        exit 64
    fi
done
if ((${#inputs[@]} == 0)); then
    echo "$prog: no input files" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/peppol_validate.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
mkdir "$tmp/in"

xml_escape() {
    local s=$1
    s=${s//&/&amp;}
    s=${s//</&lt;}
    s=${s//>/&gt;}
    s=${s//\"/&quot;}
    printf '%s' "$s"
}

# Copy each input to a unique name (NNNN.xml), so equal basenames in different
# directories do not clash, and write a manifest for the report query.
{
    echo '<files>'
    i=0
    for f in "${inputs[@]}"; do
        i=$((i + 1))
        id=$(printf '%04d' "$i")
        cp -- "$f" "$tmp/in/$id.xml"
        printf '  <f id="%s" path="%s"/>\n' "$id" "$(xml_escape "$f")"
    done
    echo '</files>'
} >"$tmp/manifest.xml"

# --- transforms: one JVM per rule set, in parallel ----------------------------------
pids=()
for rs in "${rule_sets[@]}"; do
    mkdir "$tmp/out-$rs"
    "$java_bin" "${java_opts[@]}" -cp "$saxon_jar" net.sf.saxon.Transform \
        -s:"$tmp/in" -xsl:"$rules_dir/${rule_file[$rs]}" -o:"$tmp/out-$rs" \
        >"$tmp/log-$rs" 2>&1 &
    pids+=($!)
done
transform_failed=0
for idx in "${!rule_sets[@]}"; do
    if ! wait "${pids[$idx]}"; then
        rs=${rule_sets[$idx]}
        echo "$prog: Saxon failed for rule set $rs (${rule_file[$rs]}):" >&2
        sed 's/^/  /' "$tmp/log-$rs" >&2
        transform_failed=1
    fi
done

# --- report (one XQuery over the manifest and all SVRL outputs) ---------------------
cat >"$tmp/report.xq" <<'XQ'
declare namespace svrl = "http://purl.oclc.org/dsdl/svrl";
declare variable $tmp external;
declare variable $rulesets external;    (: space-separated, e.g. "CEN PEPPOL" :)
declare variable $expect-fatal external; (: "true" | "false" :)

declare function local:uri($p as xs:string) as xs:string {
  concat("file://", string-join(for $s in tokenize($p, "/") return encode-for-uri($s), "/"))
};

let $ubl := ("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
             "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")
let $sets := tokenize(normalize-space($rulesets), " ")
let $files := doc(local:uri(concat($tmp, "/manifest.xml")))/files/f
let $results :=
  for $f in $files
  let $in := local:uri(concat($tmp, "/in/", $f/@id, ".xml"))
  let $root := if (doc-available($in)) then doc($in)/* else ()
  let $is-ubl := exists($root) and namespace-uri($root) = $ubl
                 and local-name($root) = ("Invoice", "CreditNote")
  let $per-set :=
    for $rs in $sets
    let $out := local:uri(concat($tmp, "/out-", $rs, "/", $f/@id, ".xml"))
    let $svrl := if (doc-available($out)) then doc($out) else ()
    let $fa := $svrl//svrl:failed-assert
    let $fatal := $fa[@flag = "fatal"]
    let $warn := $fa[not(@flag = "fatal")]
    return
      <set name="{$rs}" ok="{exists($svrl)}" fatal="{count($fatal)}" warn="{count($warn)}">{
        for $a in $fatal
        return <fatal id="{$a/@id}">{normalize-space(string($a/svrl:text))}</fatal>,
        <warnids>{string-join(distinct-values(for $w in $warn return string($w/@id)), ", ")}</warnids>
      }</set>
  let $error :=
    if (empty($root)) then "not well-formed XML or not readable"
    else if (not($is-ubl)) then concat("root element {", namespace-uri($root), "}", local-name($root),
                                       " is not a UBL 2.1 Invoice or CreditNote")
    else if ($per-set[@ok = "false"]) then
      concat("no SVRL output for ", string-join($per-set[@ok = "false"]/@name, ", "))
    else ()
  let $nfatal := sum($per-set/@fatal)
  return
    <r path="{$f/@path}" fatal="{$nfatal}" error="{$error}">{
      $per-set
    }</r>
let $nl := "&#10;"
let $lines := (
  for $r in $results
  return (
    concat($r/@path, ": ",
           if (string($r/@error)) then concat("ERROR: ", $r/@error)
           else if (xs:integer($r/@fatal) = 0) then "OK"
           else concat("FAIL (", $r/@fatal, " fatal)")),
    if (string($r/@error)) then () else
    for $s in $r/set
    return (
      concat("  ", $s/@name, ": ", $s/@fatal, " fatal, ", $s/@warn, " warning(s)",
             if (string($s/warnids)) then concat(" [", $s/warnids, "]") else ""),
      for $a in $s/fatal return concat("    FATAL ", $a/@id, ": ", string($a))
    )
  ),
  let $n := count($results)
  let $nerr := count($results[string(@error)])
  let $nbad := count($results[not(string(@error)) and xs:integer(@fatal) > 0])
  let $ngood := count($results[not(string(@error)) and xs:integer(@fatal) = 0])
  let $pass := $nerr = 0 and (if ($expect-fatal = "true") then $ngood = 0 else $nbad = 0)
  return (
    concat("Summary: ", $n, " file(s): ", $ngood, " without fatal, ", $nbad, " with fatal, ",
           $nerr, " error(s)", if ($expect-fatal = "true") then " (expecting fatal in every file)" else ""),
    concat("STATUS ", if ($pass) then "PASS" else "FAIL")
  )
)
return string-join($lines, $nl)
XQ

report=$("$java_bin" "${java_opts[@]}" -cp "$saxon_jar" net.sf.saxon.Query \
    -q:"$tmp/report.xq" '!method=text' \
    tmp="$tmp" rulesets="${rule_sets[*]}" expect-fatal="$expect_fatal") || {
    echo "$prog: report query failed" >&2
    exit 1
}
printf '%s\n' "$report" | sed '$d'
status=$(printf '%s\n' "$report" | tail -n 1)

if [[ -n $keep_svrl ]]; then
    mkdir -p -- "$keep_svrl"
    i=0
    for f in "${inputs[@]}"; do
        i=$((i + 1))
        id=$(printf '%04d' "$i")
        base=$(basename -- "$f" .xml)
        for rs in "${rule_sets[@]}"; do
            [[ -f $tmp/out-$rs/$id.xml ]] && cp -- "$tmp/out-$rs/$id.xml" "$keep_svrl/$base.$rs.svrl"
        done
    done
fi

if ((transform_failed)) || [[ $status != "STATUS PASS" ]]; then
    exit 1
fi
exit 0
