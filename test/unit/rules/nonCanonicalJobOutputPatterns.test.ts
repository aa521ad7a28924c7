// RR006 patterns from the real-code accuracy benchmark (bench/accuracy/cases.json), as minimal hand-written
// reproductions with a twin that must stay quiet.
import assert from 'node:assert/strict';
import { nonCanonicalJobOutputRule } from '../../../src/core/rules/nonCanonicalJobOutputRule';
import { check, textAt } from './ruleTestSupport';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('RR006 non-canonical-job-output: patterns from real code', () => {
  it('flags #SBATCH output above the submit folder (`../logs/train.out`), which is outside the experiment root too', async () => {
    const source = lines('#!/bin/bash', '#SBATCH --output=../logs/train.out', '#SBATCH --error=../logs/train.err', 'python train.py');
    const findings = await check(nonCanonicalJobOutputRule, source, { relativePath: 'jobs/train.sh' });
    assert.deepEqual(
      findings.map((finding) => textAt(source, finding.range)),
      ['../logs/train.out', '../logs/train.err'],
    );
  });

  it('does not flag a bare file name or an output path that cannot be seen', async () => {
    const source = lines('#!/bin/bash', '#SBATCH --output=slurm-%j.out', '#SBATCH --error=$LOG_DIR/train.err', 'python train.py');
    assert.deepEqual(await check(nonCanonicalJobOutputRule, source, { relativePath: 'jobs/train.sh' }), []);
  });
});
