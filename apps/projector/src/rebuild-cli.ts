// `node apps/projector/dist/rebuild-cli.js [--audit] [--keep-old]`: replays gohan.events,
// gohan.provisioning and gohan.status from offset 0 into a fresh schema while the live read
// models keep serving, compares checksums when both are at the same offsets, then swaps (or, with
// --audit, only reports whether the replay reproduces the live read models exactly).
import { loadConfig } from '@gohan-es/config';
import { EventCodec, createKafka } from '@gohan-es/events';
import { createDb, rebuild } from '@gohan-es/readmodel';
import { kafkaReplaySource } from './replay-source';

async function main(): Promise<number> {
  const audit = process.argv.includes('--audit');
  const config = loadConfig();
  const kafka = createKafka(config.kafka, 'projector-rebuild');
  const decoder = new EventCodec({ registryUrl: config.schemaRegistry.url });
  const db = createDb(config.database.url, 4);
  const t = config.kafka.topics;
  const read = kafkaReplaySource(kafka, decoder, [t.events, t.provisioning, t.status]);
  try {
    const report = await rebuild(db, {
      consumer: config.kafka.groups.projector,
      read,
      swap: !audit,
      keepOld: process.argv.includes('--keep-old'),
    });
    const { checksum, liveChecksum, ...summary } = report;
    process.stdout.write(
      `${JSON.stringify({ ...summary, checksum: checksum.checksum, liveChecksum: liveChecksum?.checksum }, null, 2)}\n`,
    );
    return report.identical === false && audit ? 2 : 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rebuild: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
