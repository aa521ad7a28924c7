// Installs code-server (the VS Code server plus its web workbench) into a project-local cache, and checks that an
// existing cache is complete before trusting it. The install is ~300 MB and builds native modules, so it never goes
// into the project's own node_modules.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HostSetupError } from './hostError';
import { hostCacheFolder } from './hostPaths';

export const codeServerVersion = '4.100.3';
export const expectedVsCodeVersion = '1.100.3';
const ripgrepCacheName = 'vscode-ripgrep-cache-1.15.11';
const ripgrepTarball = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const installMarkerName = '.refactor-runbook-install.json';

export interface CodeServerInstall {
  readonly folder: string;
  readonly vscodeFolder: string;
  readonly serverMain: string;
  readonly vscodeVersion: string;
}

interface InstallMarker {
  readonly codeServerVersion: string;
  readonly nodeModuleAbi: string;
}

export function codeServerCacheFolder(): string {
  return path.join(hostCacheFolder, `code-server-${codeServerVersion}`);
}

function installLayout(folder: string): CodeServerInstall & { readonly requiredFiles: readonly string[]; readonly bundledRipgrep: string } {
  const vscodeFolder = path.join(folder, 'node_modules', 'code-server', 'lib', 'vscode');
  const serverMain = path.join(vscodeFolder, 'out', 'server-main.js');
  const bundledRipgrep = path.join(vscodeFolder, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  return {
    folder,
    vscodeFolder,
    serverMain,
    vscodeVersion: expectedVsCodeVersion,
    bundledRipgrep,
    // The pieces a half-finished install (interrupted npm, failed native build) is missing.
    requiredFiles: [
      serverMain,
      path.join(vscodeFolder, 'product.json'),
      path.join(vscodeFolder, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
      path.join(vscodeFolder, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
      bundledRipgrep,
    ],
  };
}

/** Returns why the cache cannot be trusted, or undefined when it is complete. */
export function findCacheProblem(folder: string): string | undefined {
  const layout = installLayout(folder);
  const markerPath = path.join(folder, installMarkerName);
  if (!existsSync(markerPath)) return `no install marker (${installMarkerName}): the last install did not finish`;
  let marker: InstallMarker;
  try {
    marker = JSON.parse(readFileSync(markerPath, 'utf8')) as InstallMarker;
  } catch (error) {
    return `the install marker is unreadable (${String(error)})`;
  }
  if (marker.codeServerVersion !== codeServerVersion) return `it holds code-server ${marker.codeServerVersion}, not ${codeServerVersion}`;
  if (marker.nodeModuleAbi !== process.versions.modules) {
    return `its native modules were built for Node ABI ${marker.nodeModuleAbi}, this Node is ABI ${process.versions.modules}`;
  }
  for (const file of layout.requiredFiles) {
    if (!existsSync(file)) return `${path.relative(folder, file)} is missing`;
  }
  try {
    accessSync(layout.bundledRipgrep, constants.X_OK);
  } catch {
    return 'the bundled ripgrep is not executable';
  }
  let product: { version?: string };
  try {
    product = JSON.parse(readFileSync(path.join(layout.vscodeFolder, 'product.json'), 'utf8')) as { version?: string };
  } catch (error) {
    return `its product.json is unreadable (${String(error)})`;
  }
  if (product.version !== expectedVsCodeVersion) return `its product.json says VS Code ${String(product.version)}, expected ${expectedVsCodeVersion}`;
  return undefined;
}

function requireCommand(command: string, remedy: string, what: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const resolved = found.stdout.trim();
  if (found.status !== 0 || resolved === '') throw new HostSetupError(`${what} (${command}) was not found on PATH.`, remedy);
  return resolved;
}

// @vscode/ripgrep's postinstall downloads from GitHub; it first looks for this tarball in os.tmpdir(), so we give it
// Debian's rg instead of a download this network cannot make.
function seedRipgrepCache(privateTmp: string): void {
  const rg = requireCommand('rg', 'apt-get install -y ripgrep', 'ripgrep');
  const cacheDir = path.join(privateTmp, ripgrepCacheName);
  const staging = path.join(privateTmp, 'rg-staging');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(staging, { recursive: true });
  const copy = spawnSync('cp', [rg, path.join(staging, 'rg')]);
  const pack = spawnSync('tar', ['-czf', path.join(cacheDir, ripgrepTarball), '-C', staging, 'rg']);
  if (copy.status !== 0 || pack.status !== 0) {
    throw new HostSetupError(`Could not prepare the ripgrep cache in ${cacheDir}.`, 'check that tar and cp work and the disk has space');
  }
}

function checkNativeBuildPrerequisites(): void {
  const missing = ['krb5', 'x11', 'xkbfile', 'libsecret-1'].filter(
    (library) => spawnSync('pkg-config', ['--exists', library]).status !== 0,
  );
  if (missing.length > 0 || spawnSync('sh', ['-c', 'command -v pkg-config && command -v make && command -v g++']).status !== 0) {
    throw new HostSetupError(
      `code-server's native modules need build tools and headers that are missing${missing.length > 0 ? ` (pkg-config cannot find: ${missing.join(', ')})` : ''}.`,
      'apt-get install -y libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config make g++',
    );
  }
}

export function ensureCodeServer(log: (line: string) => void): CodeServerInstall {
  const folder = codeServerCacheFolder();
  const problem = existsSync(folder) ? findCacheProblem(folder) : 'not installed yet';
  if (problem === undefined) return installLayout(folder);

  log(`code-server ${codeServerVersion} cache at ${folder}: ${problem}; installing (about a minute)…`);
  checkNativeBuildPrerequisites();
  rmSync(folder, { recursive: true, force: true });
  const privateTmp = path.join(folder, 'tmp');
  mkdirSync(privateTmp, { recursive: true });
  seedRipgrepCache(privateTmp);
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ private: true, description: 'test host cache' }, null, 2));
  const started = Date.now();
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', `code-server@${codeServerVersion}`], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: {
      ...process.env,
      TMPDIR: privateTmp,
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      // code-server's postinstall runs nested npm installs for its native modules; they need scripts enabled too.
      npm_config_dangerously_allow_all_scripts: 'true',
    },
  });
  if (install.status !== 0) {
    const tail = `${install.stdout}\n${install.stderr}`.split('\n').filter((line) => !line.includes('deprecated')).slice(-25).join('\n');
    throw new HostSetupError(
      `Installing code-server ${codeServerVersion} failed (npm exit ${String(install.status)}):\n${tail}`,
      `check network access to the npm registry, then delete ${folder} and run npm test again`,
    );
  }
  const marker: InstallMarker = { codeServerVersion, nodeModuleAbi: process.versions.modules };
  writeFileSync(path.join(folder, installMarkerName), JSON.stringify(marker, null, 2));
  const remaining = findCacheProblem(folder);
  if (remaining !== undefined) {
    throw new HostSetupError(`code-server installed but the cache is still incomplete: ${remaining}.`, `delete ${folder} and run npm test again`);
  }
  rmSync(privateTmp, { recursive: true, force: true });
  log(`code-server ${codeServerVersion} installed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return installLayout(folder);
}
