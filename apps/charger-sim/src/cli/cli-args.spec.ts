import { parseCli } from './cli-args.js';

const noFiles = (path: string): string => {
  throw new Error(`ENOENT: ${path}`);
};
const files = (content: Record<string, string>) => (path: string) => {
  const text = content[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
};
const base = ['--url', 'ws://127.0.0.1:9000/ocpp'];

function run(argv: string[], readFile = noFiles) {
  const result = parseCli(argv, readFile);
  if (result.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(result)}`);
  return result.options;
}

function errorOf(argv: string[], readFile = noFiles): string {
  const result = parseCli(argv, readFile);
  if (result.kind !== 'error') throw new Error(`expected an error, got ${result.kind}`);
  return result.message;
}

describe('CLI flags', () => {
  describe('when they are good', () => {
    it('runs one zappi with the defaults', () => {
      const options = run([...base, '--id', 'ZAPPI-0001', '--password', 'secret']);
      expect(options).toMatchObject({
        url: 'ws://127.0.0.1:9000/ocpp',
        id: 'ZAPPI-0001',
        password: 'secret',
        model: 'zappi',
        clockSpeed: 1,
        jurisdiction: null,
        sessions: false,
      });
      expect(options.count).toBeUndefined();
    });

    it('reads every device, time and control flag', () => {
      const options = run([
        ...base,
        '--id=Z1',
        '--model',
        'generic-ocpp16',
        '--firmware',
        '5.4.9',
        '--commercial-mode',
        'off',
        '--jurisdiction',
        'GB',
        '--connectors',
        '2',
        '--clock-speed',
        '60',
        '--sim-start',
        '2025-01-06T00:00:00Z',
        '--seed',
        '42',
        '--state-dir',
        '/tmp/state',
        '--control-port',
        '9100',
        '--log-level',
        'debug',
        '--duration',
        '30',
        '--call-timeout',
        '10',
      ]);
      expect(options).toMatchObject({
        model: 'generic-ocpp16',
        firmware: '5.4.9',
        commercialMode: false,
        jurisdiction: 'GB',
        connectors: 2,
        clockSpeed: 60,
        simStart: '2025-01-06T00:00:00Z',
        seed: '42',
        stateDir: '/tmp/state',
        controlPort: 9100,
        logLevel: 'debug',
        duration: 30,
        callTimeoutSeconds: 10,
      });
    });

    it('runs a fleet with its prefix, start index, rate and scripted sessions', () => {
      const options = run([
        ...base,
        '--count',
        '10000',
        '--id-prefix',
        'LOAD-',
        '--start-index',
        '5',
        '--connect-rate',
        '500',
        '--sessions',
        '--session-minutes',
        '45',
        '--summary-every',
        '2',
        '--report',
        'out.json',
      ]);
      expect(options).toMatchObject({
        count: 10_000,
        idPrefix: 'LOAD-',
        startIndex: 5,
        connectRate: 500,
        sessions: true,
        sessionMinutes: 45,
        summaryEvery: 2,
        report: 'out.json',
      });
    });

    it('takes per-charger passwords from a JSON file', () => {
      const read = files({ 'pw.json': '{"ZAPPI-0001":"a","ZAPPI-0002":"b"}' });
      const options = run([...base, '--count', '2', '--passwords-file', 'pw.json'], read);
      expect(options.passwords).toEqual({ 'ZAPPI-0001': 'a', 'ZAPPI-0002': 'b' });
    });

    it('takes per-action answer delays in simulated seconds (a slow cloud)', () => {
      const delays = ['--answer-delay', 'GetCompositeSchedule=50', '--answer-delay', 'GetConfiguration=2.5'];
      expect(run([...base, '--id', 'A', ...delays]).answerDelays).toEqual({
        GetCompositeSchedule: 50,
        GetConfiguration: 2.5,
      });
      expect(run([...base, '--id', 'A']).answerDelays).toEqual({});
    });

    it('answers --help with the help text', () => {
      expect(parseCli(['--help'], noFiles)).toEqual({ kind: 'help' });
      expect(parseCli([...base, '-h'], noFiles)).toEqual({ kind: 'help' });
    });
  });

  describe('when they are bad', () => {
    it('says which answer delay it cannot read', () => {
      expect(errorOf([...base, '--id', 'A', '--answer-delay', 'GetCompositeSchedule'])).toBe(
        '--answer-delay: "GetCompositeSchedule" is not ACTION=SECONDS',
      );
      expect(errorOf([...base, '--id', 'A', '--answer-delay', 'GetConfiguration=7200'])).toMatch(/^--answer-delay: /);
    });

    it('names an unknown flag', () => {
      expect(errorOf([...base, '--id', 'A', '--colour', 'red'])).toMatch(/Unknown option '--colour'/);
    });

    it('names a flag whose value is not a number', () => {
      expect(errorOf([...base, '--count', 'many'])).toMatch(/^--count: "many" is not valid/);
      expect(errorOf([...base, '--id', 'A', '--clock-speed', ''])).toMatch(/^--clock-speed/);
    });

    it('refuses values outside their range or set', () => {
      expect(errorOf([...base, '--id', 'A', '--clock-speed', '0'])).toMatch(/^--clock-speed:/);
      expect(errorOf([...base, '--id', 'A', '--model', 'wallbox'])).toMatch(/^--model:/);
      expect(errorOf([...base, '--id', 'A', '--commercial-mode', 'yes'])).toMatch(/^--commercial-mode:/);
      expect(errorOf([...base, '--id', 'A', '--control-port', '70000'])).toMatch(/^--control-port:/);
      expect(errorOf([...base, '--count', '1.5'])).toMatch(/^--count:/);
    });

    it('requires a ws:// or wss:// url', () => {
      expect(errorOf(['--id', 'A'])).toMatch(/^--url:/);
      expect(errorOf(['--url', 'http://127.0.0.1:9000/ocpp', '--id', 'A'])).toMatch(/^--url:/);
    });

    it('requires one charger or a fleet, not both and not neither', () => {
      expect(errorOf(base)).toMatch(/^--id: give an id/);
      expect(errorOf([...base, '--id', 'A', '--count', '5'])).toMatch(/^--count: give either/);
    });

    it('explains a passwords file that is missing or not a map', () => {
      expect(errorOf([...base, '--count', '2', '--passwords-file', 'nope.json'])).toMatch(
        /^--passwords-file: cannot read/,
      );
      const read = files({ 'list.json': '["a","b"]' });
      expect(errorOf([...base, '--count', '2', '--passwords-file', 'list.json'], read)).toMatch(
        /expected a JSON object/,
      );
    });

    it('refuses stray positional arguments', () => {
      expect(errorOf([...base, '--id', 'A', 'extra'])).toMatch(/unexpected argument "extra"/);
    });
  });
});
