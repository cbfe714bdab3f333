// The API's CommandSender over the decider's CommandBus: the bus's timeout becomes the API's
// CommandTimeoutError (504 with the command id), a closed bus a 503.
import { CommandBusClosedError, CommandTimeoutError as BusTimeoutError } from '@gohan-es/decider';
import type { CommandBus } from '@gohan-es/decider';
import { CommandTimeoutError, HttpError } from '@gohan-es/http-api';
import type { CommandOutcome, CommandSender } from '@gohan-es/http-api';

export function busSender(bus: Pick<CommandBus, 'send'>): CommandSender {
  return {
    async send(command, options) {
      try {
        return (await bus.send(command, options)) as CommandOutcome;
      } catch (error) {
        if (error instanceof BusTimeoutError) {
          throw new CommandTimeoutError(error.commandId, error.timeoutMs, { cause: error });
        }
        if (error instanceof CommandBusClosedError) {
          throw new HttpError(
            'service-unavailable',
            'The API is not connected to the command bus; retry later',
            { cause: error },
          );
        }
        throw error;
      }
    },
  };
}
