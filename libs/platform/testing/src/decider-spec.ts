/** The three functions of a decider (STYLE.md §1): pure, time and randomness arrive in the command. */
export interface Decider<C, E, S> {
  decide(command: C, state: S): readonly E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

/**
 * Given/when/then for deciders: `given([events]).when(command).then([events])` or `.thenThrows(match)`.
 * Assertions use the test runner's `expect`, passed in so this helper stays runner-agnostic.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>, expectFn: (actual: unknown) => { toEqual(v: unknown): void; toThrow(m?: unknown): void }) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        state,
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly E[]) {
              expectFn(run()).toEqual(expected);
            },
            thenThrows(match?: string | RegExp | (new (...args: never[]) => Error)) {
              expectFn(run).toThrow(match);
            },
            events: run,
          };
        },
      };
    },
  };
}
