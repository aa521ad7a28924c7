// Reads a file once, for both the result cache's content hash and the analysis: the hash is of exactly the bytes
// that were analysed, so a cached result always belongs to its content, even when the file changes during the run.
import type { Analyzer } from '../core/analysis/analyzer';
import type { FileAnalysis } from '../core/model/fileAnalysis';
import { FileReader } from '../core/workspace/fileReader';
import type { FileContent } from '../core/workspace/fileReader';
import type { WalkedFile } from '../core/workspace/workspaceWalker';
import { contentHash } from './resultCache';

export interface HashedAnalysis {
  readonly analysis: FileAnalysis;
  /** SHA-256 of the analysed bytes; undefined when the file could not be read whole (no cache entry then). */
  readonly hash: string | undefined;
}

/** Reads `file` and returns its content hash, or undefined when it cannot be read whole within the size limit. */
export function readForHash(reader: FileReader, file: WalkedFile, maxBytes: number): { readonly bytes: Buffer; readonly hash: string } | undefined {
  let content: FileContent;
  try {
    content = reader.read(file.absolutePath, maxBytes);
  } catch {
    return undefined;
  }
  return content.kind === 'content' ? { bytes: content.bytes, hash: contentHash(content.bytes) } : undefined;
}

export class HashingFileAnalyzer {
  private readonly reader = new FileReader();

  /** `hashing` false (--no-cache): no hash is computed and the analyzer reads the file itself. */
  constructor(
    readonly analyzer: Analyzer,
    private readonly hashing: boolean,
  ) {}

  analyze(file: WalkedFile): HashedAnalysis {
    if (!this.hashing) {
      return { analysis: this.analyzer.analyzeFile(file.absolutePath, file.relativePath), hash: undefined };
    }
    const read = readForHash(this.reader, file, this.analyzer.settings.maxFileSizeBytes);
    if (read === undefined) {
      // Unreadable or too large: the analyzer reads it again and states the reason in its own words.
      return { analysis: this.analyzer.analyzeFile(file.absolutePath, file.relativePath), hash: undefined };
    }
    return { analysis: this.analyzer.analyzeBytes(file.relativePath, read.bytes), hash: read.hash };
  }

  /** See Analyzer.settled: call between files. */
  settled(): Promise<void> {
    return this.analyzer.settled();
  }
}
