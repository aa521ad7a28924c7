// What a command needs from the outside world, passed in so tests can run commands in-process.
import type { WasmLocation } from '../core/python/pythonParser';
import type { Rule } from '../core/rules/rule';

export interface CliEnvironment {
  readonly workingDirectory: string;
  readonly writeStdout: (text: string) => void;
  readonly writeStderr: (text: string) => void;
  readonly wasm: WasmLocation;
  readonly toolVersion: string;
  /** Defaults to every rule; tests may pass their own (custom rules always run in-process). */
  readonly rules?: readonly Rule[];
  /** The script worker threads run (the CLI's own file); without it, analysis stays in-process. */
  readonly workerScript?: string;
  /** A hash of the running code (the CLI bundle); part of the result cache's fingerprint. */
  readonly codeIdentity?: string;
}

export const exitCodes = { clean: 0, findings: 1, usageOrConfiguration: 2 } as const;
