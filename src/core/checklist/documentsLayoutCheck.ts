// `documents-layout`: a Markdown file shows the canonical grammar (`experiment_runs/{modality}/…/{training_mode}/`,
// built from the project's layout) and at least one example path that the layout model accepts as canonical.
import type { CheckContext, CheckOutcome } from './checkContext';
import { dependingOn, failed, passed, unknown } from './checkContext';
import { followMovedFiles, followedNote } from './movedFiles';
import type { DocumentsLayoutCheck } from '../runbook/checkSchema';
import { escapeRegExp } from '../text/escapeRegExp';

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

export function grammarTemplate(experimentRoot: string, segments: readonly string[]): string {
  return `${experimentRoot}/${segments.map((segment) => `{${segment}}`).join('/')}`;
}

export function evaluateDocumentsLayout(check: DocumentsLayoutCheck, context: CheckContext): CheckOutcome {
  const followed = followMovedFiles(context, [check.file]);
  return dependingOn(documentsLayout(followed.files, followedNote(followed), followed.ambiguous, check, context), followed.alsoDependsOn);
}

function documentsLayout(files: readonly string[], movedNote: string, ambiguous: readonly string[], check: DocumentsLayoutCheck, context: CheckContext): CheckOutcome {
  const file = files[0];
  if (file === undefined && ambiguous.length > 0) return unknown(`${ambiguous.join('; ')}; name the file in the check in refactor-runbook.json`);
  if (file === undefined) return failed(`${check.file} does not exist; it should document the layout`);
  const read = context.workspace.readText(file);
  if (read.kind === 'unreadable') return unknown(read.detail);
  if (read.kind === 'missing') return failed(`${file} does not exist; it should document the layout`);
  const { experimentRoot } = context.layout.settings;
  // The project's template as written (one folder per segment by default: experimentRoot/{segment}/…).
  const template = context.layout.template.source;
  const templateAt = read.text.indexOf(template);
  if (templateAt === -1) return failed(`${file} does not show the path grammar ${template}/`, { path: file, line: 1 });
  // Candidate example paths: the experiment root followed by path characters, cut at quotes, backticks and spaces.
  const candidates = read.text.matchAll(new RegExp(`(?<![\\w/.-])${escapeRegExp(experimentRoot)}/[^\\s\`'"()<>{}*]+`, 'g'));
  for (const candidate of candidates) {
    if (context.layout.isCanonical(candidate[0])) {
      return passed(`${file} shows the grammar (line ${lineOf(read.text, templateAt)}) and a canonical example (line ${lineOf(read.text, candidate.index)})${movedNote}`, { path: file, line: lineOf(read.text, templateAt) });
    }
  }
  return failed(`${file} shows the grammar but no example path that follows it, such as ${template.replace(/\[[^\]]*\]/g, '').replace(/\{([A-Za-z0-9_]+)\}/g, '<$1>')}/`, { path: file, line: lineOf(read.text, templateAt) });
}
