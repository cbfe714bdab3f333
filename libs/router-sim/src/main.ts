#!/usr/bin/env node
// The SSH fronts of both simulated routers in one process (started by scripts/stack/routers.sh up,
// after the two netconfd instances). For each router: make sure its persistent host key exists,
// write both keys to $ROUTER_KNOWN_HOSTS, listen on <address>:<port> and serve the control endpoint.
import type http from 'node:http';
import { startControlServer } from './control-server';
import { ensureHostKey, writeKnownHosts } from './host-keys';
import { loadSimSettings } from './settings';
import { RouterFront, frontOptions } from './ssh-front';

function logger(prefix: string) {
  return (message: string) => console.log(`${new Date().toISOString()} [${prefix}] ${message}`);
}

async function main(): Promise<void> {
  const settings = loadSimSettings();
  const log = logger('router-sim');
  const keys = settings.routers.map((router) => ({ router, key: ensureHostKey(router.hostKeyFile) }));
  writeKnownHosts(
    settings.knownHostsFile,
    keys.map(({ router, key }) => ({ address: router.address, port: router.port, publicKey: key.publicKey })),
  );
  const fronts: RouterFront[] = [];
  const controls: http.Server[] = [];
  const shutdown = (signal: string) => {
    log(`${signal}: stopping`);
    for (const control of controls) control.close();
    Promise.all(fronts.map((front) => front.down('refuse'))).finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  for (const { router, key } of keys) {
    const front = new RouterFront(frontOptions(settings, router, key.privateKey, logger(router.id)));
    fronts.push(front);
    await front.up();
    controls.push(await startControlServer(front, settings.controlHost, router.controlPort));
    log(
      `${router.name} (${router.id}) ssh ${router.address}:${router.port} -> ${router.ncxSocket}; ` +
        `control http://${settings.controlHost}:${router.controlPort}`,
    );
  }
  log(
    `ready; known_hosts ${settings.knownHostsFile}; hello hold ${settings.helloHoldMs} ms; ` +
      `junos rpcs ${settings.junosRpcs ? 'answered' : 'off'}`,
  );
}

main().catch((err: unknown) => {
  console.error(`router-sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
