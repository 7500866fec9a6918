/** A binary min-heap ordered by `before(a, b)` (true when a must come out first). */
export class MinHeap<T> {
  private items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last !== undefined) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Keeps only the items for which `keep` is true (O(n) rebuild). */
  retain(keep: (item: T) => boolean): void {
    this.items = this.items.filter(keep);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  clear(): void {
    this.items = [];
  }

  private at(i: number): T {
    return this.items[i] as T;
  }

  private swap(i: number, j: number): void {
    const t = this.at(i);
    this.items[i] = this.at(j);
    this.items[j] = t;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.at(i), this.at(parent))) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.before(this.at(l), this.at(m))) m = l;
      if (r < n && this.before(this.at(r), this.at(m))) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
