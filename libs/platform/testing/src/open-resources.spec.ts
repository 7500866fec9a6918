import { openCount, stopAllOpen, trackOpen } from './open-resources.js';

describe('open test resources', () => {
  it('are stopped newest first by stopAllOpen when the suite did not stop them', async () => {
    const stopped: string[] = [];
    trackOpen(async () => void stopped.push('infra'));
    trackOpen(async () => void stopped.push('platform'));
    await stopAllOpen();
    expect(stopped).toEqual(['platform', 'infra']);
    expect(openCount()).toBe(0);
  });

  it('are stopped once, whether the suite or stopAllOpen comes first', async () => {
    let stops = 0;
    const stop = trackOpen(async () => void stops++);
    await stop();
    await stopAllOpen();
    await stop();
    expect(stops).toBe(1);
  });

  it('all get stopped when one fails, and the failure is reported', async () => {
    const stopped: string[] = [];
    trackOpen(async () => void stopped.push('first'));
    trackOpen(async () => {
      throw new Error('NATS went away');
    });
    await expect(stopAllOpen()).rejects.toThrow(/1 test resource\(s\) failed to stop/);
    expect(stopped).toEqual(['first']);
    expect(openCount()).toBe(0);
  });
});
