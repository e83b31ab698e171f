const SLOTS_PER_CHUNK = 32;

/**
 * Fixed room for the bodies the journal keeps: a slot per entry, each holding up to `slotBytes`, taken
 * back when its entry leaves the journal. Bodies are copied in, so the journal holds no request's or
 * response's own buffers, allocates nothing per request, and its memory is bounded by its size.
 */
export class BodySlab {
  private readonly chunks: Buffer[] = [];
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    private readonly slots: number,
    private readonly slotBytes: number,
  ) {}

  /** A free slot, or undefined when every slot is taken (the caller keeps nothing then). */
  take(): number | undefined {
    if (this.free.length) return this.free.pop();
    return this.used < this.slots ? this.used++ : undefined;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** Copies each body's first bytes into the slot, in turn; returns views of the copies. */
  keep(slot: number, bodies: (Buffer | undefined)[], capEach: number): (Buffer | undefined)[] {
    const chunk = Math.floor(slot / SLOTS_PER_CHUNK);
    // Chunks are made as slots are first used, so a journal that stays small stays small.
    while (this.chunks.length <= chunk) this.chunks.push(Buffer.allocUnsafeSlow(SLOTS_PER_CHUNK * this.slotBytes));
    const room = this.chunks[chunk]!;
    let at = (slot % SLOTS_PER_CHUNK) * this.slotBytes;
    return bodies.map((b) => {
      if (!b) return undefined;
      const n = b.copy(room, at, 0, Math.min(b.length, capEach));
      const view = room.subarray(at, at + n);
      at += capEach;
      return view;
    });
  }
}
