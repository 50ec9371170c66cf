// Sending within Meta's throughput (Cloud API "Throughput": 80 messages per second per business
// number by default; "pair rate limit", error 131056, when one customer gets messages too fast).
// Each channel has a minimum gap between two sends and each (channel, customer) pair a longer
// one; a send waits for its turn instead of failing, within a bound.
import { setTimeout as sleep } from 'node:timers/promises';

export interface PacerOptions {
  /** Minimum milliseconds between two sends of one channel (80/s → 12.5 ms). */
  readonly channelGapMs: number;
  /** Minimum milliseconds between two sends to one customer. */
  readonly pairGapMs: number;
}

export const DEFAULT_PACING: PacerOptions = { channelGapMs: 13, pairGapMs: 1000 };

export class Pacer {
  private readonly nextChannel = new Map<number, number>();
  private readonly nextPair = new Map<string, number>();

  constructor(private readonly options: PacerOptions = DEFAULT_PACING) {}

  /** Reserves the next slot for this send and waits until it comes. */
  async turn(channelId: number, to: string, now = Date.now()): Promise<number> {
    const pair = `${channelId}:${to}`;
    const at = Math.max(now, this.nextChannel.get(channelId) ?? 0, this.nextPair.get(pair) ?? 0);
    this.nextChannel.set(channelId, at + this.options.channelGapMs);
    this.nextPair.set(pair, at + this.options.pairGapMs);
    if (this.nextPair.size > 10_000) {
      for (const [key, until] of this.nextPair) if (until < now) this.nextPair.delete(key);
    }
    const wait = at - now;
    if (wait > 0) await sleep(wait);
    return wait;
  }
}
