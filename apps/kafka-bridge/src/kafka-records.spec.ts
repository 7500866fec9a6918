import { toKafkaRecord } from './kafka-records.js';

const event = { id: 'e-1', type: 'ChargingProfileAccepted', schemaVersion: 1, tenantId: 't-1', chargerId: 'C-1' };
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('toKafkaRecord', () => {
  it('carries the trace context of the message as W3C headers, leaving the value (the public contract) as it is', () => {
    const record = toKafkaRecord(event, { replay: false, trace: { traceparent, tracestate: 'vendor=1' } });
    expect(record.headers).toEqual({
      type: 'ChargingProfileAccepted',
      schemaVersion: '1',
      tenantId: 't-1',
      eventId: 'e-1',
      traceparent,
      tracestate: 'vendor=1',
    });
    expect(record.value).toBe(event);
    expect(record.key).toBe('C-1');
  });

  it('has no trace headers for a message without a trace context', () => {
    const record = toKafkaRecord(event, { replay: true });
    expect(Object.keys(record.headers).sort()).toEqual(['eventId', 'replay', 'schemaVersion', 'tenantId', 'type']);
  });
});
