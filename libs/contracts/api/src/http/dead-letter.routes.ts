import { z } from 'zod';
import { DeadLetter, DeadLetterPage, DeadLetterReplay } from '../dead-letters.js';
import { ChargerId } from './charger-routes.js';
import { errorResponses as e, route, tenantErrors } from './route-contract.js';

export const DeadLettersQuery = z.object({
  chargerId: ChargerId.optional(),
  /** The `nextAfter` of the previous page (a DEAD_LETTERS sequence); from the oldest when not given. */
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const DeadLetterPathParams = z.object({ sequence: z.coerce.number().int().positive() });
export const ReplayChargerDeadLettersBody = z.strictObject({ chargerId: ChargerId });
export const ReplayChargerDeadLettersAnswer = z.object({ replayed: z.array(DeadLetterReplay) });

/** Dead letters (admin key): messages that could never be processed, to inspect and send back to their origin. */
export const deadLetterRoutes = {
  listDeadLetters: route({
    method: 'GET',
    path: '/v1/dead-letters',
    summary: 'List dead letters, oldest first, paged; optionally one charger’s (admin key)',
    tag: 'dead letters',
    access: 'admin',
    query: DeadLettersQuery,
    responses: { 200: { description: 'a page of dead letters', body: DeadLetterPage }, ...tenantErrors, 403: e[403] },
  }),
  getDeadLetter: route({
    method: 'GET',
    path: '/v1/dead-letters/{sequence}',
    summary: 'One dead letter with its reason, origin, headers and payload (admin key)',
    tag: 'dead letters',
    access: 'admin',
    params: DeadLetterPathParams,
    responses: { 200: { description: 'the dead letter', body: DeadLetter }, ...tenantErrors, 403: e[403], 404: e[404] },
  }),
  replayDeadLetter: route({
    method: 'POST',
    path: '/v1/dead-letters/{sequence}/replay',
    summary: 'Send one dead letter back to its origin and remove it (admin key)',
    tag: 'dead letters',
    access: 'admin',
    params: DeadLetterPathParams,
    responses: {
      200: { description: 'replayed; if it fails again it comes back as a new dead letter', body: DeadLetterReplay },
      ...tenantErrors,
      403: e[403],
      404: e[404],
      409: e[409],
      503: e[503],
    },
  }),
  replayChargerDeadLetters: route({
    method: 'POST',
    path: '/v1/dead-letters/replay',
    summary: 'Send every dead letter of one charger back to its origin, oldest first (admin key)',
    tag: 'dead letters',
    access: 'admin',
    body: ReplayChargerDeadLettersBody,
    responses: {
      200: { description: 'what was replayed', body: ReplayChargerDeadLettersAnswer },
      ...tenantErrors,
      403: e[403],
      409: e[409],
      503: e[503],
    },
  }),
};
