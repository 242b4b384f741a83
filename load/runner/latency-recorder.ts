import * as hdr from 'hdr-histogram-js';

/**
 * Latencies in microseconds in an HDR histogram (3 significant digits: 0.1% error at any
 * percentile), so that percentiles are exact to the resolution and memory stays constant however
 * long the run.
 */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  private sumMs = 0;
  private minMs = Number.POSITIVE_INFINITY;

  record(durationMs: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(durationMs * 1000)));
    this.sumMs += durationMs;
    this.minMs = Math.min(this.minMs, durationMs);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** The latency at percentile `p` (0-100), in milliseconds. */
  percentileMs(p: number): number {
    return this.count === 0 ? 0 : this.histogram.getValueAtPercentile(p) / 1000;
  }

  /** k6's trend values, in milliseconds. */
  trendValues(): Record<string, number> {
    if (this.count === 0) return { avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0, 'p(99)': 0 };
    return {
      avg: this.sumMs / this.count,
      min: this.minMs,
      med: this.percentileMs(50),
      max: this.histogram.maxValue / 1000,
      'p(90)': this.percentileMs(90),
      'p(95)': this.percentileMs(95),
      'p(99)': this.percentileMs(99),
    };
  }
}
