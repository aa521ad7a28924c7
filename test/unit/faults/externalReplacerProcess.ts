// An outside program for the fault suite (an editor or `git pull` stand-in): every `periodMs` it replaces the progress
// file by rename with what it read plus a marker tick of its own, printing `ack <id>` for each marker it wrote. Like
// a careful tool it re-reads just before the rename and skips that round when the file changed, so any marker or
// tick lost afterwards was overwritten by someone else.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

const [file, countText, periodText] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: externalReplacerProcess FILE COUNT PERIOD_MS');
let written = 0;
let round = 0;
const timer = setInterval(() => {
  if (written >= Number(countText ?? 100)) {
    clearInterval(timer);
    return;
  }
  round++;
  let before: string;
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  let content: { version: number; done: Record<string, unknown> };
  try {
    content = JSON.parse(before) as typeof content;
  } catch {
    return;
  }
  const id = `ext.m${written}`;
  content.done[id] = { at: new Date().toISOString(), by: 'external' };
  const temporary = `${file}.external-${process.pid}-${round}`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 4)}\n`);
  let now: string | undefined;
  try {
    now = readFileSync(file, 'utf8');
  } catch {
    now = undefined;
  }
  if (now !== before) {
    unlinkSync(temporary);
    return;
  }
  renameSync(temporary, file);
  written++;
  process.stdout.write(`ack ${id}\n`);
}, Number(periodText ?? 3));
