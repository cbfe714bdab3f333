// Work-around for netconfd bug #1 (the "hello race", docs/stack/routers.md): netconfd drops the
// bytes that arrive in the same read as the client <hello>, so a client that sends its first <rpc>
// right behind the hello never gets a reply. RFC 6242 §4.1 says the hello is always framed with the
// end-of-message marker "]]>]]>", so the gate relays everything up to and including that marker at
// once, then holds what follows for `holdMs` before relaying it (and everything after it) unchanged.
// Pure logic over Buffers; the timer is the only side effect.

export const EOM = Buffer.from(']]>]]>');

/** Give up looking for the end of the hello after this many bytes (then relay everything). */
const MAX_HELLO_BYTES = 1024 * 1024;

type Phase = 'hello' | 'holding' | 'open';

export class HelloGate {
  private phase: Phase;
  private scanned: Buffer = Buffer.alloc(0);
  private seen = 0;
  private held: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly holdMs: number,
    private readonly forward: (chunk: Buffer) => void,
  ) {
    this.phase = holdMs > 0 ? 'hello' : 'open';
  }

  /** Feed bytes received from the client. */
  push(chunk: Buffer): void {
    if (this.phase === 'open') {
      this.forward(chunk);
      return;
    }
    if (this.phase === 'holding') {
      this.held.push(chunk);
      return;
    }
    // Look for the marker across chunk boundaries: keep the last (marker length - 1) bytes seen.
    const window = Buffer.concat([this.scanned, chunk]);
    const at = window.indexOf(EOM);
    if (at < 0) {
      this.forward(chunk);
      const keep = Math.min(window.length, EOM.length - 1);
      this.scanned = window.subarray(window.length - keep);
      this.seen += chunk.length;
      if (this.seen > MAX_HELLO_BYTES) this.open();
      return;
    }
    const endInChunk = at + EOM.length - this.scanned.length;
    this.scanned = Buffer.alloc(0);
    this.forward(chunk.subarray(0, endInChunk));
    const rest = chunk.subarray(endInChunk);
    if (rest.length > 0) this.held.push(rest);
    this.phase = 'holding';
    this.timer = setTimeout(() => this.open(), this.holdMs);
  }

  /** Relay what is held now and everything later unchanged. */
  open(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.phase = 'open';
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.forward(chunk);
  }

  /** Drop held bytes and the timer (the session is going away). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.held = [];
    this.phase = 'open';
  }

  get holding(): boolean {
    return this.phase === 'holding';
  }
}
