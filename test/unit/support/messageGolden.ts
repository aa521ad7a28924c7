// A rule's message text has one home, the rule. Tests never keep a copy of it: they compare the messages a case
// produces with the stored golden file test/fixtures/rule-messages.expected.json, keyed by case name, so a wording
// change shows up in review as one diff. After an intended change, regenerate and review the diff:
//   npm run compile-tests && UPDATE_EXPECTED_FINDINGS=1 npx mocha --config .mocharc.unit.json
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const messageGoldenFile = path.join(repoRoot, 'test', 'fixtures', 'rule-messages.expected.json');

type Golden = Record<string, readonly string[]>;

function readGolden(): Golden {
  return existsSync(messageGoldenFile) ? (JSON.parse(readFileSync(messageGoldenFile, 'utf8')) as Golden) : {};
}

const updating = process.env.UPDATE_EXPECTED_FINDINGS === '1';
const stored = readGolden();
const seen = new Set<string>();

if (updating) {
  // Written once, after every test ran: the stored cases, with the ones that ran replaced.
  process.on('exit', () => {
    const sorted = Object.fromEntries(Object.entries(stored).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(messageGoldenFile, `${JSON.stringify(sorted, null, 2)}\n`);
  });
}

/** The messages of `findings`, in order, equal the golden case `name` (recorded instead when updating). */
export function assertGoldenMessages(name: string, findings: readonly { readonly message: string }[]): void {
  assert.ok(!seen.has(name), `golden case "${name}" is used twice; give each case its own name`);
  seen.add(name);
  const messages = findings.map((finding) => finding.message);
  if (updating) {
    stored[name] = messages;
    return;
  }
  const expected = stored[name];
  assert.ok(expected !== undefined, `no golden messages for "${name}" in ${messageGoldenFile}; run with UPDATE_EXPECTED_FINDINGS=1 and review the diff`);
  assert.deepEqual(messages, expected, `messages of "${name}" differ from ${messageGoldenFile}`);
}

/** Every message stored in the golden file (for the message-shape test). */
export function allGoldenMessages(): { readonly name: string; readonly message: string }[] {
  return Object.entries(readGolden()).flatMap(([name, messages]) => messages.map((message) => ({ name, message })));
}
