import { z } from 'zod';

/** JetStream's answer to a publish: the stream stored it (`seq`; `duplicate` when its `Nats-Msg-Id` was seen). */
const StoredAck = z.object({
  stream: z.string().min(1),
  seq: z.number().int().nonnegative(),
  duplicate: z.boolean().optional(),
});
/** JetStream's refusal: its API error (e.g. 10060 "expected stream does not match", a full stream, 10077 per subject). */
const RefusedAck = z.object({
  error: z.object({ code: z.number(), err_code: z.number().optional(), description: z.string() }),
});
// A refusal may also name the stream (with `seq: 0`): the error is looked for first.
const PubAck = z.union([RefusedAck, StoredAck]);

/** A publish the stream refused, with JetStream's own error code and description. */
export class JetStreamRefusedError extends Error {
  override readonly name = 'JetStreamRefusedError';
  constructor(
    readonly subject: string,
    readonly code: number,
    readonly errCode: number | undefined,
    description: string,
  ) {
    super(`JetStream refused the publish to ${subject}: ${description} (${code}${errCode ? `/${errCode}` : ''})`);
  }
}

/** Reads the reply to a JetStream publish: where it was stored, or the stream's refusal thrown as an error. */
export function parsePubAck(subject: string, data: Uint8Array): { seq: number; duplicate: boolean } {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(data));
  } catch {
    throw new Error(`the reply to a JetStream publish to ${subject} is not JSON`);
  }
  const ack = PubAck.safeParse(raw);
  if (!ack.success)
    throw new Error(`the reply to a JetStream publish to ${subject} is not an ack: ${z.prettifyError(ack.error)}`);
  if ('error' in ack.data) {
    const { code, err_code, description } = ack.data.error;
    throw new JetStreamRefusedError(subject, code, err_code, description);
  }
  return { seq: ack.data.seq, duplicate: ack.data.duplicate ?? false };
}
