/**
 * Counts the tickets (or places) marked up to a number in O(log N) (a Fenwick tree that grows by
 * doubling), which gives a waiter's place without scanning the line: the live tickets in the
 * in-process store, the places that left in a line's replica (line-replica.ts).
 */
export class TicketCounter {
  private tree = new Int32Array(1024);

  private grow(ticket: number): void {
    if (ticket < this.tree.length) return;
    let size = this.tree.length;
    while (size <= ticket) size *= 2;
    const old = this.tree;
    this.tree = new Int32Array(size);
    // Rebuild from point values recovered from the old tree.
    for (let i = 1; i < old.length; i++) {
      const value = this.rangeIn(old, i) - this.rangeIn(old, i - 1);
      if (value) this.addIn(this.tree, i, value);
    }
  }

  private addIn(tree: Int32Array, i: number, delta: number): void {
    for (; i < tree.length; i += i & -i) tree[i]! += delta;
  }

  private rangeIn(tree: Int32Array, i: number): number {
    let sum = 0;
    for (; i > 0; i -= i & -i) sum += tree[i]!;
    return sum;
  }

  add(ticket: number, delta: 1 | -1): void {
    this.grow(ticket);
    this.addIn(this.tree, ticket, delta);
  }

  /** Live tickets <= ticket. */
  upTo(ticket: number): number {
    return this.rangeIn(this.tree, Math.min(ticket, this.tree.length - 1));
  }
}
