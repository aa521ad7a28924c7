import assert from 'node:assert/strict';
import { pythonPathAt, textPathAt } from '../../src/core/layout/pathAtPosition';
import { PythonParser } from '../../src/core/python/pythonParser';
import { testWasmLocation } from './support/testWasm';

describe('path under the cursor', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await PythonParser.load(testWasmLocation);
  });

  function atPython(source: string, line: number, column: number) {
    const tree = parser.parse(source);
    try {
      return pythonPathAt(tree, source, line, column);
    } finally {
      tree.delete();
    }
  }

  it('reads a plain string literal', () => {
    const found = atPython('GAT = "osc_jobs/can_ids/gat/best_model.pth"\n', 0, 10);
    assert.equal(found?.text, 'osc_jobs/can_ids/gat/best_model.pth');
    assert.deepEqual([found?.startLine, found?.startColumn, found?.endColumn], [0, 6, 43]);
  });

  it('widens to the whole path expression around the literal', () => {
    const source = 'out = Path("experiment_runs") / "automotive" / cfg.dataset\n';
    const found = atPython(source, 0, 14);
    assert.equal(found?.text, 'experiment_runs/automotive/{cfg.dataset}');
    assert.equal(found?.startColumn, 6);
  });

  it('follows os.path.join and f-strings', () => {
    assert.equal(atPython('p = os.path.join("osc_jobs", name, "x.pth")\n', 0, 20)?.text, 'osc_jobs/{name}/x.pth');
    assert.equal(atPython('p = f"experiment_runs/{modality}/x"\n', 0, 8)?.text, 'experiment_runs/{modality}/x');
  });

  it('finds nothing outside a string', () => {
    assert.equal(atPython('x = load(path)\n', 0, 5), undefined);
  });

  it('takes the token of a shell or Markdown line without an option prefix or quotes', () => {
    const line = '#SBATCH --output=osc_jobs/logs/%x_%j.out';
    const found = textPathAt(line, 3, 20);
    assert.equal(found?.text, 'osc_jobs/logs/%x_%j.out');
    assert.equal(found?.startColumn, line.indexOf('osc_jobs'));
    assert.equal(textPathAt('Outputs live in `osc_jobs/`.', 0, 19)?.text, 'osc_jobs/');
    assert.equal(textPathAt('mkdir -p build', 0, 10), undefined, 'a word without a slash is not a path');
  });
});
