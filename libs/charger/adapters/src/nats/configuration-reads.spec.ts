import type { ChargerGateway, ChargerService } from '@chargeplane/charger-application';
import type { ChargerCallReply } from '@chargeplane/contracts-api';
import { initialState, type ChargerCommand } from '@chargeplane/charger-domain';
import pino from 'pino';
import { ConfigurationReads, type Timers } from './configuration-reads.js';

const timings = { bootGraceMs: 5_000, readTimeoutMs: 30_000, firstRetryMs: 60_000, maxRetryMs: 240_000 };
const context = { tenantId: 't-1', correlationId: 'c-1', causationId: 'c-1' };
const answer = (values: Record<string, string>): ChargerCallReply => ({
  kind: 'result',
  messageId: 'm',
  payload: { configurationKey: Object.entries(values).map(([key, value]) => ({ key, readonly: false, value })) },
});
const TIMEOUT: ChargerCallReply = { kind: 'timeout', messageId: 'm' };

/** A fake clock for the reads' timers, a gateway answering from a script, and the commands the reads record. */
function setup(replies: ChargerCallReply[], connectionId = 'conn-1') {
  let now = 0;
  const due: { at: number; run: () => void; live: boolean }[] = [];
  const timers: Timers = {
    set: (run, ms) => {
      const t = { at: now + ms, run, live: true };
      due.push(t);
      return t;
    },
    clear: (t) => ((t as { live: boolean }).live = false),
  };
  const calls: { action: string; timeoutMs: number }[] = [];
  const gateway: ChargerGateway = {
    call: (_id, action, _payload, timeoutMs) => {
      calls.push({ action, timeoutMs });
      return Promise.resolve(replies.shift() ?? { kind: 'offline' });
    },
  };
  const recorded: ChargerCommand[] = [];
  const state = { ...initialState(), connectionId };
  const service = {
    execute: (_id: string, build: (s: typeof state, b: { now: number; writeId: string }) => ChargerCommand | null) => {
      const command = build(state, { now, writeId: 'w' });
      if (command) recorded.push(command);
      return Promise.resolve();
    },
  } as unknown as ChargerService;
  const reads = new ConfigurationReads(service, gateway, pino({ level: 'silent' }), timings, timers);
  /** Runs every timer due by `ms` from now, letting each read finish. */
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const next = due.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      now = next.at;
      next.live = false;
      next.run();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    now = until;
  };
  return { reads, calls, recorded, state, advance };
}

describe('Configuration reads', () => {
  describe('when a charger connects and boots right after (Z17)', () => {
    it('reads its configuration once, after the boot', async () => {
      const t = setup([answer({ CommercialMode: 'True' })]);
      t.reads.connected('CP-1', 'conn-1', context);
      await t.advance(1_000);
      t.reads.booted('CP-1', 'conn-1', context);
      await t.advance(60_000);
      expect(t.calls).toEqual([{ action: 'GetConfiguration', timeoutMs: 30_000 }]);
      expect(t.recorded).toMatchObject([{ type: 'RecordConfiguration', values: { CommercialMode: 'True' } }]);
      expect(t.recorded[0]).not.toHaveProperty('readFailure');
    });
  });

  describe('when a charger reconnects without booting', () => {
    it('reads once the boot grace has passed', async () => {
      const t = setup([answer({ CommercialMode: 'True' })]);
      t.reads.connected('CP-1', 'conn-1', context);
      await t.advance(4_999);
      expect(t.calls).toHaveLength(0);
      await t.advance(1);
      expect(t.calls).toHaveLength(1);
    });
  });

  describe('when the read gets no answer in time', () => {
    it('records the failure (writes wait) and tries again after a growing back-off until a read succeeds', async () => {
      const t = setup([TIMEOUT, TIMEOUT, answer({ CommercialMode: 'True' })]);
      t.reads.booted('CP-1', 'conn-1', context);
      await t.advance(0);
      expect(t.recorded).toMatchObject([
        { type: 'RecordConfiguration', values: {}, readFailure: { failure: 'timeout' } },
      ]);
      await t.advance(59_999);
      expect(t.calls).toHaveLength(1);
      await t.advance(1);
      expect(t.calls).toHaveLength(2);
      await t.advance(119_999);
      expect(t.calls).toHaveLength(2);
      await t.advance(1);
      expect(t.calls).toHaveLength(3);
      expect(t.recorded.map((c) => ('readFailure' in c ? c.readFailure?.failure : 'read'))).toEqual([
        'timeout',
        'timeout',
        'read',
      ]);
      await t.advance(3_600_000);
      expect(t.calls).toHaveLength(3);
    });

    it('records a CALLERROR or an unreadable answer as a failed read too', async () => {
      const t = setup([
        { kind: 'call-error', code: 'InternalError', description: 'busy', details: {}, messageId: 'm' },
        { kind: 'result', messageId: 'm', payload: { configurationKey: 'nope' } },
      ]);
      t.reads.booted('CP-1', 'conn-1', context);
      await t.advance(60_000);
      expect(t.recorded).toMatchObject([
        { readFailure: { failure: 'call-error', description: 'InternalError: busy' } },
        { readFailure: { failure: 'unreadable' } },
      ]);
    });

    it('stops retrying once the charger is offline (its next connection reads again)', async () => {
      const t = setup([TIMEOUT, { kind: 'offline' }]);
      t.reads.booted('CP-1', 'conn-1', context);
      await t.advance(3_600_000);
      expect(t.calls).toHaveLength(2);
      expect(t.recorded).toHaveLength(1);
    });

    it('leaves the retry to the new connection when the charger reconnects meanwhile', async () => {
      const t = setup([TIMEOUT, answer({ CommercialMode: 'True' })]);
      t.reads.booted('CP-1', 'conn-1', context);
      await t.advance(0);
      t.state.connectionId = 'conn-2';
      t.reads.connected('CP-1', 'conn-2', context);
      await t.advance(3_600_000);
      expect(t.calls).toHaveLength(2);
      expect(t.recorded.at(-1)).toMatchObject({ type: 'RecordConfiguration', values: { CommercialMode: 'True' } });
    });
  });

  describe('when the answer arrives after the charger moved to another connection', () => {
    it('records nothing: it says nothing about the connection the charger is on', async () => {
      const t = setup([answer({ CommercialMode: 'True' })], 'conn-2');
      t.reads.booted('CP-1', 'conn-1', context);
      await t.advance(0);
      expect(t.calls).toHaveLength(1);
      expect(t.recorded).toEqual([]);
    });
  });
});
