// Waiting in tests: a condition with a deadline, never a fixed sleep (STYLE.md #4).
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs, message, intervalMs = 50 }: { timeoutMs: number; message: string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const runId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
