// Kafka headers of every event message: W3C trace context (traceparent, tracestate) and event_type,
// so tracing and routing work without decoding the Avro body.
import { randomBytes } from 'node:crypto';
import type { IHeaders } from 'kafkajs';

export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function isTraceparent(value: string): boolean {
  const match = TRACEPARENT.exec(value);
  return match !== null && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!);
}

/** A new root trace context (sampled). */
export function newTraceContext(): TraceContext {
  return { traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01` };
}

/** A child span of `parent`: same trace id, new span id (for messages produced while handling it). */
export function childTraceContext(parent: TraceContext | undefined): TraceContext {
  if (!parent || !isTraceparent(parent.traceparent)) return newTraceContext();
  const [, traceId, , flags] = TRACEPARENT.exec(parent.traceparent)!;
  const child: TraceContext = { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}` };
  if (parent.tracestate) child.tracestate = parent.tracestate;
  return child;
}

export function eventHeaders(eventType: string, trace: TraceContext | undefined): IHeaders {
  const headers: IHeaders = { event_type: eventType };
  if (trace) {
    headers.traceparent = trace.traceparent;
    if (trace.tracestate) headers.tracestate = trace.tracestate;
  }
  return headers;
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export function readTraceContext(headers: IHeaders | undefined): TraceContext | undefined {
  const traceparent = headerText(headers, 'traceparent');
  if (!traceparent || !isTraceparent(traceparent)) return undefined;
  const tracestate = headerText(headers, 'tracestate');
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

export function readEventType(headers: IHeaders | undefined): string | undefined {
  return headerText(headers, 'event_type');
}
