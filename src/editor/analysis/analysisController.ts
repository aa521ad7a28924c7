// Owns the analysis state the inline warnings are drawn from: one FolderAnalysis per workspace folder, the findings
// currently published per file (with the document version they belong to, so quick fixes never apply to stale
// text), and the incremental parse state of open Python documents.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { PythonDocumentAnalysis } from '../../core/analysis/pythonDocumentAnalysis';
import type { ContentChange } from '../../core/python/contentChanges';
import type { FileAnalysis } from '../../core/model/fileAnalysis';
import type { Finding } from '../../core/model/finding';
import { languageOfPath } from '../../core/model/fileLanguage';
import { loadEngine } from '../lazyEngine';
import type { ExtensionLog } from '../log';
import type { InlineWarningSettings } from '../../core/config/inlineWarningSettings';
import { diagnosticsOfFindings } from '../diagnostics/findingDiagnostics';
import { FolderAnalysis } from './folderAnalysis';
import type { FolderProject } from './folderProject';
import { projectFilePathOf, resolveFolderProject } from './folderProject';

export interface PublishedFindings {
  readonly uri: vscode.Uri;
  readonly findings: readonly Finding[];
  /** The document version the findings were computed on; undefined for a file analysed from disk. */
  readonly documentVersion: number | undefined;
}

interface OpenPythonDocument {
  readonly analysis: PythonDocumentAnalysis;
  readonly generation: number;
  /** The editor's changes since the last analysis, in order: the next one re-parses only what they touched. */
  changes: ContentChange[];
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return (
    a.length === b.length &&
    a.every((finding, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        finding.rule === other.rule &&
        finding.severity === other.severity &&
        finding.message === other.message &&
        finding.range.line === other.range.line &&
        finding.range.column === other.range.column &&
        finding.range.endLine === other.range.endLine &&
        finding.range.endColumn === other.range.endColumn
      );
    })
  );
}

/** Appends a duration to a list the editor benchmark reads, keeping the latest 1,000. */
function recordDuration(durations: number[], milliseconds: number): void {
  durations.push(milliseconds);
  if (durations.length > 1000) durations.shift();
}

async function readTextIfExists(filePath: string): Promise<string | undefined> {
  try {
    return await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class AnalysisController implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<FolderAnalysis>>();
  private readonly published = new Map<string, PublishedFindings>();
  private readonly openPythonDocuments = new Map<string, OpenPythonDocument>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly projectChanged = new vscode.EventEmitter<FolderProject>();
  private inFlight = 0;
  private readonly scopeDecisions = new Map<string, boolean>();
  /** Durations (ms) of the latest open-document analyses, newest last, for the editor benchmark. */
  readonly recentDocumentAnalysisMs: number[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Whether files that are not open get findings (after a workspace scan). */
  workspaceScanned = false;

  readonly onDidChangeFindings = this.changed.event;
  /** Fires when a folder's project configuration is (re)loaded, valid or not. */
  readonly onDidLoadProject = this.projectChanged.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly log: ExtensionLog,
    private readonly readSettings: () => InlineWarningSettings,
  ) {}

  private settingsRead: InlineWarningSettings | undefined;

  /** Read on first use (after activation), since validating settings loads the core. */
  get currentSettings(): InlineWarningSettings {
    this.settingsRead ??= this.readSettings();
    return this.settingsRead;
  }

  dispose(): void {
    for (const open of this.openPythonDocuments.values()) open.analysis.dispose();
    this.openPythonDocuments.clear();
    this.changed.dispose();
    this.projectChanged.dispose();
  }

  /** Counts pending work (a debounced run, an analysis) until the returned release is called (once is enough). */
  holdIdle(): () => void {
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      if (this.inFlight === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    };
  }

  /** Runs `work` and lets `whenIdle` wait for it (tests rely on this instead of sleeping). */
  async track<T>(work: () => Promise<T>): Promise<T> {
    const release = this.holdIdle();
    try {
      return await work();
    } finally {
      release();
    }
  }

  whenIdle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  folderFor(uri: vscode.Uri): Promise<FolderAnalysis> | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder === undefined) return undefined;
    const key = folder.uri.toString();
    let analysis = this.folders.get(key);
    if (analysis === undefined) {
      analysis = this.loadFolder(folder.uri.fsPath);
      this.folders.set(key, analysis);
    }
    return analysis;
  }

  private async loadFolder(folderPath: string): Promise<FolderAnalysis> {
    const project = resolveFolderProject(folderPath, await readTextIfExists(projectFilePathOf(folderPath)), this.currentSettings);
    this.reportProject(project);
    return new FolderAnalysis(folderPath, loadEngine().wasmLocationIn(vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath), project);
  }

  private reportProject(project: FolderProject): void {
    if (project.problems === undefined) this.log.info(`project: ${project.description}`);
    else this.log.warn(`project: ${project.description}`);
    this.projectChanged.fire(project);
  }

  /** Re-reads every folder's project file (after it changed, or the settings did) and drops stale results. */
  async reloadProjects(settings: InlineWarningSettings = this.currentSettings): Promise<void> {
    this.settingsRead = settings;
    this.scopeDecisions.clear();
    for (const open of this.openPythonDocuments.values()) open.analysis.dispose();
    this.openPythonDocuments.clear();
    for (const folderPromise of this.folders.values()) {
      const folder = await folderPromise;
      const project = resolveFolderProject(folder.folderPath, await readTextIfExists(projectFilePathOf(folder.folderPath)), settings);
      folder.reconfigure(project);
      this.reportProject(project);
    }
  }

  /** The file's path relative to its workspace folder, when it is a file this extension analyses. */
  relativePathOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder === undefined) return undefined;
    const relative = vscode.workspace.asRelativePath(uri, false);
    return languageOfPath(relative) === undefined ? undefined : relative;
  }

  /**
   * Whether the project's include/exclude globs and .gitignore files let this file be analysed. Remembered per file
   * (typing must not re-read .gitignore files) until the project or a .gitignore changes.
   */
  isInScope(folder: FolderAnalysis, absolutePath: string): boolean {
    let inScope = this.scopeDecisions.get(absolutePath);
    if (inScope === undefined) {
      const settings = folder.project.settings;
      inScope = new (loadEngine().WorkspaceWalker)({ rootDirectory: folder.folderPath, targets: [], include: settings.include, exclude: settings.exclude }).isInScope(absolutePath);
      this.scopeDecisions.set(absolutePath, inScope);
    }
    return inScope;
  }

  forgetScopeDecisions(): void {
    this.scopeDecisions.clear();
  }

  async analyzeDocument(document: vscode.TextDocument): Promise<void> {
    const folderPromise = this.folderFor(document.uri);
    const relativePath = this.relativePathOf(document.uri);
    if (folderPromise === undefined || relativePath === undefined || !this.currentSettings.enable) return;
    await this.track(async () => {
      const folder = await folderPromise;
      if (!this.isInScope(folder, document.uri.fsPath)) {
        this.clear(document.uri);
        return;
      }
      let analysis: FileAnalysis;
      let version = document.version;
      let started = performance.now();
      if (languageOfPath(relativePath) === 'python') {
        const key = document.uri.toString();
        let open = this.openPythonDocuments.get(key);
        if (open === undefined || open.generation !== folder.currentGeneration) {
          open?.analysis.dispose();
          open = { analysis: await folder.openPythonDocument(relativePath), generation: folder.currentGeneration, changes: [] };
          this.openPythonDocuments.set(key, open);
        }
        // The text and the changes that led to it are taken together, with no await in between.
        version = document.version;
        started = performance.now();
        const changes = open.changes;
        open.changes = [];
        analysis = open.analysis.update(document.getText(), changes);
      } else {
        const text = document.getText();
        analysis = await folder.analyzeText(relativePath, text);
      }
      // A newer edit arrived while this one was analysed: its own run publishes.
      if (document.version !== version || document.isClosed) return;
      this.publish(document.uri, analysis, version);
      const elapsed = performance.now() - started;
      recordDuration(this.recentDocumentAnalysisMs, elapsed);
      this.log.trace(`analysed ${relativePath} (open, v${version}) in ${elapsed.toFixed(1)} ms: ${analysis.findings.length} findings`);
    });
  }

  /** Remembers an edit of an open Python document, so its next analysis re-parses only what changed. */
  noteEdit(event: vscode.TextDocumentChangeEvent): void {
    const open = this.openPythonDocuments.get(event.document.uri.toString());
    if (open === undefined) return;
    for (const change of event.contentChanges) open.changes.push({ offset: change.rangeOffset, length: change.rangeLength, text: change.text });
  }

  closeDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.openPythonDocuments.get(key)?.analysis.dispose();
    this.openPythonDocuments.delete(key);
  }

  /** Analyses a file as saved on disk; `knownInScope` when the caller found it by walking the folder. */
  async analyzeDiskFile(uri: vscode.Uri, knownInScope = false): Promise<void> {
    const folderPromise = this.folderFor(uri);
    if (folderPromise === undefined || this.relativePathOf(uri) === undefined || !this.currentSettings.enable) return;
    await this.track(async () => {
      const folder = await folderPromise;
      if (!knownInScope && !this.isInScope(folder, uri.fsPath)) {
        this.clear(uri);
        return;
      }
      const analysis = await folder.analyzeDiskFile(uri.fsPath);
      if (analysis !== undefined) this.publish(uri, analysis, undefined);
    });
  }

  publish(uri: vscode.Uri, analysis: FileAnalysis, documentVersion: number | undefined): void {
    if (analysis.skipped !== undefined) this.log.info(`skipped ${analysis.relativePath}: ${analysis.skipped.detail}`);
    for (const failure of analysis.ruleFailures) this.log.error(`${failure.rule} failed on ${analysis.relativePath}: ${failure.message}`);
    const key = uri.toString();
    const previous = this.published.get(key);
    this.published.set(key, { uri, findings: analysis.findings, documentVersion });
    // Unchanged findings (most keystrokes, most files of a rescan) need no message to the workbench.
    if (previous === undefined ? analysis.findings.length === 0 : sameFindings(previous.findings, analysis.findings)) return;
    this.diagnostics.set(uri, diagnosticsOfFindings(analysis.findings));
    this.changed.fire();
  }

  clear(uri: vscode.Uri): void {
    this.published.delete(uri.toString());
    this.diagnostics.delete(uri);
    this.changed.fire();
  }

  /** Drops the results of a deleted file, or of every file under a deleted folder. */
  forgetDeleted(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}/`;
    for (const key of [...this.published.keys()]) {
      if (key === uri.toString() || key.startsWith(prefix)) {
        const entry = this.published.get(key);
        if (entry !== undefined) this.clear(entry.uri);
      }
    }
    void this.folderFor(uri)?.then((folder) => folder.forget(uri.fsPath));
  }

  clearAll(): void {
    this.published.clear();
    this.diagnostics.clear();
    this.changed.fire();
  }

  findingsFor(uri: vscode.Uri): PublishedFindings | undefined {
    return this.published.get(uri.toString());
  }

  allPublished(): IterableIterator<PublishedFindings> {
    return this.published.values();
  }
}
