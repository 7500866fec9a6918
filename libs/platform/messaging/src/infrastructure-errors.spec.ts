import { isInfrastructureError } from './infrastructure-errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isInfrastructureError (retried without counting towards the dead letters)', () => {
  it.each([
    [
      'PostgreSQL restarting (57P01), as TypeORM wraps it',
      { driverError: withCode('terminating connection', '57P01') },
    ],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a pool that lost its connection', new Error('Connection terminated unexpectedly')],
    ['Kafka away', Object.assign(new Error('Connection closed'), { code: 'PLT_KFK_NETWORK', canRetry: true })],
    [
      'a Kafka send that failed on every broker',
      Object.assign(
        new AggregateError([Object.assign(new Error('timed out'), { code: 'PLT_KFK_TIMEOUT' })], 'failed'),
        {
          code: 'PLT_KFK_MULTIPLE',
        },
      ),
    ],
    [
      'a retriable Kafka error',
      Object.assign(new Error('leader not available'), { code: 'PLT_KFK_PROTOCOL', canRetry: true }),
    ],
    ['NATS closed, as a cause', new Error('fold failed', { cause: new Error('CONNECTION_CLOSED') })],
  ])('takes %s for the infrastructure', (_what, error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a fold that fails', new Error('gap: charger-1 at 3, got 5')],
    ['a constraint violation (23505)', withCode('duplicate key value violates unique constraint', '23505')],
    [
      'a record Kafka refuses for good',
      Object.assign(new Error('too large'), { code: 'PLT_KFK_PROTOCOL', canRetry: false }),
    ],
    ['not an error at all', 'nonsense'],
  ])('takes %s for the message', (_what, error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });
});
