/**
 * The open model's clock, shared by every runner: each arrival is sent when it falls due, whatever
 * is still in flight, so a late response never slows the arrivals. With `maxInFlight` requests
 * unanswered, a due arrival is dropped instead (as k6 drops an iteration that finds no free VU).
 */
export class ArrivalClock {
  scheduled = 0;
  sent = 0;
  dropped = 0;
  /** The longest gap between an arrival falling due and the tick that sent it: the runner's own lag. */
  maxSendLagMs = 0;
  /** Every sent arrival's work, to await after the clock ends. */
  readonly work: Promise<void>[] = [];
  private inFlight = 0;

  constructor(private readonly maxInFlight: number) {}

  /** A sent arrival's request has answered: its slot is free (its work may go on). */
  release(): void {
    this.inFlight--;
  }

  /** Ticks every millisecond until `ended`; `onSecond` runs once per whole second elapsed. */
  run(options: {
    readonly elapsedSeconds: () => number;
    readonly dueBy: (elapsedSeconds: number) => number;
    readonly ended: (elapsedSeconds: number) => boolean;
    readonly send: (index: number, second: number) => Promise<void>;
    readonly onSecond?: (second: number, elapsedSeconds: number) => void;
  }): Promise<void> {
    let lastSecond = 0;
    let previousTick = 0;
    return new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = options.elapsedSeconds();
        const due = options.dueBy(elapsed);
        // The arrivals sent now fell due since the previous tick: that gap is the runner's own lag.
        if (due > this.scheduled) this.maxSendLagMs = Math.max(this.maxSendLagMs, (elapsed - previousTick) * 1000);
        previousTick = elapsed;
        for (; this.scheduled < due; this.scheduled++) {
          if (this.inFlight >= this.maxInFlight) {
            this.dropped++;
            continue;
          }
          this.inFlight++;
          this.sent++;
          this.work.push(options.send(this.scheduled, Math.floor(elapsed)));
        }
        const second = Math.floor(elapsed);
        if (second > lastSecond) {
          lastSecond = second;
          options.onSecond?.(second, elapsed);
        }
        if (options.ended(elapsed)) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
  }
}
