import { advance, readToolLine } from './tool-progress.js';

const pino = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: 't', app: 'x', ...fields });

describe('Progress of the wrapped tools', () => {
  it('replay: the total from "replay started", one step per stream, the summary line as the result', () => {
    let progress = { label: 'replaying', done: 0, total: null as number | null };
    for (const raw of [
      pino({ msg: 'replay started', streams: 3 }),
      pino({ msg: 'stream replayed', streamId: 'charger-A', events: 4 }),
      pino({ msg: 'stream replayed', streamId: 'charger-B', events: 4 }),
    ]) {
      const line = readToolLine('replay', raw)!;
      progress = advance('replay', progress, line);
    }
    expect(progress).toMatchObject({ done: 2, total: 3 });
    expect(readToolLine('replay', '{"tenant":"t","streams":3,"events":12}')).toEqual({
      kind: 'result',
      text: '{"tenant":"t","streams":3,"events":12}',
    });
  });

  it('rebuild: events read and chargers as a counter; warnings shown; other info lines dropped', () => {
    const line = readToolLine(
      'rebuild',
      pino({ msg: 'twin rebuild progress', phase: 'reading', events: 5000, chargers: 40 }),
    )!;
    expect(advance('rebuild', { label: 'r', done: 0, total: null }, line)).toEqual({
      label: 'r',
      done: 5000,
      total: null,
      detail: { chargers: 40 },
    });
    expect(
      readToolLine(
        'rebuild',
        pino({
          msg: 'twins rebuilt and swapped in',
          events: 9,
          chargers: 2,
          readSeconds: 1,
          writeSeconds: 0.5,
          swapSeconds: 0.02,
        }),
      ),
    ).toEqual({
      kind: 'result',
      text: 'twins rebuilt and swapped in: 9 events, 2 chargers in 1.5 s (read 1.0 s, write 0.5 s, swap 0.02 s)',
    });
    expect(readToolLine('rebuild', pino({ msg: 'lock wait', level: 40 }))).toEqual({ kind: 'log', text: 'lock wait' });
    expect(readToolLine('rebuild', pino({ msg: 'connected' }))).toBeNull();
    expect(readToolLine('rebuild', 'twin rebuild failed: boom')).toEqual({
      kind: 'log',
      text: 'twin rebuild failed: boom',
    });
  });
});
