// Diagnostic (`--count-messages`): every message NATS carries during a push, by kind, per confirmed charger. A
// subscription on `>` sees each message once per delivery: a JetStream publish, then one delivery per consumer (a
// delivered message keeps its subject), the acks (`$JS.ACK.<stream>`), the replies and publish acks (`_INBOX`).
// Counted from the push's POST until the projections drained. It is one more delivery of every message for NATS, so
// a push counted is slower than one not counted: its other figures do not compare with runs without it.

/** Starts counting the messages of this run's bus (its prefix) and of JetStream's and the inboxes' subjects. */
export function countBusTraffic(bus) {
  const counts = new Map();
  const streamPrefix = bus.stream('');
  const sub = bus.nc.subscribe('>', {
    callback: (_error, message) => {
      const kind = kindOf(bus, streamPrefix, message.subject);
      if (kind !== null) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    },
  });
  return {
    /** Stops counting; messages per confirmed charger by kind, largest first, and their total. */
    stop(confirmed) {
      sub.unsubscribe();
      const perCharger = [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => [kind, Math.round((n / confirmed) * 100) / 100]);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      return { total: Math.round((total / confirmed) * 100) / 100, byKind: Object.fromEntries(perCharger) };
    },
  };
}

/** The kind a subject stands for, without the run prefix, charger ids or partitions; null: another run's. */
function kindOf(bus, streamPrefix, subject) {
  if (subject.startsWith('_INBOX.')) return '_INBOX (replies, publish acks)';
  if (subject.startsWith('$JS.ACK.')) {
    const stream = subject.split('.')[2] ?? '';
    if (!stream.startsWith(streamPrefix)) return null;
    return `$JS.ACK.${stream.slice(streamPrefix.length)}`;
  }
  if (subject.startsWith('$JS.')) return subject.split('.').slice(0, 3).join('.');
  const own = bus.unprefixed(subject);
  if (own === subject && bus.prefix) return null;
  const tokens = own.split('.');
  if (tokens[0] === 'cp') return `cp.*.${tokens.slice(2).join('.')}`;
  if (tokens[0] === 'ocpp' && tokens[1] === 'in') return `ocpp.in.*.*.${tokens.at(-1)}`;
  if (tokens[0] === 'events') return `${tokens.slice(0, 2).join('.')}.* (publish + deliveries)`;
  return `${tokens.slice(0, 2).join('.')}.*`;
}
