import assert from 'node:assert/strict';
import { braceExpand } from 'minimatch';
import { braceExpansionCount, braceExpansionProblem } from '../../src/core/text/braceExpansion';
import { projectFileSchema } from '../../src/core/config/projectFileSchema';

describe('brace expansion bound', () => {
  it('counts what minimatch expands, without expanding', () => {
    for (const pattern of ['a', '{a,b}', '{a,b}{c,d,e}', 'src/{a,{b,c}}/*.py', '{1..12}', '{a..e}', 'x{1..10..3}', '{a,b', 'a\\{b,c}', '{a}', '**/{tests,test}/**']) {
      assert.equal(braceExpansionCount(pattern), braceExpand(pattern).length, pattern);
    }
  });

  it('refuses {a,b} repeated 50 times at validation, at once', () => {
    const started = performance.now();
    assert.equal(braceExpansionCount('{a,b}'.repeat(50)), 1001);
    assert.match(braceExpansionProblem('{a,b}'.repeat(50)) ?? '', /expand to more than 1000 patterns/);
    const parsed = projectFileSchema.safeParse({ exclude: Array.from({ length: 100 }, () => '{a,b}'.repeat(50)) });
    assert.equal(parsed.success, false);
    assert.match(parsed.error?.issues[0]?.message ?? '', /braces expand to more than 1000 patterns/);
    assert.ok(performance.now() - started < 1000);
    assert.equal(braceExpansionProblem('{a,b}'.repeat(9)), undefined, '512 patterns are fine');
  });
});
