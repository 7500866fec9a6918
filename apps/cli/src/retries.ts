import { CliError } from './api-client.js';
import type { CliIo } from './io.js';

/** Answers worth repeating with the same Idempotency-Key: the API unreachable, busy with the key, or unavailable. */
const transient = (error: unknown) =>
  error instanceof CliError && /cannot reach the API| (409|502|503|504) /.test(error.message);

/** Runs `attempt` up to `times`, waiting 1, 2, 4 … s between tries of a transient failure. */
export async function withRetries<T>(io: CliIo, attempt: () => Promise<T>, times = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!transient(error) || i >= times || io.signal.aborted) throw error;
      await io.sleep(1000 * 2 ** (i - 1));
    }
  }
}
