import assert from 'node:assert/strict';
import { keysRequestPrefix, parseKeysRequest, parseScreenshotRequest, parseSummaryLine, resultLinePrefix, screenshotRequestPrefix } from '../../host/testProtocol';

describe('harness protocol lines', () => {
  it('reads the summary the test index prints, wherever the line starts', () => {
    assert.deepEqual(parseSummaryLine(`${resultLinePrefix}{"passes":4,"failures":1,"pending":2}`), { passes: 4, failures: 1, pending: 2 });
    assert.deepEqual(parseSummaryLine(`[exthost] ${resultLinePrefix}{"passes":0,"failures":0,"pending":0}`), { passes: 0, failures: 0, pending: 0 });
  });

  it('ignores lines that only look like a summary', () => {
    assert.equal(parseSummaryLine('3 passing'), undefined);
    assert.equal(parseSummaryLine(`${resultLinePrefix}{"passes":"4"}`), undefined);
    assert.equal(parseSummaryLine(`${resultLinePrefix}not json`), undefined);
  });

  it('accepts only plain PNG file names as screenshot requests', () => {
    assert.equal(parseScreenshotRequest(`${screenshotRequestPrefix}workbench-sidebar.png`), 'workbench-sidebar.png');
    assert.equal(parseScreenshotRequest(`${screenshotRequestPrefix}../../etc/passwd.png`), undefined);
    assert.equal(parseScreenshotRequest(`${screenshotRequestPrefix}shot.jpg`), undefined);
    assert.equal(parseScreenshotRequest('an unrelated log line'), undefined);
  });

  it('reads a keys request of text and named keys, in order', () => {
    assert.deepEqual(parseKeysRequest(`[exthost] ${keysRequestPrefix}{"id":"412_3","steps":[{"press":"ControlOrMeta+A"},{"type":"auto/motive"},{"press":"Enter"}]}`), {
      id: '412_3',
      steps: [{ press: 'ControlOrMeta+A' }, { type: 'auto/motive' }, { press: 'Enter' }],
    });
  });

  it('refuses keys requests with an odd id, an unknown key, a step that is both, or no steps', () => {
    assert.equal(parseKeysRequest(`${keysRequestPrefix}{"id":"../x","steps":[{"type":"a"}]}`), undefined);
    assert.equal(parseKeysRequest(`${keysRequestPrefix}{"id":"1","steps":[{"press":"F12"}]}`), undefined);
    assert.equal(parseKeysRequest(`${keysRequestPrefix}{"id":"1","steps":[{"type":"a","press":"Enter"}]}`), undefined);
    assert.equal(parseKeysRequest(`${keysRequestPrefix}{"id":"1","steps":[]}`), undefined);
    assert.equal(parseKeysRequest(`${keysRequestPrefix}not json`), undefined);
    assert.equal(parseKeysRequest('an unrelated log line'), undefined);
  });
});
