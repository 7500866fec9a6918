import { NotFoundError, ValidationError } from './control-errors.js';
import { z } from 'zod';
import type { SimClock } from '../clock/sim-clock.js';
import type { SimulatedCharger } from '../charger/simulated-charger.js';
import { virtualIdTag } from '../fleet/charger-ids.js';
import { chargerSummary, compositeSchedule, configuration, storedProfiles, writeWindow } from './charger-views.js';

// The control/audit API's routes. Every body and query is parsed with zod; the server turns the thrown
// platform errors into `{ code, message }` with the matching status.

export interface ControlContext {
  chargers: ReadonlyMap<string, SimulatedCharger>;
  clock: SimClock;
  /** Car power used when a plug-in request names none, W. */
  defaultCarMaxPowerW: number;
}

export interface RouteRequest {
  method: string;
  /** Path segments after `/chargers`, percent-decoded. */
  segments: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

const PlugInBody = z.strictObject({
  connectorId: z.int().min(1).default(1),
  maxPowerW: z.number().positive().max(1_000_000).optional(),
  idTag: z.string().min(1).max(20).optional(),
});
const ConnectorBody = z.strictObject({ connectorId: z.int().min(1).default(1) });
const EmptyBody = z.strictObject({});
const LeaveUnansweredBody = z.strictObject({
  action: z.string().min(1).max(50),
  count: z.int().min(0).max(1000).default(1),
});
const CompositeQuery = z.strictObject({
  connectorId: z.coerce.number().int().min(0).default(1),
  duration: z.coerce
    .number()
    .int()
    .positive()
    .max(31 * 86_400)
    .default(3600),
  chargingRateUnit: z.enum(['A', 'W']).optional(),
});

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new ValidationError(`invalid ${what}: ${where}${issue?.message ?? 'invalid'}`);
}

function chargerOf(ctx: ControlContext, id: string): SimulatedCharger {
  const charger = ctx.chargers.get(id);
  if (!charger) throw new NotFoundError(`no charger ${id}`);
  return charger;
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const accepted = (charger: SimulatedCharger): RouteResult => ({
  status: 202,
  body: { id: charger.id, connected: charger.connected, online: charger.online },
});

function read(
  ctx: ControlContext,
  charger: SimulatedCharger,
  view: string | undefined,
  query: URLSearchParams,
): RouteResult {
  switch (view) {
    case undefined:
      return ok(chargerSummary(charger, ctx.clock));
    case 'profiles':
      return ok(storedProfiles(charger));
    case 'calls':
      return ok(charger.callLog.list());
    case 'acknowledged':
      return ok({ entries: charger.acknowledged.list(), dropped: charger.acknowledged.dropped });
    case 'writes':
      return ok(writeWindow(charger, ctx.clock));
    case 'composite':
      return ok(compositeSchedule(charger, parse(CompositeQuery, Object.fromEntries(query), 'query')));
    case 'configuration':
      return ok(configuration(charger));
    default:
      throw new NotFoundError(`no view ${view}`);
  }
}

async function act(
  ctx: ControlContext,
  charger: SimulatedCharger,
  action: string,
  body: unknown,
): Promise<RouteResult> {
  switch (action) {
    case 'plug-in': {
      const request = parse(PlugInBody, body, 'body');
      charger.plugIn({
        connectorId: request.connectorId,
        maxPowerW: request.maxPowerW ?? ctx.defaultCarMaxPowerW,
        idTag: request.idTag ?? virtualIdTag(charger.id),
      });
      return accepted(charger);
    }
    case 'unplug':
      charger.unplug(parse(ConnectorBody, body, 'body').connectorId);
      return accepted(charger);
    case 'offline':
      parse(EmptyBody, body, 'body');
      charger.goOffline();
      return accepted(charger);
    case 'online':
      parse(EmptyBody, body, 'body');
      charger.goOnline();
      return accepted(charger);
    case 'leave-unanswered': {
      const request = parse(LeaveUnansweredBody, body, 'body');
      charger.leaveUnanswered(request.action, request.count);
      return accepted(charger);
    }
    case 'restart':
      parse(EmptyBody, body, 'body');
      await charger.restart();
      return accepted(charger);
    default:
      throw new NotFoundError(`no action ${action}`);
  }
}

export async function route(ctx: ControlContext, request: RouteRequest): Promise<RouteResult> {
  const [id, sub, ...rest] = request.segments;
  if (rest.length > 0) throw new NotFoundError('no such route');
  if (id === undefined) {
    if (request.method !== 'GET') throw new NotFoundError('no such route');
    return ok([...ctx.chargers.values()].map((c) => ({ id: c.id, connected: c.connected })));
  }
  const charger = chargerOf(ctx, id);
  if (request.method === 'GET') return read(ctx, charger, sub, request.query);
  if (request.method === 'POST' && sub !== undefined) return act(ctx, charger, sub, request.body);
  throw new NotFoundError('no such route');
}
