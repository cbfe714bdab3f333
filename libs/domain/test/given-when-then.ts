// given(events).when(command).then(events) | .thenThrows(ErrorClass, message?) — decider specs
// (STYLE.md #3). `given` folds the events with evolve; `when` runs decide on the result.
import { decide, evolve, createWriteModel } from '../src';
import type { AnyCommand, DomainEvent, WriteModel } from '../src';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface Then {
  /** The decided events (for assertions that are not plain equality). */
  events(): DomainEvent[];
  then(expected: DomainEvent[] | ((events: DomainEvent[]) => void)): void;
  thenThrows(errorClass: ErrorClass, message?: string | RegExp): Error;
}

export function modelOf(events: readonly DomainEvent[]): WriteModel {
  const model = createWriteModel();
  for (const event of events) evolve(model, event);
  return model;
}

export function given(...history: (DomainEvent | readonly DomainEvent[])[]) {
  const events = history.flat();
  return {
    when(command: AnyCommand): Then {
      const run = (): DomainEvent[] => decide(modelOf(events), command);
      return {
        events: run,
        then(expected) {
          const decided = run();
          if (typeof expected === 'function') expected(decided);
          else expect(decided).toEqual(expected);
        },
        thenThrows(errorClass, message) {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(errorClass);
          if (message !== undefined) expect((caught as Error).message).toMatch(message);
          return caught as Error;
        },
      };
    },
  };
}
