/** The three functions of a decider (docs/style.md §1): pure, time and randomness arrive in the command. */
export interface Decider<C, E, S> {
  decide(command: C, state: S): readonly E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

type Expect = (actual: unknown) => { toEqual(v: unknown): void; toThrow(m?: unknown): void };

/**
 * Given/when/then for deciders: `given([events]).when(command).then([events])` or `.thenThrows(match)`.
 * `when` also takes several commands: each is decided on the state the previous ones left, and `then`
 * compares everything they produced, in order. `then` returns the state after those events, so a spec
 * can also assert on what the aggregate now holds. Assertions use the test runner's `expect`, passed in
 * so this helper stays runner-agnostic.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>, expectFn: Expect) {
  const fold = (state: S, events: readonly E[]) => events.reduce((s, e) => decider.evolve(s, e), state);
  const run = (state: S, commands: readonly C[]) => {
    const events: E[] = [];
    let current = state;
    for (const command of commands) {
      const produced = decider.decide(command, current);
      events.push(...produced);
      current = fold(current, produced);
    }
    return { events, state: current };
  };
  return {
    given(events: readonly E[]) {
      const state = fold(decider.initialState(), events);
      return {
        state,
        when(...commands: [C, ...C[]]) {
          return {
            then(expected: readonly E[]): S {
              const result = run(state, commands);
              expectFn(result.events).toEqual(expected);
              return result.state;
            },
            thenThrows(match?: string | RegExp | (new (...args: never[]) => Error)) {
              expectFn(() => run(state, commands)).toThrow(match);
            },
            events: () => run(state, commands).events,
            state: () => run(state, commands).state,
          };
        },
      };
    },
  };
}
