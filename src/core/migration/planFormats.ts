// The plan as text (terminal), JSON (tools, version 1) and Markdown (the editor's preview, pull requests).
import type { MigrationPlan, PlanEntry, PlanStatus } from './migrationPlan';
import { planStatuses, statusTitles } from './migrationPlan';

export function formatBytes(count: number): string {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KiB`;
  if (count < 1024 ** 3) return `${(count / 1024 / 1024).toFixed(1)} MiB`;
  return `${(count / 1024 ** 3).toFixed(2)} GiB`;
}

/** Names may hold newlines and control characters: shown escaped so one entry stays one line. */
export function displayName(name: string): string {
  return [...name].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f) ? JSON.stringify(name) : name;
}

function summaryLine(plan: MigrationPlan): string {
  return planStatuses.map((status) => `${plan.summary[status].files} ${statusTitles[status]} (${formatBytes(plan.summary[status].bytes)})`).join(', ');
}

function entryText(entry: PlanEntry): string {
  const target = entry.target === undefined ? '' : ` -> ${displayName(entry.target)}`;
  const reason = entry.reason === undefined ? '' : `: ${entry.reason}`;
  return `${displayName(entry.source)}${target} (${formatBytes(entry.size)})${reason}`;
}

export function planAsText(plan: MigrationPlan): string {
  const lines = [`Migration plan ${plan.id}: ${plan.roots.join(', ')} -> ${plan.template}`, summaryLine(plan), ...plan.notes.map((note) => `note: ${note}`)];
  for (const status of planStatuses) {
    const entries = plan.entries.filter((entry) => entry.status === status);
    if (entries.length === 0) continue;
    lines.push('', `${statusTitles[status]} (${entries.length}):`, ...entries.map((entry) => `  ${entryText(entry)}`));
  }
  if (plan.skipped.length > 0) lines.push('', `skipped folders and files (${plan.skipped.length}):`, ...plan.skipped.map((skip) => `  ${displayName(skip.path)} ${skip.reason}`));
  return `${lines.join('\n')}\n`;
}

export function planAsJson(plan: MigrationPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

function markdownCode(text: string): string {
  const shown = displayName(text).replace(/\|/g, '\\|');
  const fence = shown.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${shown}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function markdownEscape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, '\\$&').replace(/\r?\n/g, ' ');
}

const markdownOrder: readonly PlanStatus[] = ['conflict', 'unmapped', 'convert', 'move', 'present', 'excluded'];

export function planAsMarkdown(plan: MigrationPlan): string {
  const lines = [
    `# Migration plan \`${plan.id}\``,
    '',
    `From ${plan.roots.map((root) => `\`${root}\``).join(', ')} into \`${plan.template}\`.`,
    '',
    '| | files | size |',
    '| --- | ---: | ---: |',
    ...planStatuses.map((status) => `| ${statusTitles[status]} | ${plan.summary[status].files} | ${formatBytes(plan.summary[status].bytes)} |`),
  ];
  if (plan.notes.length > 0) lines.push('', ...plan.notes.map((note) => `> ${markdownEscape(note)}`));
  for (const status of markdownOrder) {
    const entries = plan.entries.filter((entry) => entry.status === status);
    if (entries.length === 0) continue;
    lines.push('', `## ${statusTitles[status][0]?.toUpperCase() ?? ''}${statusTitles[status].slice(1)} (${entries.length})`, '');
    const withTarget = status !== 'unmapped' && status !== 'excluded';
    lines.push(withTarget ? '| source | target | size | note |' : '| source | size | reason |', withTarget ? '| --- | --- | ---: | --- |' : '| --- | ---: | --- |');
    for (const entry of entries) {
      lines.push(withTarget
        ? `| ${markdownCode(entry.source)} | ${markdownCode(entry.target ?? '')} | ${formatBytes(entry.size)} | ${markdownEscape(entry.reason ?? '')} |`
        : `| ${markdownCode(entry.source)} | ${formatBytes(entry.size)} | ${markdownEscape(entry.reason ?? '')} |`);
    }
  }
  if (plan.skipped.length > 0) lines.push('', `## Skipped (${plan.skipped.length})`, '', ...plan.skipped.map((skip) => `- ${markdownCode(skip.path)} ${markdownEscape(skip.reason)}`));
  return `${lines.join('\n')}\n`;
}
