/**
 * Room for the bodies the journal keeps: a slot per entry, taken back when its entry leaves the journal
 * and reused by the next. Bodies are copied in, so the journal holds no request's or response's own
 * buffers; a slot's buffers grow to the largest body it has held (at most the cap each), so once the
 * journal is full nothing is allocated per request, and memory stays bounded by its size.
 */
export class BodySlab {
  private readonly rooms: (Buffer | undefined)[][] = [];
  private readonly free: number[] = [];

  constructor(private readonly slots: number) {}

  /** A free slot, or undefined when every slot is taken. */
  take(): number | undefined {
    if (this.free.length) return this.free.pop();
    if (this.rooms.length >= this.slots) return undefined;
    this.rooms.push([]);
    return this.rooms.length - 1;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** Copies the first `capEach` bytes of each body into the slot; returns views of the copies. */
  keep(slot: number, bodies: (Buffer | undefined)[], capEach: number): (Buffer | undefined)[] {
    const rooms = this.rooms[slot]!;
    return bodies.map((b, i) => {
      if (!b) return undefined;
      const n = Math.min(b.length, capEach);
      let room = rooms[i];
      if (!room || room.length < n) rooms[i] = room = Buffer.allocUnsafeSlow(Math.min(capEach, Math.max(256, 2 ** Math.ceil(Math.log2(n)))));
      b.copy(room, 0, 0, n);
      return room.subarray(0, n);
    });
  }
}
