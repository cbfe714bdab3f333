// The gohan domain (@gohan-es/domain) as the decider sees it. Its evolve mutates the write model in
// place, so the decider rebuilds from the log after any failed transaction instead of keeping the
// committed model aside (ports.ts, DeciderDomain.mutatesModel). Provisioning results become system
// inputs through followUpCommands (attach_port, complete_delete).
import {
  createWriteModel,
  decide,
  evolve,
  followUpCommands,
  getResource,
  httpStatusOf,
} from '@gohan-es/domain';
import type { WriteModel } from '@gohan-es/domain';
import type { DeciderDomain } from './ports';

export const gohanDomain: DeciderDomain<WriteModel> = {
  createWriteModel,
  decide: (model, command) => decide(model, command),
  evolve,
  mutatesModel: true,
  httpStatusOf,
  resourceOf: (model, type, id) => getResource(model, type, id)?.body,
  followUps: (model, result, meta) => followUpCommands(model, result, meta),
};
