// The gohan API's way to the provisioner (libs/http-api's ProvisioningControl port, structurally):
// HTTP to the provisioner's control server (apps/provisioner, PROVISIONER_PORT). apps/api wires it:
//   provisioning: provisionerControl(`http://${config.http.host}:${config.http.provisionerPort}`)
export class ProvisionerUnavailableError extends Error {
  override readonly name = 'ProvisionerUnavailableError';
  readonly retriable = true;
}

export interface ProvisionerControlClient {
  config(schema: { id: string }, id: string): Promise<Record<string, unknown> | undefined>;
  drift(schema: { id: string }, id: string): Promise<Record<string, unknown> | undefined>;
  sync(schema: { id: string }, id: string): Promise<Record<string, unknown> | undefined>;
}

export function provisionerControl(
  baseUrl: string,
  options: { timeoutMs?: number; syncTimeoutMs?: number } = {},
): ProvisionerControlClient {
  const call = async (method: string, type: string, id: string, op: string, timeoutMs: number) => {
    const url = `${baseUrl.replace(/\/$/, '')}/v1/resources/${type}/${encodeURIComponent(id)}/${op}`;
    let res: Response;
    try {
      res = await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new ProvisionerUnavailableError(`provisioner at ${baseUrl} did not answer ${op}`, { cause });
    }
    if (res.status === 404) return undefined;
    if (!res.ok)
      throw new ProvisionerUnavailableError(`provisioner ${op}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const quick = options.timeoutMs ?? 15_000;
  return {
    config: (schema, id) => call('GET', schema.id, id, 'config', quick),
    drift: (schema, id) => call('GET', schema.id, id, 'drift', quick),
    sync: (schema, id) => call('POST', schema.id, id, 'sync', options.syncTimeoutMs ?? 300_000),
  };
}
