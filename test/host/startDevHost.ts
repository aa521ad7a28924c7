// `npm start`: the VS Code server with this extension loaded in development mode and the example workspace open.
// Open the printed URL in a browser; Ctrl-C stops the server.
import { onInterrupt } from './cleanupOnSignal';
import { ensureCodeServer } from './codeServerInstall';
import { startCodeServer } from './codeServerProcess';
import { workbenchUrl } from './codeServerTestRun';
import { HostSetupError } from './hostError';
import { exampleWorkspace, repositoryRoot } from './hostPaths';

function portFromEnvironment(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HostSetupError(`PORT is "${raw}", not a TCP port number.`, 'e.g. PORT=8080 npm start, or unset PORT to pick a free port');
  }
  return port;
}

async function main(): Promise<void> {
  const workspace = process.argv[2] ?? exampleWorkspace;
  const install = ensureCodeServer((line) => console.log(line));
  const server = await startCodeServer(install, { port: portFromEnvironment() });
  onInterrupt(async () => {
    console.log('\nStopping the VS Code server…');
    await server.stop();
  });
  const url = workbenchUrl(server.port, workspace, [['extensionDevelopmentPath', `vscode-remote://remote${repositoryRoot}`]]);
  console.log(`\nRefactor Runbook is running in VS Code ${install.vscodeVersion} (code-server 4.100.3) on ${workspace}.`);
  console.log(`Open this URL in a browser:\n\n  ${url}\n\nAfter changing the code, run \`npm run build\` and reload the browser window. Press Ctrl-C to stop.`);
  server.process.once('exit', (code, signal) => {
    console.error(`The VS Code server stopped (code ${String(code)}, signal ${String(signal)}).`);
    process.exit(code ?? 1);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof HostSetupError ? `${error.message}\nFix: ${error.remedy}` : error);
  process.exit(1);
});
