/**
 * The results of a pure function of a string, kept by argument: for values a night asks about
 * again and again (a practitioner's IBAN for each of its invoices, the same few dozen motive
 * labels in every return). Bounded, so that inputs with ever new values (a hostile referential,
 * labels carrying details) cannot grow it: full, it starts again empty. What it returns never
 * depends on what it holds, only on the function, so outputs do not either.
 */
export class BoundedMemo<Value> {
  private readonly results = new Map<string, Value>();

  constructor(
    private readonly compute: (argument: string) => Value,
    private readonly entriesMax: number,
  ) {}

  get(argument: string): Value {
    let result = this.results.get(argument);
    if (result === undefined) {
      result = this.compute(argument);
      if (this.results.size >= this.entriesMax) this.results.clear();
      this.results.set(argument, result);
    }
    return result;
  }
}
