/** Results that finish out of order, released in order: batch `seq` 0, 1, 2, … */
export class InOrder<T> {
  #next = 0;
  readonly #held = new Map<number, T>();

  /** Everything `seq` completes, in order (nothing while an earlier one is missing). */
  add(seq: number, value: T): T[] {
    this.#held.set(seq, value);
    const ready: T[] = [];
    for (
      let v = this.#held.get(this.#next);
      v !== undefined || this.#held.has(this.#next);
      v = this.#held.get(this.#next)
    ) {
      this.#held.delete(this.#next++);
      ready.push(v as T);
    }
    return ready;
  }
}
