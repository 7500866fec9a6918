import { readCsvRecords } from '@chargeplane/contracts-api';
import { csvChunks, failureLine } from './register.command.js';

describe('register: splitting a CSV into requests', () => {
  const file = ['chargerId,model', 'A,zappi', '', 'B,zappi', '"C,1",zappi', 'D,zappi', 'E,zappi'].join('\n');

  it("sends at most the limit per request, each with the header, and remembers each row's line in the file", () => {
    const chunks = csvChunks(file, 2);
    expect(chunks.map((c) => c.lines)).toEqual([[2, 4], [5, 6], [7]]);
    expect(chunks[1]!.body).toBe('chargerId,model\n"C,1",zappi\nD,zappi');
    expect(readCsvRecords(chunks[1]!.body).map((r) => r.fields)).toEqual([
      ['chargerId', 'model'],
      ['C,1', 'zappi'],
      ['D', 'zappi'],
    ]);
  });

  it("reports a failed row at the file's own line, not the request's", () => {
    expect(
      failureLine(5, {
        chargerId: 'C,1',
        status: 'error',
        code: 'INVALID_CHARGER_ID',
        message: 'line 2: chargerId: charger ids use letters, digits and . _ : ~ - only',
      }),
    ).toBe('line 5: C,1 INVALID_CHARGER_ID: chargerId: charger ids use letters, digits and . _ : ~ - only');
  });
});
