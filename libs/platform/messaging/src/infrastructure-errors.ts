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
/** @platformatic/kafka errors that mean the cluster is unreachable or slow (a protocol error says `canRetry`). */
const KAFKA_CODES = new Set(['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT', 'PLT_KFK_UNFINISHED_WRITE_BUFFER']);

/**
 * Whether a failure is the infrastructure's (PostgreSQL, NATS or Kafka away or restarting) rather than the
 * message's: such a failure is retried for as long as it lasts and never sends a message to the dead letters.
 * Follows `cause`, TypeORM's `driverError` and the Kafka client's `errors`.
 */
export function isInfrastructureError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, message, canRetry, errors } = error as {
    code?: unknown;
    message?: unknown;
    canRetry?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code) || KAFKA_CODES.has(code))) return true;
  if (canRetry === true) return true;
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  // The Kafka client's MultipleErrors: one retriable cause (a broker away) makes the whole retriable.
  if (Array.isArray(errors) && errors.some((e) => isInfrastructureError(e, depth + 1))) return true;
  const next =
    (error as { driverError?: unknown; cause?: unknown }).driverError ?? (error as { cause?: unknown }).cause;
  return isInfrastructureError(next, depth + 1);
}
