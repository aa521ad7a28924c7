import assert from 'node:assert/strict';
import { parseCliArguments, UsageError } from '../../src/cli/cliArguments';

describe('cli arguments', () => {
  it('parses check with every option', () => {
    assert.deepEqual(parseCliArguments(['check', 'src', 'jobs/run.sh', '--format', 'sarif', '--config', 'rr.json', '--baseline', 'b.json', '--verbose', '--no-cache']), {
      command: 'check',
      paths: ['src', 'jobs/run.sh'],
      format: 'sarif',
      config: 'rr.json',
      baseline: 'b.json',
      verbose: true,
      noCache: true,
    });
    assert.deepEqual(parseCliArguments(['check']), { command: 'check', paths: [], format: 'text', verbose: false, noCache: false });
    assert.deepEqual(parseCliArguments(['check', '--write-baseline=b.json']), { command: 'check', paths: [], format: 'text', writeBaseline: 'b.json', verbose: false, noCache: false });
  });

  it('recognises help, version and rules', () => {
    assert.deepEqual(parseCliArguments([]), { command: 'help' });
    assert.deepEqual(parseCliArguments(['--help']), { command: 'help' });
    assert.deepEqual(parseCliArguments(['check', '-h']), { command: 'help' });
    assert.deepEqual(parseCliArguments(['--version']), { command: 'version' });
    assert.deepEqual(parseCliArguments(['rules', '--format', 'json']), { command: 'rules', format: 'json' });
  });

  it('explains usage mistakes', () => {
    assert.throws(() => parseCliArguments(['chek']), (error: unknown) => error instanceof UsageError && /unknown command "chek"/.test(error.message));
    assert.throws(() => parseCliArguments(['check', '--format', 'xml']), /--format must be one of text, json, sarif; got "xml"/);
    assert.throws(() => parseCliArguments(['check', '--fromat', 'json']), /Unknown option '--fromat'/);
    assert.throws(() => parseCliArguments(['check', '--config']), UsageError);
    assert.throws(() => parseCliArguments(['check', '--baseline', 'a', '--write-baseline', 'b']), /cannot be combined/);
    assert.throws(() => parseCliArguments(['rules', 'src']), /rules takes no paths/);
    assert.throws(() => parseCliArguments(['check', '--jobs', '0']), /--jobs must be a whole number from 1 to 64; got "0"/);
    assert.deepEqual(parseCliArguments(['check', '--jobs', '2']), { command: 'check', paths: [], format: 'text', verbose: false, jobs: 2, noCache: false });
  });
});
