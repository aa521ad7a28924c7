import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// The core's folders are layers: each imports only from the layers below it, so the folder list reads as the
// architecture and no change can quietly add a cycle. Files directly in src/core (the bundle entry points) sit on top.
export const coreLayers = ['files', 'model', 'text', 'python', 'layout', 'workspace', 'rules', 'runbook', 'config', 'analysis', 'migration', 'checklist', 'verification'] as const;

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const coreRoot = path.join(repoRoot, 'src', 'core');

interface CoreImport {
  readonly file: string;
  readonly fromLayer: string;
  readonly toLayer: string;
}

/** The layer of a file under src/core: its first folder, or '' for the entry points directly in src/core. */
function layerOf(file: string): string {
  const parts = path.relative(coreRoot, file).split(path.sep);
  return parts.length === 1 ? '' : (parts[0] ?? '');
}

/** Every relative import between files of src/core, read with the TypeScript parser (type imports included). */
export function coreImports(): CoreImport[] {
  const files = readdirSync(coreRoot, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  return files.flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.filter((imported) => imported.fileName.startsWith('.'))
      .map((imported) => ({ file: path.relative(repoRoot, file), fromLayer: layerOf(file), toLayer: layerOf(path.resolve(path.dirname(file), imported.fileName)) })),
  );
}

/** Import edges that do not go strictly down the layer list (same-layer imports are fine). */
export function layerViolations(imports: readonly CoreImport[], layers: readonly string[]): string[] {
  const rank = (layer: string): number => (layer === '' ? layers.length : layers.indexOf(layer));
  return imports
    .filter((edge) => edge.fromLayer !== edge.toLayer && (rank(edge.fromLayer) === -1 || rank(edge.toLayer) === -1 || rank(edge.toLayer) > rank(edge.fromLayer)))
    .map((edge) => `${edge.file} (${edge.fromLayer || 'src/core'}) imports ${edge.toLayer || 'src/core'}`);
}

describe('core layers', () => {
  it('every folder of src/core is a declared layer', () => {
    const folders = readdirSync(coreRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    assert.deepEqual(folders, [...coreLayers].sort());
  });

  it('each layer imports only from the layers below it (so there is no cycle between folders)', () => {
    const imports = coreImports();
    assert.ok(imports.length > 100, `only ${imports.length} imports found: the reader is broken`);
    assert.deepEqual(layerViolations(imports, coreLayers), []);
  });

  it('the check fails on an upward import and on a cycle', () => {
    const upward = [{ file: 'src/core/python/x.ts', fromLayer: 'python', toLayer: 'rules' }];
    assert.deepEqual(layerViolations(upward, coreLayers), ['src/core/python/x.ts (python) imports rules']);
    const cycle = [
      { file: 'a.ts', fromLayer: 'config', toLayer: 'analysis' },
      { file: 'b.ts', fromLayer: 'analysis', toLayer: 'config' },
    ];
    assert.equal(layerViolations(cycle, coreLayers).length, 1);
    assert.equal(layerViolations([{ file: 'c.ts', fromLayer: 'newfolder', toLayer: 'model' }], coreLayers).length, 1);
  });
});
