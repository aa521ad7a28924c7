// The POSIX sh script that carries out a plan's moves (`refactor-runbook migrate script`). What it guarantees, in the
// script's own header too: a dry run unless --apply; never overwrites (hard link, or a verified copy linked into
// place, both of which fail when the target exists); a copy across filesystems is checked for free space and sha256
// before the source is removed; every step is checked before the first is done, so a conflict changes nothing; stops
// at the first error saying what it has done; a manifest (step, sha256, size, source, target, action) and an undo
// script; re-running after an interruption recognises finished and half-finished steps and does nothing twice.
// File names travel as printf %b strings inside single quotes, so spaces, quotes, `$`, backticks, newlines and a
// leading `-` are data, never shell syntax.
import path from 'node:path';
import type { MigrationPlan, PlanEntry } from './migrationPlan';

/** A file name as a single-quoted printf %b argument: control characters, `'` and `\` as \0NNN octal escapes. */
export function shellEncodedName(name: string): string {
  let encoded = '';
  for (const character of name) {
    const code = character.codePointAt(0) as number;
    encoded += code < 0x20 || code === 0x7f || character === "'" || character === '\\' ? `\\0${code.toString(8).padStart(3, '0')}` : character;
  }
  return `'${encoded}'`;
}

/** The shell functions the script and its undo script share. */
const library = `say() { printf '%s\\n' "$*"; }
decode() { decoded=$(printf '%bx' "$1"); decoded=\${decoded%x}; }
digest() {
  case $sha_tool in
    sha256sum) sha256sum < "$1" | awk '{ print $1 }' ;;
    shasum) shasum -a 256 < "$1" | awk '{ print $1 }' ;;
    openssl) openssl dgst -sha256 -r < "$1" | awk '{ print $1 }' ;;
  esac
}
find_sha_tool() {
  for sha_tool in sha256sum shasum openssl ''; do
    if [ -n "$sha_tool" ] && command -v "$sha_tool" > /dev/null 2>&1; then return 0; fi
  done
  fail "none of sha256sum, shasum or openssl is installed; the sha256 checks need one of them"
}
exists() { [ -e "$1" ] || [ -L "$1" ]; }
size_of() { wc -c < "$1" | tr -d ' '; }
# Moves $1 to $2 without ever overwriting: a hard link (fails if $2 exists) then unlink; across filesystems a copy
# to a temporary name, checked for free space and sha256, linked into place (fails if $2 exists), then unlink.
transfer() {
  if ln -- "$1" "$2" 2> /dev/null; then
    rm -f -- "$1" || fail "linked $2 but could not remove $1"
    return 0
  fi
  if exists "$2"; then fail "$2 appeared while moving $1; nothing was overwritten"; fi
  folder=\${2%/*}
  available=$(df -Pk -- "$folder" | awk 'NR == 2 { print $4 }')
  case $available in ''|*[!0-9]*) fail "cannot read the free space of $folder (df -Pk)" ;; esac
  if [ $((available * 1024)) -lt "$3" ]; then fail "$folder has $((available * 1024)) bytes free, $1 needs $3"; fi
  partial="$folder/.rr-partial-$step"
  rm -f -- "$partial"
  cp -p -- "$1" "$partial" || fail "could not copy $1 to $partial"
  source_sum=$(digest "$1")
  copy_sum=$(digest "$partial")
  if [ -z "$source_sum" ] || [ "$source_sum" != "$copy_sum" ]; then rm -f -- "$partial"; fail "the copy of $1 differs from it (sha256 $source_sum, copy $copy_sum); the source is untouched"; fi
  ln -- "$partial" "$2" || { rm -f -- "$partial"; fail "could not put the copy at $2"; }
  rm -f -- "$partial" "$1" || fail "copied $1 to $2 (sha256 verified) but could not remove $1"
}
`;

function relativeLink(source: string, target: string): string {
  return path.posix.relative(path.posix.dirname(target), source);
}

function stepLine(entry: PlanEntry, index: number): string {
  const target = entry.target as string;
  return `step ${index + 1} ${entry.size} ${shellEncodedName(entry.source)} ${shellEncodedName(target)} ${shellEncodedName(relativeLink(entry.source, target))}`;
}

export interface ScriptOptions {
  /** The script's path relative to the repository root (it finds the root from its own location). */
  readonly scriptPath: string;
  readonly toolVersion: string;
  /** The command that generated it, for the header. */
  readonly command: string;
  readonly converterPath: string;
}

function bytes(count: number): string {
  return count < 1024 ? `${count} B` : count < 1024 * 1024 ? `${(count / 1024).toFixed(1)} KiB` : count < 1024 ** 3 ? `${(count / 1024 / 1024).toFixed(1)} MiB` : `${(count / 1024 ** 3).toFixed(2)} GiB`;
}

export function migrationScriptText(plan: MigrationPlan, options: ScriptOptions): string {
  const moves = plan.entries.filter((entry) => entry.status === 'move');
  const depth = path.posix.dirname(options.scriptPath) === '.' ? 0 : path.posix.dirname(options.scriptPath).split('/').length;
  const up = depth === 0 ? '.' : Array.from({ length: depth }, () => '..').join('/');
  const { summary } = plan;
  const leftOut = [
    summary.convert.files > 0 ? `${summary.convert.files} checkpoint(s) needing conversion (${options.converterPath}, refactor-runbook migrate converter)` : '',
    summary.unmapped.files > 0 ? `${summary.unmapped.files} unmapped` : '',
    summary.excluded.files > 0 ? `${summary.excluded.files} excluded in refactor-runbook.json` : '',
    summary.present.files > 0 ? `${summary.present.files} already in place` : '',
  ].filter((part) => part !== '');
  const state = `.refactor-runbook/migration/${plan.id}`;
  return `#!/bin/sh
# Moves the legacy artifacts of plan ${plan.id} into ${plan.experimentRoot}/ (layout ${plan.template}).
# Generated by \`${options.command}\` (refactor-runbook ${options.toolVersion}); do not edit: re-generate it.
# ${moves.length} file(s), ${bytes(summary.move.bytes)}, from ${plan.roots.join(', ')}.${leftOut.length > 0 ? ` Not in this script: ${leftOut.join(', ')}; see \`refactor-runbook migrate plan\`.` : ''}
#
# Usage: sh ${options.scriptPath} [--apply] [--symlink]
#   (no option)  dry run: checks every step and says what it would do; changes nothing.
#   --apply      moves each file: a hard link then unlink on one filesystem; across filesystems a copy that is
#                checked for free space and sha256 before the source is removed.
#   --symlink    with --apply: leaves each source in place and puts a relative symbolic link at its target.
#
# What it never does: overwrite a file (links fail when the target exists); remove a source before its content is at
# the target; go on after an error (it stops, saying what it has done). Every step is checked before the first one
# is done, so a conflict (a target that exists with other content, a source that changed since the plan) changes
# nothing. It writes ${state}/manifest.tsv (step, sha256, size, source, target, action) and
# ${state}/undo.sh, which moves every file back. Re-run it after an interruption: steps already done are
# recognised (also half-done ones) and nothing is done twice.
# One line per file below: step NUMBER SIZE SOURCE TARGET LINK; names are printf %b strings (\\0012 is a newline).

set -u
here=$(cd -- "$(dirname -- "$0")" && pwd) || exit 2
cd -- "$here/${up}" || exit 2

apply=0
action=move
for option in "$@"; do
  case $option in
    --apply) apply=1 ;;
    --symlink) action=symlink ;;
    -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \\{0,1\\}//'; exit 0 ;;
    *) printf 'migrate: unknown option %s (use --apply, --symlink or --help)\\n' "$option" >&2; exit 2 ;;
  esac
done

state=${shellEncodedName(state)}
tab=$(printf '\\t')
manifest="$state/manifest.tsv"
total=${moves.length}
done_now=0
done_before=0
step=0
phase=check

fail() {
  printf 'migrate: error at step %s of %s: %s\\n' "$step" "$total" "$*" >&2
  if [ "$phase" = check ]; then
    printf 'migrate: nothing was changed (every step is checked before the first one is done).\\n' >&2
  else
    printf 'migrate: stopped. This run finished %s step(s) (%s were done before); they are listed in %s. Fix the problem and run the script again: finished steps are skipped; %s/undo.sh undoes them.\\n' "$done_now" "$done_before" "$manifest" "$state" >&2
  fi
  exit 1
}
${library}
record() {
  if [ -f "$manifest" ] && grep -q "^$step$tab.*$tab$1\\$" "$manifest"; then return 0; fi
  sum=$(digest "$target")
  [ -n "$sum" ] || fail "cannot compute the sha256 of $target"
  printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$step" "$sum" "$size" "$source_name" "$target_name" "$1" >> "$manifest" || fail "cannot write $manifest"
}
make_folders() {
  [ -d "$1" ] && return 0
  case $1 in */*) make_folders "\${1%/*}" ;; esac
  mkdir -- "$1" || fail "cannot create the folder $1"
  printf '%s\\n' "$1" >> "$state/folders.txt"
}

# What a step needs: todo, finish (interrupted half-way: the content is at the target, the source remains), record
# (done but not in the manifest yet) or done. Anything else is an error.
assess() {
  if [ -f "$manifest" ] && grep -q "^$step$tab.*$tab$action\\$" "$manifest"; then verdict=done; return 0; fi
  if exists "$target"; then
    if [ "$action" = symlink ]; then
      if [ -L "$target" ] && [ "$target" -ef "$source" ]; then verdict=record; return 0; fi
      fail "$target exists; nothing is overwritten"
    fi
    if [ -L "$target" ]; then fail "$target is a symbolic link (from a --symlink run?); run that run's undo.sh first"; fi
    if exists "$source"; then
      if [ "$source" -ef "$target" ]; then verdict=finish; return 0; fi
      if [ "$(size_of "$target")" = "$size" ] && [ "$(digest "$target")" = "$(digest "$source")" ]; then verdict=finish; return 0; fi
      fail "$target exists with other content than $source; nothing is overwritten"
    fi
    if [ "$(size_of "$target")" = "$size" ]; then verdict=record; return 0; fi
    fail "$source is gone and $target has $(size_of "$target") bytes, not the planned $size"
  fi
  if ! exists "$source"; then fail "$source does not exist (moved or deleted since the plan); re-generate the script"; fi
  if [ -L "$source" ] || [ ! -f "$source" ]; then fail "$source is not a regular file any more; re-generate the script"; fi
  if [ "$(size_of "$source")" != "$size" ]; then fail "$source has $(size_of "$source") bytes, not the planned $size: it changed since the plan; re-generate the script"; fi
  verdict=todo
}

step() {
  step=$1
  size=$2
  source_name=$3
  target_name=$4
  decode "$3"; source=$decoded
  decode "$4"; target=$decoded
  decode "$5"; link=$decoded
  assess
  if [ "$phase" = check ]; then
    case $verdict in
      done|record) done_before=$((done_before + 1)) ;;
      *) [ "$apply" = 1 ] || say "would $action: $source -> $target ($size bytes)$([ "$verdict" = finish ] && printf ' (finishing an interrupted move)')" ;;
    esac
    return 0
  fi
  case $verdict in
    done) return 0 ;;
    record) record "$action"; return 0 ;;
    finish)
      rm -f -- "\${target%/*}/.rr-partial-$step"
      record move
      rm -f -- "$source" || fail "could not remove $source (its content is at $target)"
      ;;
    todo)
      make_folders "\${target%/*}"
      if [ "$action" = symlink ]; then
        ln -s -- "$link" "$target" || fail "could not link $target to $source"
        [ "$target" -ef "$source" ] || fail "the link $target does not reach $source"
        record symlink
      else
        transfer "$source" "$target" "$size"
        record move
      fi
      ;;
  esac
  done_now=$((done_now + 1))
  say "$action: $source -> $target"
}

plan() {
${moves.length === 0 ? '  : # nothing to move' : moves.map((entry, index) => `  ${stepLine(entry, index)}`).join('\n')}
}

find_sha_tool
plan
if [ "$apply" = 0 ]; then
  say "dry run: $((total - done_before)) of $total file(s) to $action, $done_before already done; nothing was changed. Run with --apply to do it."
  exit 0
fi
mkdir -p -- "$state" || fail "cannot create $state"
if [ ! -f "$state/undo.sh" ]; then
  cat > "$state/undo.sh" << 'RR_UNDO_EOF' || fail "cannot write $state/undo.sh"
${undoScriptText(plan)}RR_UNDO_EOF
fi
phase=run
plan
say "done: $done_now file(s) this run, $done_before before, $total in all. Manifest: $manifest; undo: sh $state/undo.sh"
`;
}

/** Reads the manifest next to it and moves each file back (or removes each link), with the same checks. */
function undoScriptText(plan: MigrationPlan): string {
  return `#!/bin/sh
# Undoes plan ${plan.id}: moves every file in manifest.tsv (next to this script) back to its source, or removes the
# link a --symlink run made, then removes the folders the migration created if they are empty. Never overwrites; a
# target whose sha256 differs from the manifest is left alone and reported. Can be re-run after an interruption.
set -u
state=$(cd -- "$(dirname -- "$0")" && pwd) || exit 2
cd -- "$state/../../.." || exit 2
manifest="$state/manifest.tsv"
step=0
undone=0
fail() {
  printf 'undo: error at manifest step %s: %s\\n' "$step" "$*" >&2
  printf 'undo: stopped; %s file(s) were moved back in this run. Fix the problem and run it again.\\n' "$undone" >&2
  exit 1
}
${library}
[ -f "$manifest" ] || { say "undo: $manifest does not exist: nothing to undo"; exit 0; }
find_sha_tool
tab=$(printf '\\t')
while IFS=$tab read -r step sum size source_name target_name action; do
  decode "$source_name"; source=$decoded
  decode "$target_name"; target=$decoded
  if [ "$action" = symlink ]; then
    if [ -L "$target" ]; then rm -f -- "$target" || fail "cannot remove the link $target"; undone=$((undone + 1)); say "unlinked: $target"; fi
    continue
  fi
  if ! exists "$target"; then
    if exists "$source" && [ "$(digest "$source")" = "$sum" ]; then continue; fi
    fail "$target is gone and $source is not back; nothing was changed for this file"
  fi
  if [ "$(digest "$target")" != "$sum" ]; then fail "$target changed since it was moved (sha256 differs from the manifest); it is left where it is"; fi
  if exists "$source"; then
    if [ "$(digest "$source")" = "$sum" ]; then rm -f -- "$target"; undone=$((undone + 1)); continue; fi
    fail "$source exists with other content; nothing is overwritten"
  fi
  make_back="\${source%/*}"
  [ -d "$make_back" ] || mkdir -p -- "$make_back" || fail "cannot create $make_back"
  transfer "$target" "$source" "$size"
  undone=$((undone + 1))
  say "moved back: $target -> $source"
done < "$manifest"
if [ -f "$state/folders.txt" ]; then
  sort -r -- "$state/folders.txt" | while IFS= read -r folder; do rmdir -- "$folder" 2> /dev/null || :; done
  mv -- "$state/folders.txt" "$state/folders.undone.txt"
fi
mv -- "$manifest" "$state/manifest.undone.tsv" || fail "cannot rename $manifest"
say "undo: $undone file(s) moved back or unlinked; the manifest is now $state/manifest.undone.tsv"
`;
}
