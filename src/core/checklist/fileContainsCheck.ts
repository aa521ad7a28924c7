// `file-contains`: a file (or any file a glob matches) contains a text or matches a bounded regular expression. The
// plainest check in the vocabulary, for facts that have no structure to read (a line in a config, a doc heading).
import type { CheckContext, CheckOutcome } from './checkContext';
import { failed, filesOf, passed, unknown } from './checkContext';
import type { FileContainsCheck } from '../runbook/checkSchema';
import { firstMatchOffset } from '../text/linearRegex';

function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function evaluateFileContains(check: FileContainsCheck, context: CheckContext): CheckOutcome {
  const files = filesOf(context, [check.file]);
  const wanted = check.text !== undefined ? `"${check.text}"` : `/${check.pattern ?? ''}/`;
  if (files.length === 0) return failed(`${check.file} does not exist, so it cannot contain ${wanted}`);
  const unreadable: string[] = [];
  for (const file of files) {
    const read = context.workspace.readText(file);
    if (read.kind === 'unreadable') unreadable.push(read.detail);
    if (read.kind !== 'text') continue;
    const offset = check.text !== undefined ? read.text.indexOf(check.text) : firstMatchOffset(check.pattern ?? '', read.text);
    if (offset !== -1) {
      const position = offsetToPosition(read.text, offset);
      return passed(`${file}:${position.line} contains ${wanted}`, { path: file, ...position });
    }
  }
  if (unreadable.length > 0) return unknown(`cannot tell whether ${check.file} contains ${wanted}: ${unreadable.join('; ')}`);
  if (files.length === 1) return failed(`${files[0]} does not contain ${wanted}`, { path: files[0], line: 1 });
  return failed(`none of the ${files.length} files matching ${check.file} contains ${wanted}`);
}
