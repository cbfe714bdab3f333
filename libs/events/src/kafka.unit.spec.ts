import { logLevel } from 'kafkajs';
import { pinoLogCreator } from './kafka';

describe('kafkajs logs into a pino-style logger', () => {
  it('should map levels and keep the structured fields', () => {
    const lines: [string, object, string | undefined][] = [];
    const sink = {
      error: (o: object, m?: string) => void lines.push(['error', o, m]),
      warn: (o: object, m?: string) => void lines.push(['warn', o, m]),
      info: (o: object, m?: string) => void lines.push(['info', o, m]),
      debug: (o: object, m?: string) => void lines.push(['debug', o, m]),
    };
    const log = pinoLogCreator(sink)(logLevel.INFO);
    const entry = (level: logLevel, message: string) => ({
      namespace: 'Producer',
      level,
      label: 'X',
      log: { timestamp: 't', logger: 'kafkajs', message, broker: 'b:9092' },
    });
    log(entry(logLevel.ERROR, 'boom'));
    log(entry(logLevel.WARN, 'careful'));
    log(entry(logLevel.INFO, 'hello'));
    log(entry(logLevel.DEBUG, 'detail'));
    expect(lines).toEqual([
      ['error', { kafkajs: 'Producer', broker: 'b:9092' }, 'boom'],
      ['warn', { kafkajs: 'Producer', broker: 'b:9092' }, 'careful'],
      ['info', { kafkajs: 'Producer', broker: 'b:9092' }, 'hello'],
      ['debug', { kafkajs: 'Producer', broker: 'b:9092' }, 'detail'],
    ]);
  });
});
