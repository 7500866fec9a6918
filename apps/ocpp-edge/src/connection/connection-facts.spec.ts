import { CONNECTED_AGAIN, ConnectionFacts } from './connection-facts.js';
import type { FactInput, FactLog } from './fact-log.js';

/** A fact log that keeps what is appended, and counts the waits for what is pending. */
function aFactLog() {
  const appended: FactInput[] = [];
  const waits: number[] = [];
  const log = {
    append: async (fact: FactInput) => appended.push(fact) > 0,
    settled: async () => void waits.push(appended.length),
  };
  return { log: log as unknown as FactLog, appended, waits };
}

describe('ConnectionFacts (what one connection records)', () => {
  it('records Connected, a charger CALL, our CALL’s results (a late one flagged) and Disconnected, as appended', async () => {
    const { log, appended } = aFactLog();
    const facts = new ConnectionFacts(log);
    expect(await facts.connected(1_000)).toBe(true);
    await facts.chargerCall({ action: 'Heartbeat', request: {}, response: { currentTime: 'now' } }, 'm1', 2_000);
    const result = {
      messageId: 'c1',
      action: 'GetConfiguration',
      request: {},
      response: { configurationKey: [] },
    } as const;
    await facts.callResult({ ...result, late: false }, 3_000);
    await facts.callResult({ ...result, late: true }, 4_000);
    await facts.connectedAgain(5_000);
    await facts.disconnected('connection closed (1000)', 6_000);
    expect(appended).toEqual([
      { action: 'Connected', request: {}, response: null, messageId: null, receivedAt: 1_000 },
      { action: 'Heartbeat', request: {}, response: { currentTime: 'now' }, messageId: 'm1', receivedAt: 2_000 },
      {
        action: 'CallResult',
        request: { action: 'GetConfiguration', payload: {} },
        response: { configurationKey: [] },
        messageId: 'c1',
        receivedAt: 3_000,
      },
      {
        action: 'CallResult',
        request: { action: 'GetConfiguration', payload: {}, late: true },
        response: { configurationKey: [] },
        messageId: 'c1',
        receivedAt: 4_000,
      },
      { action: 'Connected', request: { reason: CONNECTED_AGAIN }, response: null, messageId: null, receivedAt: 5_000 },
      {
        action: 'Disconnected',
        request: { reason: 'connection closed (1000)' },
        response: null,
        messageId: null,
        receivedAt: 6_000,
      },
    ]);
  });

  it('records no Disconnected for a connection that never appended Connected, and waits for what is pending', async () => {
    const { log, appended, waits } = aFactLog();
    await new ConnectionFacts(log).disconnected('ended before it started', 1_000);
    expect(appended).toEqual([]);
    expect(waits).toEqual([0]);
  });
});
