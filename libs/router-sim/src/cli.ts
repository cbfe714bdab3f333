#!/usr/bin/env node
// Operator and stack-script verbs for the simulated routers (used by scripts/stack/routers.sh):
//   check  [mx1|mx2...]          NETCONF hello through SSH (host key verified); exit 1 if any fails
//   reset  [mx1|mx2...]          up + empty configuration + empty simulator state
//   state  <mx1|mx2>             print the simulator state as JSON
//   set-state <mx1|mx2> <json>   merge a SimulatorState (JSON) into the router's simulator state
//   up|down|hang|health <mx1|mx2...>   control endpoint
import { controlRouter, getSimulatorState, openSimSession, resetRouter, setSimulatorState } from './harness';
import { ROUTER_IDS, loadSimSettings, simRouter, type RouterId } from './settings';
import type { SimulatorState } from './simulator-state';

function routerIds(args: string[]): RouterId[] {
  if (args.length === 0) return [...ROUTER_IDS];
  for (const arg of args) {
    if (!ROUTER_IDS.includes(arg as RouterId))
      throw new Error(`unknown router ${JSON.stringify(arg)} (mx1 or mx2)`);
  }
  return args as RouterId[];
}

async function check(ids: RouterId[], timeoutMs: number): Promise<boolean> {
  const settings = loadSimSettings();
  const results = await Promise.all(
    ids.map(async (id) => {
      const router = simRouter(settings, id);
      const where = `${id} ${router.address}:${router.port}`;
      try {
        const session = await openSimSession(id, { settings, timeoutMs });
        await session.close();
        return { ok: true, line: `${where} ok (NETCONF ${session.base}, session ${session.sessionId})` };
      } catch (err) {
        return { ok: false, line: `${where} failed: ${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
  for (const r of results) console.log(r.line);
  return results.every((r) => r.ok);
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...args] = argv;
  switch (verb) {
    case 'check':
      return (await check(routerIds(args), Number(process.env.ROUTER_CHECK_TIMEOUT_MS ?? 5000))) ? 0 : 1;
    case 'reset':
      await Promise.all(routerIds(args).map((id) => resetRouter(id)));
      return 0;
    case 'state':
      console.log(JSON.stringify(await getSimulatorState(routerIds(args.slice(0, 1))[0]!), null, 2));
      return 0;
    case 'set-state': {
      const [id, json] = args;
      if (!id || !json) throw new Error('usage: set-state <mx1|mx2> <json SimulatorState>');
      await setSimulatorState(routerIds([id])[0]!, JSON.parse(json) as Partial<SimulatorState>);
      return 0;
    }
    case 'up':
    case 'down':
    case 'hang':
    case 'health':
      for (const id of routerIds(args)) console.log(JSON.stringify(await controlRouter(id, verb)));
      return 0;
    default:
      console.error('usage: cli.js check|reset|state|set-state|up|down|hang|health [mx1|mx2...]');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`router-sim: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
