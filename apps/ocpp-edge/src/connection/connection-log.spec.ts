import { Writable } from 'node:stream';
import { pino } from 'pino';
import { BoundLog } from './connection-log.js';

function aLogger(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { base: pino({ level }, sink), lines };
}

describe('BoundLog', () => {
  it('tags every written line with the charger and the connection, and keeps the fields', () => {
    const { base, lines } = aLogger('info');
    const log = new BoundLog(base, 'CP-1', 'conn-1');
    log.warn({ messageId: 'm-1', err: new Error('boom') }, 'bad frame');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'bad frame',
        chargerId: 'CP-1',
        connectionId: 'conn-1',
        messageId: 'm-1',
        err: expect.objectContaining({ message: 'boom' }),
      }),
    ]);
  });

  it('writes nothing below the logger level', () => {
    const { base, lines } = aLogger('info');
    const log = new BoundLog(base, 'CP-1', 'conn-1');
    log.debug({ messageId: 'm-1' }, 'CALL sent');
    log.info({}, 'charger connected');
    log.error({}, 'connection did not end cleanly');
    expect(lines.map((line) => line['msg'])).toEqual(['charger connected', 'connection did not end cleanly']);
  });
});
