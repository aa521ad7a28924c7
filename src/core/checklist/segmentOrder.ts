// "Builds the segments in the grammar's order": within one function, the first use of each layout segment (an
// attribute such as `self.dataset`, a bare name, or the string "dataset" in `getattr(self, "dataset")`) must come in
// the layout's order. This reads `Path(root) / self.modality / self.dataset …`, `os.path.join(…)` and f-strings alike,
// because all of them mention the segments left to right.
import type { FunctionFacts, SourcePosition } from './pythonModuleFacts';

export type SegmentOrderResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly position: SourcePosition };

function before(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

export function checkSegmentOrder(fn: FunctionFacts, segments: readonly string[]): SegmentOrderResult {
  const firstUse = new Map<string, SourcePosition>();
  const record = (name: string, position: SourcePosition): void => {
    const known = firstUse.get(name);
    if (segments.includes(name) && (known === undefined || before(position, known))) firstUse.set(name, position);
  };
  for (const reference of fn.references) record(reference.lastName, reference);
  for (const literal of fn.strings) record(literal.value, literal);

  const missing = segments.filter((segment) => !firstUse.has(segment));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `${fn.qualifiedName} does not use the segment${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; the grammar is ${segments.join('/')}`,
      position: fn,
    };
  }
  for (let index = 1; index < segments.length; index++) {
    const previous = segments[index - 1];
    const current = segments[index];
    const previousAt = firstUse.get(previous) as SourcePosition;
    const currentAt = firstUse.get(current) as SourcePosition;
    if (before(currentAt, previousAt)) {
      return {
        ok: false,
        reason: `${fn.qualifiedName} uses ${current} (line ${currentAt.line}) before ${previous} (line ${previousAt.line}); the grammar order is ${segments.join('/')}`,
        position: currentAt,
      };
    }
  }
  return { ok: true };
}
