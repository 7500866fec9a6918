/** Network errors of a socket: the other side is away, not the message at fault. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
/** PostgreSQL SQLSTATE classes 08 (connection), 57P (shutdown, restart), 53 (out of resources), 40001/40P01 (retry). */
const SQLSTATE = /^(08|57P|53|40001$|40P01$)/;
const MESSAGES =
  /connection terminated|connection (is )?closed|not connected|timeout|timed out|CONNECTION_CLOSED|no responders|the database system is (starting up|shutting down)/i;
/** KafkaJS errors that mean the cluster is unreachable or busy. */
const KAFKA = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSLockTimeout',
  'KafkaJSNonRetriableError',
]);

/**
 * Whether a failure is the infrastructure's (PostgreSQL, NATS or Kafka away or restarting) rather than the
 * message's: such a failure is retried for as long as it lasts and never sends a message to the dead letters.
 * Follows `cause` and TypeORM's `driverError`.
 */
export function isInfrastructureError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, name, message, retriable } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      retriable?: unknown;
    };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof name === 'string' && (KAFKA.has(name) || (name.startsWith('KafkaJS') && retriable === true)))
      return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
