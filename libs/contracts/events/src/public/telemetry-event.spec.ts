import { toTelemetryEvent } from './telemetry-event.js';

const fact = (action: string, request: Record<string, unknown>) => ({
  id: '0b7a3c52-55a4-4f0c-9f7e-2d1c4b1a9e01',
  action,
  tenantId: 'tnt_a',
  chargerId: 'ZAPPI-1',
  receivedAt: '2026-11-25T10:00:00.000Z',
  request,
});

describe('Public telemetry events', () => {
  it('turn a StatusNotification into ConnectorStatusReported', () => {
    const event = toTelemetryEvent(
      fact('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' }),
    );
    expect(event).toMatchObject({
      type: 'ConnectorStatusReported',
      schemaVersion: 1,
      chargerId: 'ZAPPI-1',
      data: { connectorId: 1, status: 'Charging' },
    });
  });

  it('turn MeterValues into MeterValuesReported', () => {
    const meterValue = [
      {
        timestamp: '2026-11-25T10:00:00Z',
        sampledValue: [{ value: '1200', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
      },
    ];
    const event = toTelemetryEvent(fact('MeterValues', { connectorId: 1, transactionId: 7, meterValue }));
    expect(event?.data).toEqual({ connectorId: 1, transactionId: 7, meterValue });
  });

  it('ignore facts that are not telemetry', () => {
    expect(toTelemetryEvent(fact('Heartbeat', {}))).toBeNull();
  });

  it('refuse a telemetry fact that does not fit its contract', () => {
    expect(() => toTelemetryEvent(fact('StatusNotification', { connectorId: 1, status: 'Exploded' }))).toThrow();
  });
});
