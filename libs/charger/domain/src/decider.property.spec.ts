import fc from 'fast-check';
import { invariantsHold } from './decider-property.harness.spec-support.js';
import { burst, step } from './decider-property.steps.spec-support.js';

describe('Charger profiles', () => {
  describe('when random commands, answers and clock advances reach a zappi', () => {
    it('never exceeds the write budget or the slot pool, confirms only accepted content, and converges', () => {
      fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 250, size: 'max' }), invariantsHold), {
        numRuns: 300,
      });
    }, 20_000);
  });

  describe('when bursts of changes and unanswered writes reach a ready zappi', () => {
    it('never exceeds the write budget, and converges', () => {
      fc.assert(fc.property(fc.array(burst, { minLength: 24, maxLength: 150, size: 'max' }), invariantsHold), {
        numRuns: 100,
      });
    }, 20_000);
  });
});
