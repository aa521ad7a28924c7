// Analyses files on worker threads when a check covers many files: parsing and rules are CPU-bound, so on a machine
// with several cores the wall time drops nearly in proportion. Each worker runs this same script (dist/cli.js, or
// the compiled cli.js in tests) with `workerData.role` set, builds its own analyzer with the default rules, and
// takes batches of files until none are left; results are put back in walk order, so output stays deterministic.
import { Worker } from 'node:worker_threads';
import { createAnalyzer } from '../core/analysis/analyzer';
import { BaselineFilter } from '../core/analysis/baseline';
import type { FileAnalysis } from '../core/analysis/fileAnalysis';
import type { ProjectSettings } from '../core/config/projectSettings';
import type { WasmLocation } from '../core/python/pythonParser';
import type { WalkedFile } from '../core/workspace/workspaceWalker';

export const analysisWorkerRole = 'refactor-runbook-analysis-worker';
const batchSize = 24;

export interface AnalysisWorkerData {
  readonly role: typeof analysisWorkerRole;
  readonly wasm: WasmLocation;
  readonly settings: ProjectSettings;
  readonly baselineFingerprints: readonly string[] | undefined;
}

type ToWorker = { readonly kind: 'files'; readonly files: readonly (WalkedFile & { readonly index: number })[] } | { readonly kind: 'stop' };
type FromWorker = { readonly kind: 'ready' } | { readonly kind: 'results'; readonly results: readonly { readonly index: number; readonly analysis: FileAnalysis }[] };

export interface ParallelAnalysisRequest {
  readonly workerScript: string;
  readonly workerCount: number;
  readonly files: readonly WalkedFile[];
  readonly data: Omit<AnalysisWorkerData, 'role'>;
}

export async function analyzeInWorkers(request: ParallelAnalysisRequest): Promise<FileAnalysis[]> {
  const results: (FileAnalysis | undefined)[] = new Array<FileAnalysis | undefined>(request.files.length);
  let next = 0;
  const takeBatch = (): ToWorker => {
    if (next >= request.files.length) {
      return { kind: 'stop' };
    }
    const files = request.files.slice(next, next + batchSize).map((file, offset) => ({ ...file, index: next + offset }));
    next += files.length;
    return { kind: 'files', files };
  };
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(request.workerScript, { workerData: { ...request.data, role: analysisWorkerRole } satisfies AnalysisWorkerData });
      worker.on('message', (message: FromWorker) => {
        if (message.kind === 'results') {
          for (const { index, analysis } of message.results) {
            results[index] = analysis;
          }
        }
        worker.postMessage(takeBatch());
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`an analysis worker exited with code ${code}`))));
    });
  await Promise.all(Array.from({ length: request.workerCount }, runWorker));
  const missing = results.findIndex((result) => result === undefined);
  if (missing !== -1) {
    throw new Error(`an analysis worker did not return a result for ${request.files[missing]?.relativePath ?? `file #${missing}`}`);
  }
  return results as FileAnalysis[];
}

/** The worker side: analyse each batch the main thread sends, until it says stop. */
export async function runAnalysisWorker(data: AnalysisWorkerData, port: { postMessage(message: FromWorker): void; on(event: 'message', listener: (message: ToWorker) => void): void; close(): void }): Promise<void> {
  const analyzer = await createAnalyzer({
    wasm: data.wasm,
    settings: data.settings,
    ...(data.baselineFingerprints === undefined ? {} : { baseline: new BaselineFilter(data.baselineFingerprints) }),
  });
  port.on('message', (message) => {
    if (message.kind === 'stop') {
      port.close();
      return;
    }
    void (async () => {
      const results: { index: number; analysis: FileAnalysis }[] = [];
      for (const file of message.files) {
        results.push({ index: file.index, analysis: analyzer.analyzeFile(file.absolutePath, file.relativePath) });
        // After a file that broke the parser, the next ones wait for its replacement rather than being refused.
        if (analyzer.parserRestartPending) await analyzer.ready();
      }
      port.postMessage({ kind: 'results', results });
    })();
  });
  port.postMessage({ kind: 'ready' });
}
