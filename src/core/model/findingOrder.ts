// One deterministic order for findings everywhere (CLI output, expected-findings files, editor lists).
import type { Finding } from './finding';

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    a.range.endLine - b.range.endLine ||
    a.range.endColumn - b.range.endColumn ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
