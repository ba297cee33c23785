/**
 * A binary min-heap of entries ordered by time (then insertion), for the queue's pending transitions (delays and
 * visibility timeouts ending) and retention expiries. Entries go stale rather than being removed: the owner checks
 * each popped entry against the message's current state.
 */
export class TimeHeap<T> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly values: T[] = [];
  private seq = 0;

  get size(): number {
    return this.times.length;
  }

  push(at: number, value: T): void {
    const times = this.times;
    const seqs = this.seqs;
    const values = this.values;
    const seq = ++this.seq;
    let index = times.length;
    times.push(at);
    seqs.push(seq);
    values.push(value);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (times[parent]! < at || (times[parent] === at && seqs[parent]! < seq)) break;
      times[index] = times[parent]!;
      seqs[index] = seqs[parent]!;
      values[index] = values[parent]!;
      index = parent;
    }
    times[index] = at;
    seqs[index] = seq;
    values[index] = value;
  }

  peekTime(): number | undefined {
    return this.times[0];
  }

  peekValue(): T | undefined {
    return this.values[0];
  }

  pop(): T | undefined {
    const times = this.times;
    const seqs = this.seqs;
    const values = this.values;
    if (times.length === 0) return undefined;
    const top = values[0]!;
    const lastTime = times.pop()!;
    const lastSeq = seqs.pop()!;
    const lastValue = values.pop()!;
    const size = times.length;
    if (size > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= size) break;
        const right = left + 1;
        let child = left;
        if (
          right < size &&
          (times[right]! < times[left]! || (times[right] === times[left] && seqs[right]! < seqs[left]!))
        )
          child = right;
        if (lastTime < times[child]! || (lastTime === times[child] && lastSeq < seqs[child]!)) break;
        times[index] = times[child]!;
        seqs[index] = seqs[child]!;
        values[index] = values[child]!;
        index = child;
      }
      times[index] = lastTime;
      seqs[index] = lastSeq;
      values[index] = lastValue;
    }
    return top;
  }

  clear(): void {
    this.times.length = 0;
    this.seqs.length = 0;
    this.values.length = 0;
  }
}
