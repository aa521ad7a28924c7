// The Python files a check reads, followed to where they moved, with the reasons some could not be read fully:
// absence of a finding proves something only for a file that was parsed without syntax errors.
import type { CheckContext } from './checkContext';
import { followMovedFiles } from './movedFiles';
import type { FollowedFiles } from './movedFiles';
import type { FunctionFacts, PythonModuleFacts } from './pythonModuleFacts';

export interface ReadPythonFile {
  readonly file: string;
  readonly facts: PythonModuleFacts;
}

export interface PythonFileSet {
  readonly followed: FollowedFiles;
  readonly read: readonly ReadPythonFile[];
  /** "osc_job_manager.py has a syntax error at line 12", "x.py is not valid UTF-8…". */
  readonly notFullyRead: readonly string[];
}

export function readPythonFiles(context: CheckContext, patterns: readonly string[]): PythonFileSet {
  const followed = followMovedFiles(context, patterns, (file) => file.endsWith('.py'));
  const read: ReadPythonFile[] = [];
  const notFullyRead: string[] = [];
  for (const file of followed.files) {
    const facts = context.workspace.pythonFacts(file);
    if (facts.kind === 'unreadable') notFullyRead.push(facts.detail);
    if (facts.kind !== 'facts') continue;
    if (facts.facts.firstSyntaxError !== undefined) notFullyRead.push(`${file} has a syntax error at line ${facts.facts.firstSyntaxError.line}`);
    read.push({ file, facts: facts.facts });
  }
  return { followed, read, notFullyRead };
}

export function everyFunction(facts: PythonModuleFacts): FunctionFacts[] {
  return [facts.moduleBody, ...facts.functions, ...facts.classes.flatMap((cls) => cls.methods)];
}
