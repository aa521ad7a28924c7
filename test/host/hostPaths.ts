// Where the test hosts keep their caches and results; everything under the repository so nothing leaks into $HOME.
import path from 'node:path';

export const repositoryRoot = path.resolve(__dirname, '..', '..', '..');
export const hostCacheFolder = path.join(repositoryRoot, '.vscode-test');
export const testResultsFolder = path.join(repositoryRoot, 'test-results');
export const exampleWorkspace = path.join(repositoryRoot, 'examples', 'legacy-research-repo');
export const integrationTestIndex = path.join(repositoryRoot, 'out', 'test', 'integration', 'index.js');
