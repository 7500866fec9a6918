import { commands, helpText, parseCli, UsageError } from './cli-args.js';

const usage = (argv: string[]) => {
  try {
    parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
};

describe('chargeplane arguments', () => {
  describe('when asked for help', () => {
    it('lists every command with its summary, with nothing or --help', () => {
      for (const argv of [[], ['--help'], ['-h']]) {
        const parsed = parseCli(argv);
        expect(parsed).toEqual({ help: helpText() });
      }
      for (const name of Object.keys(commands)) expect(helpText()).toMatch(new RegExp(`^  ${name} `, 'm'));
    });

    it("shows a command's options with COMMAND --help", () => {
      const parsed = parseCli(['register', '--help']);
      expect('help' in parsed && parsed.help).toMatch(/^chargeplane register --csv FILE/);
      expect('help' in parsed && parsed.help).toContain('--out');
    });
  });

  describe('when a command is given', () => {
    it('parses its flags and positionals', () => {
      expect(parseCli(['register', '--csv', 'fleet.csv', '--api-url', 'http://x:1'])).toEqual({
        command: 'register',
        flags: { csv: 'fleet.csv', 'api-url': 'http://x:1' },
        positionals: [],
      });
      expect(parseCli(['watch', 'charger', 'CP-1'])).toMatchObject({
        command: 'watch',
        positionals: ['charger', 'CP-1'],
      });
    });

    it('names an unknown command, an unknown flag and a missing value', () => {
      expect(usage(['regster'])).toBe(
        'unknown command "regster"; the commands are register, assign, watch, replay, rebuild',
      );
      expect(usage(['register', '--cvs', 'x'])).toMatch(/Unknown option '--cvs'/);
      expect(usage(['register', '--csv'])).toMatch(/--csv/);
      expect(usage(['rebuild', 'now'])).toBe('usage: chargeplane rebuild');
    });
  });
});
