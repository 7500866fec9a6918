/**
 * NATS subjects and JetStream streams: the only place their names are spelled.
 * Subject tokens are charger ids; ids containing NATS-reserved characters are encoded by `subjectToken`.
 */

/** Encodes a charger id as one NATS subject token ('.', '*', '>', whitespace are reserved). */
export function subjectToken(id: string): string {
  return encodeURIComponent(id).replace(/\./g, '%2E').replace(/\*/g, '%2A');
}

/**
 * The charger-keyed streams (`OCPP_IN`, `CHARGER_EVENTS`, `COMPLIANCE_EVENTS`) carry a partition token right after
 * their stream's subject root: `events.charger.p{k}.{chargerId}`, k = `chargerPartition(chargerId, n)`. Consumers
 * that share the work among replicas take one durable per partition (docs/architecture.md §7). Every publisher
 * and consumer must use the same n (`CHARGER_PARTITIONS`); this is its value unless configured.
 */
export const DEFAULT_CHARGER_PARTITIONS = 16;

/** The partition of a charger: FNV-1a (32 bit) of its id's UTF-8 bytes, modulo the partition count. Never changes. */
export function chargerPartition(chargerId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(chargerId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

const partitionToken = (chargerId: string, partitions: number) => `p${chargerPartition(chargerId, partitions)}`;

/**
 * `retention` names the class of limits a stream is kept under (docs/architecture.md §4): `facts` are the chargers'
 * reports, kept only until profile-command has taken them in; `events` can be published again from the PostgreSQL
 * event store, so they are kept as long as their consumers may lag.
 */
export const streams = {
  /** Facts reported by chargers, published by ocpp-edge. */
  ocppIn: { name: 'OCPP_IN', subjects: ['ocpp.in.>'], retention: 'facts' },
  /** Domain events from the Postgres outbox, `Nats-Msg-Id` = event id. */
  chargerEvents: { name: 'CHARGER_EVENTS', subjects: ['events.charger.>'], retention: 'events' },
  /** Compliance audit events. */
  complianceEvents: { name: 'COMPLIANCE_EVENTS', subjects: ['events.compliance.>'], retention: 'events' },
  /** Records of the device twin (drift checks). */
  twinEvents: { name: 'TWIN_EVENTS', subjects: ['events.twin.>'], retention: 'events' },
  /**
   * Messages that can never be processed (a fact or event that fails to fold, an outbox row the bus cannot carry),
   * with their reason and origin (`DeadLetter` in dead-letters.ts); kept for an operator to inspect and replay.
   */
  deadLetters: { name: 'DEAD_LETTERS', subjects: ['deadletter.>'], retention: 'deadLetters' },
} as const;

export const subjects = {
  /** CSMS→charger call, request/reply, answered by whichever edge holds the connection. */
  chargerCall: (chargerId: string) => `cp.${subjectToken(chargerId)}.call`,
  /** A fact reported by a charger (JetStream, stream OCPP_IN). */
  ocppIn: (chargerId: string, action: string, partitions = DEFAULT_CHARGER_PARTITIONS) =>
    `ocpp.in.${partitionToken(chargerId, partitions)}.${subjectToken(chargerId)}.${action}`,
  ocppInAll: 'ocpp.in.>',
  /** Every fact of the chargers in partition `k`. */
  ocppInPartition: (k: number) => `ocpp.in.p${k}.>`,
  /** A domain event of one charger (JetStream, stream CHARGER_EVENTS). */
  chargerEvents: (chargerId: string, partitions = DEFAULT_CHARGER_PARTITIONS) =>
    `events.charger.${partitionToken(chargerId, partitions)}.${subjectToken(chargerId)}`,
  chargerEventsAll: 'events.charger.>',
  chargerEventsPartition: (k: number) => `events.charger.p${k}.*`,
  complianceEvents: (chargerId: string, partitions = DEFAULT_CHARGER_PARTITIONS) =>
    `events.compliance.${partitionToken(chargerId, partitions)}.${subjectToken(chargerId)}`,
  complianceEventsAll: 'events.compliance.>',
  complianceEventsPartition: (k: number) => `events.compliance.p${k}.*`,
  /** Request/reply services. */
  chargerAuth: 'charger.auth.lookup',
  /** Replace a charger's stored credential hash after a successful check (decision 0007; profile-command). */
  chargerCredentialsRehash: 'charger.credentials.rehash',
  transactionStart: 'charger.transaction.start',
  /**
   * Run a bulk assignment for chargers of partition `k` (request/reply, answered by the profile-command replica that
   * holds partition k of the facts; `AssignmentShareRequest`).
   */
  assignmentShare: (k: number) => `charger.assignment.p${k}`,
  /** Authorize an idTag presented at a charger (answered by profile-command). */
  chargerAuthorize: 'charger.authorize',
  complianceEvaluate: 'compliance.gb.evaluate',
  twinGet: 'twin.get',
  twinList: 'twin.list',
  /** Fleet counts of one tenant (request/reply, answered by device-twin). */
  twinSummary: 'twin.summary',
  /** Compare a charger's twin with what the charger reports (request/reply, answered by device-twin). */
  twinDriftCheck: 'twin.drift.check',
  /** Core NATS (no history): a twin of this tenant changed; published by device-twin after each applied change. */
  twinChanged: (tenantId: string) => `twin.changed.${subjectToken(tenantId)}`,
  /** A device-twin record about one charger (JetStream, stream TWIN_EVENTS). */
  twinEvents: (chargerId: string) => `events.twin.${subjectToken(chargerId)}`,
  twinEventsAll: 'events.twin.>',
  /** A dead letter about one charger (JetStream, stream DEAD_LETTERS). */
  deadLetter: (chargerId: string) => `deadletter.charger.${subjectToken(chargerId)}`,
  /** A dead letter that names no charger (e.g. an outbox row whose payload does not parse). */
  deadLetterNoCharger: 'deadletter.none',
  deadLettersAll: 'deadletter.>',
} as const;

/** Applies a per-run prefix (tests isolate runs on a shared NATS server this way). */
export function prefixed(prefix: string, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

/** Announced by an edge when a charger connects to it: other edges close their older connection of that charger. */
export const edgeSubjects = {
  connectionOpened: (chargerId: string) => `edge.connection.opened.${subjectToken(chargerId)}`,
  connectionOpenedAll: 'edge.connection.opened.*',
} as const;
