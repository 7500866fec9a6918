import fc from 'fast-check';
import { invariantsHold } from './decider-property.harness.spec-support.js';
import { burst, step } from './decider-property.steps.spec-support.js';

// CPU-bound: hundreds of generated histories take seconds on a quiet machine and minutes on a loaded one; the
// timeout only stops a hang, it is not a speed check.
const HANG_MS = 300_000;

describe('Charger profiles', () => {
  describe('when random commands, answers and clock advances reach a zappi', () => {
    it(
      'never exceeds the write budget or the slot pool, confirms only accepted content, and converges',
      () => {
        fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 250, size: 'max' }), invariantsHold), {
          numRuns: 300,
        });
      },
      HANG_MS,
    );
  });

  describe('when bursts of changes and unanswered writes reach a ready zappi', () => {
    it(
      'never exceeds the write budget, and converges',
      () => {
        fc.assert(fc.property(fc.array(burst, { minLength: 24, maxLength: 150, size: 'max' }), invariantsHold), {
          numRuns: 100,
        });
      },
      HANG_MS,
    );
  });
});
