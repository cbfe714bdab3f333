import { HelloGate } from './hello-gate';

const HELLO = '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities/></hello>]]>]]>';
const RPC = '<rpc message-id="1"><get-config/></rpc>]]>]]>';

function gate(holdMs: number) {
  const forwarded: string[] = [];
  const g = new HelloGate(holdMs, (chunk) => forwarded.push(chunk.toString()));
  return { g, forwarded, all: () => forwarded.join('') };
}

describe('HelloGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('When the rpc arrives in the same chunk as the hello', () => {
    it('should relay the hello at once and the rpc only after the hold', () => {
      const { g, forwarded, all } = gate(50);
      g.push(Buffer.from(HELLO + RPC));
      expect(forwarded).toEqual([HELLO]);
      expect(g.holding).toBe(true);
      jest.advanceTimersByTime(49);
      expect(all()).toBe(HELLO);
      jest.advanceTimersByTime(1);
      expect(forwarded).toEqual([HELLO, RPC]);
      expect(g.holding).toBe(false);
    });
  });

  describe('When the end-of-message marker is split across chunks', () => {
    it('should still find the end of the hello', () => {
      const { g, all } = gate(50);
      const bytes = HELLO + RPC;
      const cut = HELLO.length - 3; // inside "]]>]]>"
      g.push(Buffer.from(bytes.slice(0, cut)));
      g.push(Buffer.from(bytes.slice(cut, cut + 10)));
      expect(all()).toBe(HELLO);
      g.push(Buffer.from(bytes.slice(cut + 10)));
      expect(all()).toBe(HELLO);
      jest.advanceTimersByTime(50);
      expect(all()).toBe(bytes);
    });

    it('should find it when every byte comes alone', () => {
      const { g, all } = gate(50);
      for (const ch of HELLO + RPC) g.push(Buffer.from(ch));
      expect(all()).toBe(HELLO);
      jest.advanceTimersByTime(50);
      expect(all()).toBe(HELLO + RPC);
    });
  });

  describe('When the hold is over', () => {
    it('should relay later bytes unchanged and at once, even another marker', () => {
      const { g, forwarded } = gate(50);
      g.push(Buffer.from(HELLO));
      jest.advanceTimersByTime(50);
      g.push(Buffer.from(RPC));
      expect(forwarded).toEqual([HELLO, RPC]);
    });
  });

  describe('When the hold is 0', () => {
    it('should relay everything immediately', () => {
      const { g, forwarded } = gate(0);
      g.push(Buffer.from(HELLO + RPC));
      expect(forwarded).toEqual([HELLO + RPC]);
    });
  });

  describe('When the session goes away while holding', () => {
    it('should drop the held bytes and never relay them', () => {
      const { g, all } = gate(50);
      g.push(Buffer.from(HELLO + RPC));
      g.dispose();
      jest.advanceTimersByTime(100);
      expect(all()).toBe(HELLO);
    });
  });
});
