// Analyses files on this thread and on worker threads at once: parsing and rules are CPU-bound, so `--jobs N` runs
// N threads (this one and N-1 workers). Each worker runs this same script (dist/cli.js, or the compiled cli.js in
// tests) with `workerData.role` set and builds its own analyzer with the default rules. Workers are started before
// the folders are walked, so their start-up (bundle load and parser instantiation, ~100 ms each) overlaps the walk;
// files are handed out in small batches, two per worker at a time, so a worker never waits for this thread (busy with
// its own batch) to send the next one; results are put back in walk order, so output stays deterministic.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { createAnalyzer } from '../core/analysis/analyzer';
import { BaselineFilter } from '../core/analysis/baseline';
import type { FileAnalysis } from '../core/model/fileAnalysis';
import type { ProjectSettings } from '../core/config/projectSettings';
import type { WasmLocation } from '../core/python/pythonParser';
import type { WalkedFile } from '../core/workspace/workspaceWalker';
import { HashingFileAnalyzer } from './hashedFileAnalysis';
import type { HashedAnalysis } from './hashedFileAnalysis';
import { threadCpuMs } from './threadCpuTime';

export const analysisWorkerRole = 'refactor-runbook-analysis-worker';
/** Files per batch: small enough that the last batches end together, large enough that messages cost nothing. */
const workerBatchSize = 8;
/** This thread answers workers' messages between its own batches, so its batches are smaller. */
const ownBatchSize = 2;
const batchesPerWorker = 2;

export interface AnalysisWorkerData {
  readonly role: typeof analysisWorkerRole;
  readonly wasm: WasmLocation;
  readonly settings: ProjectSettings;
  readonly baselineFingerprints: readonly string[] | undefined;
  /** Whether to hash each file's bytes for the result cache. */
  readonly hashing: boolean;
}

type Job = WalkedFile & { readonly index: number };
type ToWorker = { readonly kind: 'files'; readonly files: readonly Job[] };
type WorkerResult = { readonly index: number; readonly analysis: FileAnalysis; readonly hash: string | undefined };
/** `cpuMs`: the worker thread's CPU time so far (start-up included), when the platform tells it. */
type FromWorker = { readonly kind: 'ready' } | { readonly kind: 'results'; readonly results: readonly WorkerResult[]; readonly cpuMs: number | undefined };

interface PoolWorker {
  readonly worker: Worker;
  inFlight: number;
  ready: boolean;
  cpuMs: number | undefined;
}

/** How the last analyze() shared the files, for --verbose. */
export interface PoolShare {
  readonly filesHere: number;
  readonly filesOnWorkers: number;
  /** CPU time of this thread during the analysis, and of each worker since it started; undefined where unknown. */
  readonly cpuMsHere: number | undefined;
  readonly cpuMsOfWorkers: readonly (number | undefined)[];
}

export class AnalysisWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private onMessage: (entry: PoolWorker, message: FromWorker) => void = () => undefined;
  private onFailure: (error: Error) => void;
  private failure: Error | undefined;
  private closing = false;
  private filesOnWorkers = 0;
  private filesHere = 0;
  private cpuMsHere: number | undefined;

  private constructor(workerScript: string, workerCount: number, data: Omit<AnalysisWorkerData, 'role'>) {
    this.onFailure = (error) => (this.failure ??= error);
    for (let count = 0; count < workerCount; count++) {
      const worker = new Worker(workerScript, { workerData: { ...data, role: analysisWorkerRole } satisfies AnalysisWorkerData });
      const entry: PoolWorker = { worker, inFlight: 0, ready: false, cpuMs: undefined };
      worker.on('message', (message: FromWorker) => this.onMessage(entry, message));
      worker.on('error', (error) => this.onFailure(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.onFailure(new Error(`an analysis worker exited with code ${code} before the check ended`));
      });
      this.workers.push(entry);
    }
  }

  /** Starts `workerCount` workers now; they load while this thread goes on (walking the folders). */
  static start(workerScript: string, workerCount: number, data: Omit<AnalysisWorkerData, 'role'>): AnalysisWorkerPool {
    return new AnalysisWorkerPool(workerScript, workerCount, data);
  }

  get size(): number {
    return this.workers.length;
  }

  get share(): PoolShare {
    return { filesHere: this.filesHere, filesOnWorkers: this.filesOnWorkers, cpuMsHere: this.cpuMsHere, cpuMsOfWorkers: this.workers.map((entry) => entry.cpuMs) };
  }

  /**
   * Analyses `files` on the workers and on this thread (with the analyzer `here` gives), in walk order. Workers still
   * loading when the work is done are simply stopped.
   */
  async analyze(files: readonly WalkedFile[], here: () => Promise<HashingFileAnalyzer>): Promise<HashedAnalysis[]> {
    const results = new Array<HashedAnalysis | undefined>(files.length);
    let next = 0;
    let remaining = files.length;
    const take = (size: number): Job[] => {
      const batch: Job[] = [];
      for (; batch.length < size && next < files.length; next++) {
        const file = files[next];
        if (file !== undefined) batch.push({ absolutePath: file.absolutePath, relativePath: file.relativePath, index: next });
      }
      return batch;
    };
    let finished: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      finished = resolve;
      failed = reject;
    });
    const feed = (entry: PoolWorker): void => {
      while (entry.ready && entry.inFlight < batchesPerWorker) {
        const batch = take(workerBatchSize);
        if (batch.length === 0) return;
        entry.inFlight++;
        entry.worker.postMessage({ kind: 'files', files: batch } satisfies ToWorker);
      }
    };
    this.onMessage = (entry, message) => {
      if (message.kind === 'ready') {
        entry.ready = true;
      } else {
        entry.inFlight--;
        entry.cpuMs = message.cpuMs;
        for (const { index, analysis, hash } of message.results) results[index] = { analysis, hash };
        remaining -= message.results.length;
        this.filesOnWorkers += message.results.length;
        if (remaining === 0) finished();
      }
      feed(entry);
    };
    let broken = false;
    this.onFailure = (error) => {
      broken = true;
      failed(error);
    };
    if (this.failure !== undefined) this.onFailure(this.failure);
    for (const entry of this.workers) feed(entry);
    const cpuAtStart = threadCpuMs();
    try {
      const own = here();
      // When the workers finish first, this thread's analyzer is not needed, nor whether it could be created.
      own.catch(() => undefined);
      const analyzer = await Promise.race([own, done.then(() => undefined)]);
      while (analyzer !== undefined && next < files.length && !broken) {
        for (const job of take(ownBatchSize)) {
          results[job.index] = analyzer.analyze(job);
          await analyzer.settled();
          remaining--;
          this.filesHere++;
        }
        if (remaining === 0) finished();
        // Lets the workers' messages in: each asks for its next batch.
        await nextTurn();
      }
      if (remaining === 0) finished();
      await done;
      const cpuAtEnd = threadCpuMs();
      this.cpuMsHere = cpuAtStart === undefined || cpuAtEnd === undefined ? undefined : cpuAtEnd - cpuAtStart;
    } finally {
      await this.close();
    }
    const missing = results.findIndex((result) => result === undefined);
    if (missing !== -1) {
      throw new Error(`no analysis result for ${files[missing]?.relativePath ?? `file #${missing}`}`);
    }
    return results as HashedAnalysis[];
  }

  /** Stops every worker (also those still loading). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((entry) => entry.worker.terminate()));
  }
}

/** The worker side: analyse each batch the main thread sends until it is terminated. */
export async function runAnalysisWorker(data: AnalysisWorkerData, port: { postMessage(message: FromWorker): void; on(event: 'message', listener: (message: ToWorker) => void): void }): Promise<void> {
  const analyzer = new HashingFileAnalyzer(
    await createAnalyzer({
      wasm: data.wasm,
      settings: data.settings,
      ...(data.baselineFingerprints === undefined ? {} : { baseline: new BaselineFilter(data.baselineFingerprints) }),
    }),
    data.hashing,
  );
  port.on('message', (message) => {
    void (async () => {
      const results: WorkerResult[] = [];
      for (const file of message.files) {
        results.push({ index: file.index, ...analyzer.analyze(file) });
        await analyzer.settled();
      }
      port.postMessage({ kind: 'results', results, cpuMs: threadCpuMs() });
    })();
  });
  port.postMessage({ kind: 'ready' });
}
