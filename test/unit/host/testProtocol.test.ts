import assert from 'node:assert/strict';
import { parseScreenshotRequest, parseSummaryLine, resultLinePrefix, screenshotRequestPrefix } from '../../host/testProtocol';

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
});
