// "Builds the segments in the grammar's order": within one function, the first use of each layout segment (an
// attribute such as `self.dataset`, a part of an attribute chain such as `self.dataset.name` or `self.training.mode`
// for `training_mode`, a bare name or local, or the string "dataset" in `getattr(self, "dataset")`) must come in the
// layout's order. This reads `Path(root) / self.modality / self.dataset …`, `os.path.join(…)`, lists of parts and
// f-strings alike, because all of them mention the segments left to right.
import type { FunctionFacts, NameUse, SourcePosition } from './pythonModuleFacts';

export type SegmentOrderResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly position: SourcePosition };

function before(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

/** The segment names a reference can stand for: each part of its chain, and two neighbouring parts joined by "_". */
export function segmentNamesOf(reference: Pick<NameUse, 'name'>): string[] {
  const parts = reference.name.split('.').filter((part) => part !== 'self' && part !== 'cls');
  const names = [...parts];
  for (let index = 1; index < parts.length; index++) names.push(`${parts[index - 1] ?? ''}_${parts[index] ?? ''}`);
  return names;
}

export function checkSegmentOrder(fn: FunctionFacts, segments: readonly string[]): SegmentOrderResult {
  // Every use of every segment, in document order; derived locals are used where they are assigned and again where
  // the path is assembled, so the order is judged on the uses that can line up, not on the first mention.
  const uses = new Map<string, SourcePosition[]>();
  const record = (name: string, position: SourcePosition): void => {
    if (!segments.includes(name)) return;
    const list = uses.get(name) ?? [];
    list.push(position);
    uses.set(name, list);
  };
  for (const reference of fn.references) for (const name of segmentNamesOf(reference)) record(name, reference);
  for (const literal of fn.strings) record(literal.value, literal);
  for (const list of uses.values()) list.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));

  const missing = segments.filter((segment) => !uses.has(segment));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `${fn.qualifiedName} does not use the segment${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; the grammar is ${segments.join('/')}`,
      position: fn,
    };
  }
  let previous: { segment: string; at: SourcePosition } | undefined;
  for (const segment of segments) {
    const list = uses.get(segment) as SourcePosition[];
    const next = previous === undefined ? list[0] : list.find((position) => before((previous as { at: SourcePosition }).at, position));
    if (next === undefined) {
      const last = list[list.length - 1];
      const prior = previous as { segment: string; at: SourcePosition };
      return {
        ok: false,
        reason: `${fn.qualifiedName} uses ${segment} (line ${last.line}) only before ${prior.segment} (line ${prior.at.line}); the grammar order is ${segments.join('/')}`,
        position: last,
      };
    }
    previous = { segment, at: next };
  }
  return { ok: true };
}
