import {
  commandIdOf,
  decodeCommand,
  decodeOutcome,
  encodeCommand,
  encodeOutcome,
  WireFormatError,
} from './protocol';
import type { Outcome } from './protocol';
import { createWidget } from './test-support/unique-name-domain';

describe('command and outcome wire formats', () => {
  it('should round-trip a command as versioned JSON', () => {
    const command = createWidget('a');
    const encoded = encodeCommand(command);
    expect(JSON.parse(encoded.toString()).v).toBe(1);
    expect(decodeCommand(encoded)).toEqual(command);
  });

  it('should round-trip an outcome', () => {
    const outcome: Outcome = {
      command_id: 'c1',
      status: 'accepted',
      http_status: 201,
      events: [],
      consistency_token: 'gohan.events:0:5',
    };
    expect(decodeOutcome(encodeOutcome(outcome))).toEqual(outcome);
  });

  it.each([
    ['not JSON', Buffer.from('{'), /not JSON/],
    ['an unknown version', Buffer.from(JSON.stringify({ v: 2, command: {} })), /unsupported wire version 2/],
    [
      'no command_id',
      Buffer.from(JSON.stringify({ v: 1, command: { kind: 'create', meta: {} } })),
      /command_id/,
    ],
    [
      'an unknown kind',
      Buffer.from(JSON.stringify({ v: 1, command: { kind: 'upsert', meta: { command_id: 'x' } } })),
      /unknown kind/,
    ],
    ['an empty message', null, /empty/],
  ])('should refuse a command with %s', (_what, value, message) => {
    expect(() => decodeCommand(value)).toThrow(WireFormatError);
    expect(() => decodeCommand(value)).toThrow(message);
  });

  it('should find the command_id of an undecodable command in its body, else its key', () => {
    const bad = Buffer.from(JSON.stringify({ v: 9, command: { meta: { command_id: 'from-body' } } }));
    expect(commandIdOf(Buffer.from('from-key'), bad)).toBe('from-body');
    expect(commandIdOf(Buffer.from('from-key'), Buffer.from('{'))).toBe('from-key');
    expect(commandIdOf(null, null)).toBeUndefined();
  });
});
