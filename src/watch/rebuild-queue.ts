/**
 * Batches watcher events into rebuilds, as Eleventy's watch queue does: events within a short window
 * make one rebuild, events arriving while a rebuild runs wait for the next one, and two rebuilds
 * never run at once.
 */
export class RebuildQueue<T> {
  readonly #run: (batch: T[]) => Promise<void>;
  readonly #windowMs: number;
  #pending: T[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  #idle: (() => void)[] = [];

  /** `run` must not throw: it reports its own failures (a throw is swallowed so the queue lives on). */
  constructor(run: (batch: T[]) => Promise<void>, windowMs: number) {
    this.#run = run;
    this.#windowMs = windowMs;
  }

  push(item: T): void {
    if (this.#closed) return;
    this.#pending.push(item);
    // A fixed window from the first event, not a sliding one: a stream of events cannot starve it.
    if (this.#running === undefined && this.#timer === undefined) this.#timer = setTimeout(() => this.#flush(), this.#windowMs);
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.#pending.length === 0 || this.#closed) {
      this.#settle();
      return;
    }
    const batch = this.#pending;
    this.#pending = [];
    this.#running = this.#run(batch)
      .catch(() => undefined)
      .then(() => {
        this.#running = undefined;
        if (this.#pending.length > 0 && !this.#closed) this.#timer = setTimeout(() => this.#flush(), this.#windowMs);
        else this.#settle();
      });
  }

  #settle(): void {
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Resolves when no rebuild is running or waiting. */
  idle(): Promise<void> {
    if (this.#running === undefined && this.#timer === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Drop waiting events and wait for a running rebuild to end. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
    await this.#running;
    this.#settle();
  }
}
