import assert from 'node:assert/strict';
import { chooseHost } from '../../host/hostSelection';

describe('integration host selection', () => {
  const linuxWithoutDisplay = { requestedHost: undefined, vscodeExecutable: undefined, hasDisplay: false, platform: 'linux' as const };

  it('uses code-server on a Linux machine without a display (CI, these machines)', () => {
    assert.equal(chooseHost(linuxWithoutDisplay).kind, 'code-server');
  });

  it('prefers a given VS Code executable over everything but an explicit code-server request', () => {
    const choice = chooseHost({ ...linuxWithoutDisplay, vscodeExecutable: '/opt/code/code' });
    assert.deepEqual(choice, { kind: 'electron-executable', executable: '/opt/code/code', reason: 'VSCODE_EXECUTABLE is set' });
    assert.equal(chooseHost({ ...linuxWithoutDisplay, vscodeExecutable: '/opt/code/code', requestedHost: 'code-server' }).kind, 'code-server');
  });

  it('tries a desktop download where a window can open, falling back to code-server', () => {
    assert.deepEqual(chooseHost({ ...linuxWithoutDisplay, hasDisplay: true }), {
      kind: 'electron-download',
      reason: 'a display is available; trying to download VS Code desktop',
      fallbackToCodeServer: true,
    });
    assert.equal(chooseHost({ ...linuxWithoutDisplay, platform: 'darwin' }).kind, 'electron-download');
  });

  it('does not fall back when desktop VS Code was asked for explicitly', () => {
    const choice = chooseHost({ ...linuxWithoutDisplay, requestedHost: 'Electron' });
    assert.equal(choice.kind, 'electron-download');
    assert.equal(choice.kind === 'electron-download' && choice.fallbackToCodeServer, false);
  });

  it('rejects an unknown host name with the accepted values', () => {
    assert.throws(() => chooseHost({ ...linuxWithoutDisplay, requestedHost: 'vim' }), /REFACTOR_RUNBOOK_TEST_HOST is "vim"; use auto, electron or code-server/);
  });
});
