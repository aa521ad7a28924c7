// Per-statement results of the statement-scoped rules for one open Python document, so an edit re-evaluates only
// the module-level statements it can affect (pythonDocumentAnalysis.ts). After a re-parse:
// - a statement entirely before or after the edit (with the text before it on its line), at the same place relative
//   to it and free of syntax errors, keeps its results (its subtree is a function of its text: it starts in the
//   module's parse state); so does one with errors whose syntax did not change (Tree.getChangedRanges);
// - when a version with syntax errors is followed by one without, the move starts from the last version without
//   errors (saveCheckpoint/rewind), as one edit: error recovery may have reshaped statements in between;
// - the edited statements are re-evaluated, and so is every kept statement that mentions a name whose module-level
//   or class-level bindings, or import alias, the edit changed (transitively through other such bindings), because
//   value tracing follows those names across statements (pythonValueTracing.ts);
// - a rule re-evaluates the whole file when its fileKey changes, when a name it shares between statements appears
//   or disappears, or when a statement outside the scope turns out to be volatile (see StatementScope in rule.ts).
// Within a class, each method (and each stretch between methods) is a statement of its own here, also when the class
// holds a syntax error inside a method (see entryOf).
// A random-edit test (test/unit/rules/statementResults.test.ts) checks the results always equal a complete run on
// the same tree, and a fresh analysis whenever the text parses without errors.
import type { Node, Tree } from 'web-tree-sitter';
import type { TextChange } from '../python/pythonParser';
import { carryImportAliases, childrenOf, importAliases, namedChildrenOf, nodeAt, topLevelChildren, topLevelChildrenAfterEdit } from '../rules/pythonSyntax';
import { moduleBindingSites } from '../rules/pythonValueTracing';
import type { ModuleBindingSite } from '../rules/pythonValueTracing';
import type { PythonRule, PythonRuleContext, RuleFinding, StatementScope } from '../rules/rule';
import type { SourceRange, TextEdit } from './finding';
import type { SourceText } from './sourceText';
import { escapeRegExp } from '../text/escapeRegExp';
import { ownCopy } from '../text/ownCopy';

/** A finding kept with offsets relative to its statement's start, so it can follow the statement when it moves. */
interface KeptFinding {
  readonly finding: RuleFinding;
  readonly start: number;
  readonly end: number;
  readonly edits: ReadonlyArray<{ readonly start: number; readonly end: number }>;
  /** The finding as last placed, and where its statement started then: its offset, line and the line's start. */
  placed?: { readonly at: number; readonly line: number; readonly lineStart: number; readonly finding: RuleFinding };
}

interface StatementRuleResult {
  readonly findings: readonly KeptFinding[];
  readonly exports: readonly string[];
  readonly volatile: boolean;
}

/** A module-level class whose body is split into records (one per method, one per stretch between methods). */
interface ClassGroup {
  start: number;
  end: number;
  /** Decorators and `class Name(Bases):`, up to the body. */
  readonly head: string;
}

/** Mutable: a record kept after an edit below it moves with its statement (no copy per keystroke). */
interface StatementRecord {
  start: number;
  end: number;
  readonly hasError: boolean;
  /** Set for the parts of a class split by method (see recordsOf). */
  readonly group?: ClassGroup;
  /** Module-level binding sites, computed when first needed (they depend on the statement's text only). */
  sites: readonly ModuleBindingSite[] | undefined;
  /** By rule slot (StatementResults.slotOf): an array, as every edit reads it once per rule and record. */
  results: Array<StatementRuleResult | undefined>;
}

/** The records of one module-level statement: itself, or the parts of a class. */
interface TopLevelEntry {
  start: number;
  end: number;
  readonly records: readonly StatementRecord[];
  /** The move (StatementResults.moves) that last kept this entry: marks it without a set per keystroke. */
  keptIn: number;
}

interface RuleState {
  readonly fileKey: string;
  readonly exports: ReadonlySet<string>;
}

const noFindings: readonly KeptFinding[] = [];
const noExports: readonly string[] = [];

/** Matches a bare use of any of `names` (not an attribute: `cfg.name` is never traced as `name`). */
function mentionPattern(names: ReadonlySet<string>): RegExp {
  return new RegExp(`(?<![\\w.])(?:${[...names].map(escapeRegExp).join('|')})(?![\\w])`);
}

function sameSets(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

function offsetOf(source: SourceText, line: number, column: number): number {
  return (source.lineStarts[line - 1] ?? source.text.length) + column - 1;
}

/** Offsets of a range, or undefined when it does not lie inside the text. */
function offsetsOf(source: SourceText, range: SourceRange): { start: number; end: number } | undefined {
  if (source.rangeProblem(range) !== undefined) {
    return undefined;
  }
  return { start: offsetOf(source, range.line, range.column), end: offsetOf(source, range.endLine, range.endColumn) };
}

/**
 * The records of one module-level statement: the statement itself, or for a class, its methods and the non-blank
 * stretches between them (header, docstring, fields), so an edit inside a method re-evaluates that method only. A
 * method's results also depend on its class: the header (kept records must have the same one), and `self.x = ...` in
 * other methods (see invalidateSelfAttributeUses). A syntax error inside one method leaves the class split (only the
 * parts holding errors are marked), so breaking a method and mending it re-evaluates that method, not the class.
 */
function entryOf(tree: Tree, source: string, index: number, type: string, start: number, end: number, anyError: boolean): TopLevelEntry {
  const node = anyError || type === 'class_definition' || type === 'decorated_definition' ? tree.rootNode.child(index) : null;
  const hasError = anyError && (node?.hasError ?? true);
  const classNode = node === null ? null : node.type === 'class_definition' ? node : node.type === 'decorated_definition' ? node.childForFieldName('definition') : null;
  const body = classNode?.type === 'class_definition' ? classNode.childForFieldName('body') : null;
  if (node === null || body === null || body === undefined || (hasError && headerHasError(node, body))) {
    return { start, end, keptIn: 0, records: [newRecord(start, end, hasError, undefined)] };
  }
  const records: StatementRecord[] = [];
  const group: ClassGroup = { start, end, head: ownCopy(source.slice(start, body.startIndex)) };
  // With errors in the class, each part says whether it holds one (its children, named or not, in the body).
  const members = hasError ? childrenOf(body) : namedChildrenOf(body);
  // Blank space between methods holds nothing to evaluate: no record.
  const addStretch = (from: number, to: number): void => {
    if (to > from && source.slice(from, to).trim() !== '') {
      records.push(newRecord(from, to, hasError && members.some((child) => child.startIndex < to && from < child.endIndex && child.hasError), group));
    }
  };
  let pieceStart = start;
  for (const member of members) {
    const definition = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (definition?.type !== 'function_definition') {
      continue;
    }
    addStretch(pieceStart, member.startIndex);
    records.push(newRecord(member.startIndex, member.endIndex, hasError && member.hasError, group));
    pieceStart = member.endIndex;
  }
  addStretch(pieceStart, end);
  return { start, end, records, keptIn: 0 };
}

/** A record with no results yet (and its binding sites read when first needed). */
function newRecord(start: number, end: number, hasError: boolean, group: ClassGroup | undefined): StatementRecord {
  return { start, end, hasError, ...(group === undefined ? {} : { group }), sites: undefined, results: [] };
}

/** Whether anything of a class statement before its body (decorators, name, bases) holds a syntax error. */
function headerHasError(statement: Node, body: Node): boolean {
  for (const child of childrenOf(statement)) {
    if (child.startIndex >= body.startIndex) break;
    // A decorated class: its definition holds the body, whose errors do not count here.
    if (child.type === 'class_definition') return headerHasError(child, body);
    if (child.hasError) return true;
  }
  return false;
}

/**
 * Where `[start, end)` of the new text began in the previous text, when neither it nor the text before it on its line
 * (a statement after `;`, a trailing comment) is touched by `change`; undefined when the edit may have touched them.
 */
function previousStart(start: number, end: number, source: string, change: TextChange): number | undefined {
  if (end < change.startOffset) {
    return start;
  }
  if (source.lastIndexOf('\n', start - 1) + 1 > change.newEndOffset) {
    return start - (change.newEndOffset - change.oldEndOffset);
  }
  return undefined;
}

/** The entry of the previous tree that holds the same text as `[start, end)` after `change`, if any. */
function entryBefore(entries: readonly TopLevelEntry[], start: number, end: number, source: string, change: TextChange): TopLevelEntry | undefined {
  const wanted = previousStart(start, end, source, change);
  if (wanted === undefined) {
    return undefined;
  }
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = entries[middle];
    if (entry === undefined) return undefined;
    if (entry.start < wanted) {
      low = middle + 1;
    } else if (entry.start > wanted) {
      high = middle - 1;
    } else {
      return entry.end - entry.start === end - start ? entry : undefined;
    }
  }
  return undefined;
}

/** The records of `entries`, in text order. */
function recordsOf(entries: readonly TopLevelEntry[]): StatementRecord[] {
  let count = 0;
  for (const entry of entries) count += entry.records.length;
  const records = new Array<StatementRecord>(count);
  let index = 0;
  for (const entry of entries) {
    for (const record of entry.records) records[index++] = record;
  }
  return records;
}

/** A copy that later moves and results do not touch (records are moved in place and their results replaced). */
function copyOfEntry(entry: TopLevelEntry): TopLevelEntry {
  const oldGroup = entry.records[0]?.group;
  const group = oldGroup === undefined ? undefined : { ...oldGroup };
  const records = entry.records.map((record): StatementRecord => ({ ...record, ...(group === undefined ? {} : { group }), results: [...record.results] }));
  return { start: entry.start, end: entry.end, records, keptIn: 0 };
}

/** A finding to keep across edits: its texts copied, so it holds no version of the document alive (see ownCopy). */
function keptCopy(finding: RuleFinding): RuleFinding {
  const fix = finding.fix;
  return {
    ...finding,
    message: ownCopy(finding.message),
    ...(fix === undefined ? {} : { fix: { title: ownCopy(fix.title), edits: fix.edits.map((edit) => ({ ...edit, newText: ownCopy(edit.newText) })) } }),
  };
}

/** Moves a kept entry's records (and their class) by `delta`. */
function shiftEntry(entry: TopLevelEntry, delta: number): void {
  if (delta === 0) return;
  entry.start += delta;
  entry.end += delta;
  for (const record of entry.records) {
    record.start += delta;
    record.end += delta;
  }
  // An entry is one statement, or the parts of one class (sharing one group).
  const group = entry.records[0]?.group;
  if (group !== undefined) {
    group.start += delta;
    group.end += delta;
  }
}

/** `self.x = ...` targets in a text (the assignments selfAttributeValue looks for). */
function selfAssignments(text: string): Set<string> {
  return new Set([...text.matchAll(/\bself\.(\w+)\s*(?::[^=\n]+)?=(?!=)/g)].map((match) => match[1] ?? ''));
}

/** The record starting at `start` (binary search; records are sorted and do not overlap). */
function recordAt(records: readonly StatementRecord[], offset: number): StatementRecord | undefined {
  let low = 0;
  let high = records.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const record = records[middle];
    if (record === undefined) {
      return undefined;
    }
    if (offset < record.start) {
      high = middle - 1;
    } else if (offset >= record.end) {
      low = middle + 1;
    } else {
      return record;
    }
  }
  return undefined;
}

function sitesOf(record: StatementRecord, tree: Tree, source: string): readonly ModuleBindingSite[] {
  record.sites ??= moduleBindingSites(tree, source, record.start, record.end);
  return record.sites;
}

/** Whether a record of the previous tree may stand for one of the new tree as far as its class is concerned. */
function sameGroup(old: ClassGroup | undefined, fresh: ClassGroup | undefined, change: TextChange): boolean {
  if (old === undefined || fresh === undefined) {
    return old === fresh;
  }
  const delta = change.newEndOffset - change.oldEndOffset;
  const mapped = fresh.start < change.startOffset ? fresh.start : fresh.start - delta;
  return old.start === mapped && old.head === fresh.head;
}

/** Names whose bindings (in order, by site text) differ between two sets of statements. */
function changedBindings(before: readonly ModuleBindingSite[], after: readonly ModuleBindingSite[]): Set<string> {
  const byName = (sites: readonly ModuleBindingSite[]): Map<string, string[]> => {
    const map = new Map<string, string[]>();
    for (const site of sites) {
      const list = map.get(site.name) ?? [];
      list.push(site.siteText);
      map.set(site.name, list);
    }
    return map;
  };
  const old = byName(before);
  const fresh = byName(after);
  const changed = new Set<string>();
  for (const name of new Set([...old.keys(), ...fresh.keys()])) {
    const a = old.get(name) ?? [];
    const b = fresh.get(name) ?? [];
    if (a.length !== b.length || a.some((text, index) => text !== b[index])) {
      changed.add(name);
    }
  }
  return changed;
}

function changedAliases(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const [name, qualified] of before) {
    if (after.get(name) !== qualified) changed.add(name);
  }
  for (const [name, qualified] of after) {
    if (before.get(name) !== qualified) changed.add(name);
  }
  return changed;
}

export class StatementResults {
  private records: StatementRecord[] = [];
  private topLevel: TopLevelEntry[] = [];
  private readonly ruleStates = new Map<string, RuleState>();
  /** Rule id → index into each record's results. */
  private readonly slots = new Map<string, number>();
  /** Slots some record may hold results in (forget has nothing to clear elsewhere). */
  private readonly storedSlots = new Set<number>();
  /** Counts calls to moveTo (see TopLevelEntry.keptIn). */
  private moves = 0;
  private previousHadError = false;
  /** The records of the last version without syntax errors, saved when an edit broke the syntax (see saveCheckpoint). */
  private checkpoint: { readonly entries: TopLevelEntry[]; readonly ruleStates: Map<string, RuleState>; readonly storedSlots: Set<number> } | undefined;

  /**
   * Saves the current records and results, before moving to a tree with syntax errors. When a later version parses
   * cleanly again, rewind() brings them back and moveTo applies everything typed since as one change: statements that
   * error recovery restructured in between keep their results, as long as their text and what they read are the same.
   */
  saveCheckpoint(): void {
    this.checkpoint = { entries: this.topLevel.map(copyOfEntry), ruleStates: new Map(this.ruleStates), storedSlots: new Set(this.storedSlots) };
  }

  get hasCheckpoint(): boolean {
    return this.checkpoint !== undefined;
  }

  /** Goes back to the saved records; the next moveTo must start from the checkpoint's tree and text. */
  rewind(): void {
    const checkpoint = this.checkpoint;
    if (checkpoint === undefined) {
      throw new Error('StatementResults.rewind: no checkpoint was saved');
    }
    this.checkpoint = undefined;
    this.topLevel = checkpoint.entries;
    this.records = recordsOf(checkpoint.entries);
    this.ruleStates.clear();
    for (const [id, state] of checkpoint.ruleStates) this.ruleStates.set(id, state);
    this.storedSlots.clear();
    for (const slot of checkpoint.storedSlots) this.storedSlots.add(slot);
    this.previousHadError = false;
  }

  dropCheckpoint(): void {
    this.checkpoint = undefined;
  }

  private slotOf(ruleId: string): number {
    let slot = this.slots.get(ruleId);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(ruleId, slot);
    }
    return slot;
  }

  /**
   * Moves to `tree` (the re-parse of `previousTree` after `change`, or a first parse when `previousTree` is
   * undefined). Call it while the previous tree is still alive.
   */
  moveTo(tree: Tree, source: string, previousTree: Tree | undefined, previousSource: string, change: TextChange | undefined): void {
    const { ranges, types } = previousTree === undefined || change === undefined ? topLevelChildren(tree) : topLevelChildrenAfterEdit(tree, previousTree, change);
    const anyError = tree.rootNode.hasError;
    const previousEntries = this.topLevel;
    const previous = this.records;
    const first = previousTree === undefined || change === undefined || previous.length === 0;
    const move = ++this.moves;
    const entries: TopLevelEntry[] = [];
    const rebuilt: TopLevelEntry[] = [];
    // When either tree has syntax errors, a statement outside the ranges whose syntax changed has the previous tree's
    // structure, errors included, so it keeps its records. Inside those ranges, only a statement free of errors in
    // both trees does (its subtree is then a function of its text).
    const structureMayDiffer = !first && (anyError || this.previousHadError);
    const changedRanges = structureMayDiffer ? previousTree.getChangedRanges(tree) : [];
    const keepsStructure = (old: TopLevelEntry, index: number, start: number, end: number): boolean =>
      !structureMayDiffer ||
      !changedRanges.some((range) => range.startIndex < end && start < range.endIndex) ||
      (!old.records.some((record) => record.hasError) && !(anyError && (tree.rootNode.child(index)?.hasError ?? true)));
    this.previousHadError = anyError;
    for (let index = 0; index < types.length; index++) {
      const start = ranges[index * 2] ?? 0;
      const end = ranges[index * 2 + 1] ?? 0;
      // A statement the edit did not touch keeps its records, moved in place; the others are built again.
      const old = first ? undefined : entryBefore(previousEntries, start, end, source, change);
      if (old !== undefined && old.keptIn !== move && keepsStructure(old, index, start, end)) {
        shiftEntry(old, start - old.start);
        old.keptIn = move;
        entries.push(old);
        continue;
      }
      const entry = entryOf(tree, source, index, types[index] ?? '', start, end, anyError);
      rebuilt.push(entry);
      entries.push(entry);
    }
    this.topLevel = entries;
    if (first) {
      this.records = recordsOf(entries);
      this.ruleStates.clear();
      this.checkpoint = undefined;
      // Indexed now, when the document opens, so the first edit that re-binds a name does not pay for the file.
      for (const record of this.records) sitesOf(record, tree, source);
      return;
    }
    // Inside a rebuilt statement (a class with an edited method), parts whose text the edit did not touch keep
    // their results. The replaced records still hold their previous positions.
    const replaced: StatementRecord[] = [];
    for (const entry of previousEntries) {
      if (entry.keptIn !== move) replaced.push(...entry.records);
    }
    const keptParts = new Set<StatementRecord>();
    const added: StatementRecord[] = [];
    for (const entry of rebuilt) {
      const records = entry.records as StatementRecord[];
      for (let index = 0; index < records.length; index++) {
        const record = records[index];
        if (record === undefined) continue;
        const wanted = record.group === undefined ? undefined : previousStart(record.start, record.end, source, change);
        const old = wanted === undefined ? undefined : recordAt(replaced, wanted);
        if (old === undefined || old.start !== wanted || old.end - old.start !== record.end - record.start || old.hasError || record.hasError || !sameGroup(old.group, record.group, change)) {
          added.push(record);
          continue;
        }
        keptParts.add(old);
        records[index] = { start: record.start, end: record.end, hasError: false, group: record.group, sites: old.sites, results: old.results };
      }
    }
    const removed = replaced.filter((record) => !keptParts.has(record));
    const addedSet = new Set(added);
    this.records = recordsOf(entries);
    // New records' sites are read now, from their own tree: a removed record's must have been read that way too, as
    // the previous tree has been edited (its nodes no longer match the previous text).
    const addedSites = added.flatMap((record) => sitesOf(record, tree, source));
    const removedSites: ModuleBindingSite[] = [];
    for (const record of removed) {
      if (record.sites === undefined) {
        // Never read (not expected): what the record bound is unknown, so nothing kept can be trusted.
        for (const kept of this.records) kept.results = [];
        return;
      }
      removedSites.push(...record.sites);
    }
    const changed = changedBindings(removedSites, addedSites);
    const previousAliases = importAliases(previousTree, previousSource);
    if (!carryImportAliases(previousTree, previousSource, tree, source, change)) {
      for (const name of changedAliases(previousAliases, importAliases(tree, source))) changed.add(name);
    }
    this.invalidateSelfAttributeUses(removed, added, addedSet, previousSource, source);
    if (changed.size === 0) return;
    // Bindings that mention a changed name change with it (`run = root / "x"` when `root` changed).
    for (let grew = true; grew; ) {
      grew = false;
      const mentions = mentionPattern(changed);
      for (const record of this.records) {
        for (const site of sitesOf(record, tree, source)) {
          if (!changed.has(site.name) && mentions.test(site.siteText)) {
            changed.add(site.name);
            grew = true;
          }
        }
      }
    }
    // One search of the whole text, then each match's record (cheaper than a search per record).
    const recordsMatching = (pattern: RegExp, identifiersOnly: boolean): Set<StatementRecord> => {
      const found = new Set<StatementRecord>();
      for (const match of source.matchAll(pattern)) {
        const record = recordAt(this.records, match.index);
        // Tracing follows identifiers only: a name in a string or a comment reads nothing.
        if (record !== undefined && !found.has(record) && (!identifiersOnly || nodeAt(tree, match.index)?.type === 'identifier')) found.add(record);
      }
      return found;
    };
    const mentioning = recordsMatching(new RegExp(mentionPattern(changed).source, 'g'), true);
    // A class part that uses `self.x` also reads the methods that assign attributes (selfAttributeValue traces the
    // assigned value there): their names count as its own.
    const groupsReadThroughSelf = new Set<ClassGroup>();
    for (const record of mentioning) {
      if (record.group !== undefined && selfAssignments(source.slice(record.start, record.end)).size > 0) groupsReadThroughSelf.add(record.group);
    }
    const usingSelf = groupsReadThroughSelf.size === 0 ? new Set<StatementRecord>() : recordsMatching(/\bself\./g, false);
    for (const record of mentioning) {
      if (!addedSet.has(record)) record.results = [];
    }
    for (const record of usingSelf) {
      if (record.group !== undefined && groupsReadThroughSelf.has(record.group) && !addedSet.has(record)) record.results = [];
    }
  }

  /**
   * selfAttributeValue reads `self.x = ...` anywhere in the class, and traces its value there: when an edit changes
   * the methods holding such assignments, kept class parts that use those attributes (or assign attributes from
   * them) are re-evaluated.
   */
  private invalidateSelfAttributeUses(removed: readonly StatementRecord[], added: readonly StatementRecord[], addedSet: ReadonlySet<StatementRecord>, previousSource: string, source: string): void {
    const changed = new Set<string>();
    for (const record of removed) for (const name of selfAssignments(previousSource.slice(record.start, record.end))) changed.add(name);
    for (const record of added) for (const name of selfAssignments(source.slice(record.start, record.end))) changed.add(name);
    if (changed.size === 0) return;
    // The class parts that were there before (the added ones are evaluated anyway).
    const members = this.records.filter((record) => record.group !== undefined && !addedSet.has(record));
    const uses = (names: ReadonlySet<string>): RegExp => new RegExp(`\\bself\\.(?:${[...names].map(escapeRegExp).join('|')})\\b`);
    for (let grew = true; grew; ) {
      grew = false;
      const pattern = uses(changed);
      for (const record of members) {
        const text = source.slice(record.start, record.end);
        if (!pattern.test(text)) continue;
        for (const name of selfAssignments(text)) {
          if (!changed.has(name)) {
            changed.add(name);
            grew = true;
          }
        }
      }
    }
    const pattern = uses(changed);
    for (const record of members) {
      if (record.results.length > 0 && pattern.test(source.slice(record.start, record.end))) record.results = [];
    }
  }

  /** Runs a statement-scoped rule on the statements that need it and returns its findings for the whole file. */
  check(rule: PythonRule, context: PythonRuleContext, sourceText: SourceText): RuleFinding[] {
    const fileKey = rule.statementScoped?.fileKey?.(context) ?? '';
    const state = this.ruleStates.get(rule.id);
    const complete = state === undefined || state.fileKey !== fileKey;
    const outcome = (complete ? undefined : this.runScoped(rule, context, sourceText, state)) ?? this.runComplete(rule, context, sourceText);
    if (outcome.exports !== undefined) {
      this.ruleStates.set(rule.id, { fileKey, exports: outcome.exports });
    }
    return outcome.findings;
  }

  /** Forgets a rule's results (it was not run on this version: not triggered, or it failed). */
  forget(ruleId: string): void {
    this.ruleStates.delete(ruleId);
    const slot = this.slots.get(ruleId);
    if (slot === undefined || !this.storedSlots.has(slot)) return;
    this.storedSlots.delete(slot);
    for (const record of this.records) record.results[slot] = undefined;
  }

  /** `exports` is undefined when nothing could be kept (the next run is complete again). */
  private runComplete(rule: PythonRule, context: PythonRuleContext, sourceText: SourceText): { findings: RuleFinding[]; exports: ReadonlySet<string> | undefined } {
    this.forget(rule.id);
    const collected = this.collecting(this.records);
    const findings = rule.checkPython({ ...context, scope: collected.scope(true, new Set()) });
    const attributed = collected.attribute(findings, sourceText);
    if (attributed === undefined) {
      // A finding that belongs to no statement: nothing can be kept for this rule.
      return { findings, exports: undefined };
    }
    this.store(rule.id, collected, attributed);
    return { findings, exports: new Set(collected.exportedNames()) };
  }

  /** Undefined when the scoped run cannot stand in for a complete one (the caller then runs the whole file). */
  private runScoped(rule: PythonRule, context: PythonRuleContext, sourceText: SourceText, state: RuleState): { findings: RuleFinding[]; exports: ReadonlySet<string> } | undefined {
    const slot = this.slotOf(rule.id);
    const dirty: StatementRecord[] = [];
    const carriedExports = new Set<string>();
    for (const record of this.records) {
      const result = record.results[slot];
      if (result === undefined || result.volatile) {
        dirty.push(record);
      } else if (result.exports.length > 0) {
        for (const name of result.exports) carriedExports.add(name);
      }
    }
    const collected = this.collecting(dirty);
    const fresh = dirty.length === 0 ? [] : rule.checkPython({ ...context, scope: collected.scope(false, carriedExports) });
    const attributed = collected.attribute(fresh, sourceText);
    if (attributed === undefined || collected.volatileOutsideScope) {
      return undefined;
    }
    const exports = new Set([...carriedExports, ...collected.exportedNames()]);
    if (!sameSets(exports, state.exports)) {
      return undefined;
    }
    this.store(rule.id, collected, attributed);
    const findings: RuleFinding[] = [];
    for (const record of this.records) {
      const kept = record.results[slot]?.findings;
      if (kept === undefined || kept.length === 0) continue;
      for (const finding of kept) findings.push(this.placed(finding, record, sourceText));
    }
    return { findings, exports };
  }

  private store(ruleId: string, collected: ReturnType<StatementResults['collecting']>, attributed: ReadonlyMap<StatementRecord, KeptFinding[]>): void {
    const slot = this.slotOf(ruleId);
    this.storedSlots.add(slot);
    collected.store(slot, attributed);
  }

  private placed(kept: KeptFinding, record: StatementRecord, sourceText: SourceText): RuleFinding {
    // The statement's text is unchanged, so with the same start, line and line start its findings are where they were.
    const line = sourceText.lineIndexAt(record.start);
    const lineStart = sourceText.lineStarts[line] ?? 0;
    const placed = kept.placed;
    if (placed !== undefined && placed.at === record.start && placed.line === line && placed.lineStart === lineStart) {
      return placed.finding;
    }
    const finding = this.place(kept, record, sourceText);
    kept.placed = { at: record.start, line, lineStart, finding };
    return finding;
  }

  private place(kept: KeptFinding, record: StatementRecord, sourceText: SourceText): RuleFinding {
    // `origin` is stripped where every finding passes, in Analyzer.collect.
    const finding = kept.finding;
    const range = sourceText.rangeOfOffsets(record.start + kept.start, record.start + kept.end);
    const fix = finding.fix;
    if (fix === undefined) {
      return { ...finding, range };
    }
    const edits: TextEdit[] = fix.edits.map((edit, index) => {
      const offsets = kept.edits[index] ?? { start: 0, end: 0 };
      return { ...edit, range: sourceText.rangeOfOffsets(record.start + offsets.start, record.start + offsets.end) };
    });
    return { ...finding, range, fix: { ...fix, edits } };
  }

  /** Scope callbacks and result bookkeeping for one run over `inScope` statements. */
  private collecting(inScope: readonly StatementRecord[]) {
    const records = this.records;
    const scoped = new Set(inScope);
    const volatile = new Set<StatementRecord>();
    const exports = new Map<StatementRecord, string[]>();
    let volatileOutsideScope = false;
    return {
      get volatileOutsideScope() {
        return volatileOutsideScope;
      },
      exportedNames: (): string[] => [...exports.values()].flat(),
      scope: (complete: boolean, exportedNames: ReadonlySet<string>): StatementScope => ({
        complete,
        // Records are in text order, and so is every subset of them.
        ranges: complete ? undefined : inScope.map((record) => [record.start, record.end] as const),
        markVolatile: (offset: number) => {
          const record = recordAt(records, offset);
          if (record === undefined || !scoped.has(record)) {
            volatileOutsideScope = true;
          } else {
            volatile.add(record);
          }
        },
        exportedNames,
        exportName: (offset: number, name: string) => {
          const record = recordAt(records, offset);
          if (record === undefined || !scoped.has(record)) {
            volatileOutsideScope = true;
            return;
          }
          const list = exports.get(record) ?? [];
          list.push(name);
          exports.set(record, list);
        },
      }),
      /** Findings by statement, or undefined when one lies outside every statement or outside its own statement. */
      attribute: (findings: readonly RuleFinding[], sourceText: SourceText): Map<StatementRecord, KeptFinding[]> | undefined => {
        const byRecord = new Map<StatementRecord, KeptFinding[]>();
        for (const finding of findings) {
          const range = offsetsOf(sourceText, finding.range);
          if (range === undefined) return undefined;
          const record = recordAt(records, finding.origin ?? range.start);
          if (record === undefined || !scoped.has(record)) return undefined;
          const edits: Array<{ start: number; end: number }> = [];
          for (const edit of finding.fix?.edits ?? []) {
            const offsets = offsetsOf(sourceText, edit.range);
            if (offsets === undefined) return undefined;
            edits.push({ start: offsets.start - record.start, end: offsets.end - record.start });
          }
          // A finding placed outside its own statement cannot follow it when the text between them changes.
          const outside = [range, ...edits.map((edit) => ({ start: edit.start + record.start, end: edit.end + record.start }))].some(
            (span) => span.start < record.start || span.end > record.end,
          );
          if (outside) volatile.add(record);
          const list = byRecord.get(record) ?? [];
          list.push({ finding: keptCopy(finding), start: range.start - record.start, end: range.end - record.start, edits });
          byRecord.set(record, list);
        }
        return byRecord;
      },
      store: (slot: number, attributed: ReadonlyMap<StatementRecord, KeptFinding[]>): void => {
        for (const record of inScope) {
          record.results[slot] = { findings: attributed.get(record) ?? noFindings, exports: exports.get(record) ?? noExports, volatile: volatile.has(record) };
        }
      },
    };
  }
}
