import {
  ContractRegistry,
  EventStreamConsumer,
  type EventHandlers,
  type KnownEvent,
  type KnownEventType,
} from '@chargeplane/bridge-consumer-kit';
import { applyEvent, emptyAnalytics, summarise, type AnalyticsSummary } from './analytics.aggregate.js';
import { renderReport } from './analytics-report.js';
import type { Args } from './cli-args.js';

const CHARGER_EVENTS_TOPIC = 'chargeplane.charger-events.v1';

/** The event types the aggregate reads; everything else on the topic is skipped by the kit. */
const used: readonly KnownEventType[] = [
  'ChargerRegistered',
  'ChargingProfileDesired',
  'ChargingProfileRefused',
  'ChargingProfileWriteDispatched',
  'ChargerConfigurationWriteDispatched',
  'ChargingProfileRejectedByCharger',
  'ChargingProfileWriteFailed',
  'ChargingProfileAccepted',
  'ChargingProfileCleared',
  'ChargerConfigurationChanged',
  'ChargerConfigurationWriteFailed',
  'TransactionStopped',
];

/**
 * Consumes the public charger events and keeps the aggregate. With `once`, returns the summary when
 * everything on the topic at start has been read; otherwise prints a report every interval until `signal`.
 */
export async function runAnalytics(
  args: Args,
  print: (text: string) => void,
  signal: AbortSignal,
): Promise<AnalyticsSummary> {
  const analytics = emptyAnalytics();
  const apply = (e: KnownEvent) => applyEvent(analytics, e);
  const events: EventHandlers = Object.fromEntries(used.map((type) => [type, apply]));
  let invalid = 0;
  const consumer = new EventStreamConsumer({
    brokers: args.brokers,
    groupId: args.group,
    topics: [CHARGER_EVENTS_TOPIC],
    topicPrefix: args.topicPrefix,
    registry: ContractRegistry.published(),
    handlers: { events },
    fromBeginning: true,
    // The whole history is read at every start: remember every id so a replayed history counts once.
    dedupeCapacity: 5_000_000,
    onInvalid: (problem, record) => {
      invalid++;
      if (invalid <= 10)
        console.error(`skipped an invalid record at ${record.topic}/${record.partition}@${record.offset}: ${problem}`);
    },
  });
  const output = () => {
    const summary = summarise(analytics);
    const stats = { handled: consumer.stats.handled, duplicates: consumer.stats.duplicates, invalid };
    print(args.json ? JSON.stringify({ ...summary, consumed: stats }) : renderReport(summary, stats));
    return summary;
  };
  await consumer.start();
  try {
    if (args.once) {
      await consumer.waitUntilCaughtUp(args.timeoutSeconds * 1000);
      return output();
    }
    const timer = setInterval(output, args.intervalSeconds * 1000);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    clearInterval(timer);
    return output();
  } finally {
    await consumer.stop();
  }
}
