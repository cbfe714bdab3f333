// Shared helpers of the benchmark scripts: bounded counts from the environment, deadlines,
// percentiles and medians, the loopback guard, and plain-text tables.
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** A positive integer from the environment, bounded (benchmarks never run unbounded). */
export function envInt(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name} must be an integer from 1 to ${max}, got ${raw}`);
  return value;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;

/** Refuses any endpoint that is not on loopback: benchmarks only talk to the local stack. */
export function assertLoopback(what: string, address: string): void {
  const host = address.includes('://') ? new URL(address).hostname : address.replace(/:\d+$/, '');
  if (!LOOPBACK.test(host)) throw new Error(`bench: ${what} ${address} is not on loopback; refusing`);
}

/** Rejects when `work` takes longer than `ms` (the work itself is not cancelled). */
export async function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench: ${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it returns true or the deadline passes. */
export async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench: timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const now = (): number => performance.now();

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';

/** Prints rows as an aligned plain-text table (also valid Markdown). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const runId = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** On SIGINT/SIGTERM: run `cleanup` (bounded to 30 s), then exit 130, so nothing of the run is left behind. */
export function onInterrupt(cleanup: () => Promise<void>): void {
  const handler = (signal: string) => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    const exit = () => process.exit(130);
    setTimeout(exit, 30_000).unref();
    cleanup().then(exit, exit);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** CPU count and load averages: other work on the machine skews every figure. */
export function machine(): string {
  const [one, five] = os.loadavg();
  return `${os.cpus().length} CPUs, load average ${one!.toFixed(2)} (1 min) ${five!.toFixed(2)} (5 min)`;
}
