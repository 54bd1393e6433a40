// Where a command connects and how it decodes: flags over LRO_* environment variables, then an OperationsClient.
import { hostOf, isLoopback } from '../client/client-options.js';
import { delimiter } from 'node:path';
import { OperationsClient, services, type ServiceProfile, type TypeRegistry, type Transport } from '../index.js';
import { serviceProfileById } from '../profiles/catalogue.js';
import { asUsage, UsageError } from './exit-codes.js';
import { booleanFlag, listFlag, stringFlag, type FlagValues } from './flags.js';
import { loadTypes } from './types-file.js';

/** The environment as lro reads it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The connection a command uses, after flags and environment. */
export interface ConnectionSettings {
  readonly endpoint: string;
  readonly transport: Transport;
  readonly service: ServiceProfile;
  readonly insecure: boolean;
  /** `--dangerously-allow-insecure-remote`: plaintext to a host that is not loopback. */
  readonly insecureRemote: boolean;
  readonly typeFiles: readonly string[];
}

const SERVICE_IDS = Object.values(services).map((p) => p.id);

/**
 * The profile for `--service` / `LRO_SERVICE` text (`storage-transfer`, or
 * the key `storageTransfer`).
 * @throws UsageError for a name that is not a shipped profile.
 */
export function serviceFromName(name: string, flag: string): ServiceProfile {
  const profile = serviceProfileById(name.trim());
  if (!profile) throw new UsageError(`unknown service '${name}' for ${flag}; expected ${SERVICE_IDS.join(', ')}`);
  return profile;
}

function envBoolean(env: Environment, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  throw new UsageError(`${name} must be 1, true, 0 or false, got '${raw}'`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The `--types` files, or `LRO_TYPES` split on the path delimiter.
 * @throws UsageError for an empty `--types` value.
 */
export function typeFilesFrom(flags: FlagValues, env: Environment): string[] {
  const given = listFlag(flags, 'types');
  if (given.some((p) => p.trim() === '')) throw new UsageError('--types is empty; give a protos.json descriptor or a .proto file');
  if (given.length) return given;
  return (env.LRO_TYPES ?? '').split(delimiter).filter((p) => p.trim() !== '');
}

/**
 * The `--insecure` / `--no-insecure` flags over LRO_INSECURE; off when none is given.
 * @throws UsageError when both flags are given, or for a bad LRO_INSECURE.
 */
function insecureFrom(flags: FlagValues, env: Environment): boolean {
  const on = booleanFlag(flags, 'insecure');
  const off = booleanFlag(flags, 'no-insecure');
  if (on && off) throw new UsageError('--insecure and --no-insecure contradict each other; give one');
  if (on || off) return on;
  return envBoolean(env, 'LRO_INSECURE') ?? false;
}

const ENDPOINT_FORMS = { rest: 'http(s)://host[:port]', grpc: 'host:port' } as const;

/**
 * Checks an endpoint's form before any connection is tried: a URL for REST,
 * host[:port] for gRPC, a port from 1 to 65535.
 * @throws UsageError naming the flag or variable the endpoint came from.
 */
export function checkEndpoint(endpoint: string, transport: Transport, from: string): void {
  const bad = (why: string) => new UsageError(`bad endpoint '${endpoint}' for ${from}: ${why}`);
  // Read before the URL is parsed: a URL whose port is over 65535 does not parse at all.
  const port = /^(?:https?:\/\/)?(?:\[[^\]/]*\]|[^:/[\]]*):(\d+)\/?$/i.exec(endpoint)?.[1];
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65_535)) throw bad(`port ${port} is out of range (1-65535)`);
  let url: URL;
  try {
    url = new URL(transport === 'rest' ? endpoint : `http://${endpoint}`);
  } catch {
    throw bad(`expected ${ENDPOINT_FORMS[transport]}`);
  }
  if (url.username || url.password || url.search || url.hash) throw bad(`expected ${ENDPOINT_FORMS[transport]}`);
}

/**
 * Works out the connection. An endpoint with an `http(s)://` scheme means
 * REST unless a transport is given; a REST endpoint without a scheme gets
 * `http://` when insecure and `https://` otherwise; a gRPC endpoint loses
 * its scheme.
 * @throws UsageError for a missing or malformed endpoint, an unknown transport or service, or a bad LRO_INSECURE.
 */
export function connectionSettings(flags: FlagValues, env: Environment): ConnectionSettings {
  let endpoint = nonEmpty(stringFlag(flags, 'endpoint')) ?? nonEmpty(env.LRO_ENDPOINT);
  if (endpoint === undefined)
    throw new UsageError('no endpoint: pass --endpoint host:port (gRPC) or http(s)://host:port (REST), or set LRO_ENDPOINT');
  const transportText = nonEmpty(stringFlag(flags, 'transport')) ?? nonEmpty(env.LRO_TRANSPORT);
  const from = stringFlag(flags, 'transport') !== undefined ? '--transport' : 'LRO_TRANSPORT';
  const hasScheme = /^https?:\/\//i.test(endpoint);
  let transport: Transport;
  if (transportText === undefined) transport = hasScheme ? 'rest' : 'grpc';
  else if (transportText === 'grpc' || transportText === 'rest') transport = transportText;
  else throw new UsageError(`unknown transport '${transportText}' for ${from}; expected grpc or rest`);
  const insecure = insecureFrom(flags, env);
  if (transport === 'rest' && !hasScheme) endpoint = `${insecure ? 'http' : 'https'}://${endpoint}`;
  if (transport === 'grpc' && hasScheme) endpoint = endpoint.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  checkEndpoint(endpoint, transport, nonEmpty(stringFlag(flags, 'endpoint')) !== undefined ? '--endpoint' : 'LRO_ENDPOINT');
  const serviceText = nonEmpty(stringFlag(flags, 'service')) ?? nonEmpty(env.LRO_SERVICE);
  const service =
    serviceText === undefined
      ? services.standard
      : serviceFromName(serviceText, stringFlag(flags, 'service') !== undefined ? '--service' : 'LRO_SERVICE');
  const insecureRemote = booleanFlag(flags, 'dangerously-allow-insecure-remote');
  return { endpoint, transport, service, insecure, insecureRemote, typeFiles: typeFilesFrom(flags, env) };
}

/**
 * Opens a client for the settings: the types files are read first, so a bad
 * one fails before any connection. Retries stay on: an unreachable endpoint
 * is reported after a few attempts, not at the first refusal.
 * @throws UsageError for a bad types file or an endpoint the client refuses.
 */
export async function openClient(settings: ConnectionSettings): Promise<OperationsClient> {
  const types: TypeRegistry | undefined = settings.typeFiles.length ? await loadTypes(settings.typeFiles) : undefined;
  if (settings.insecure && !settings.insecureRemote && !isLoopback(hostOf(settings.endpoint))) {
    throw new UsageError(
      `--insecure sends plaintext, and '${hostOf(settings.endpoint)}' is not a loopback host; ` +
        'drop --insecure to use TLS, or add --dangerously-allow-insecure-remote for a network you control',
    );
  }
  return asUsage(
    () =>
      new OperationsClient({
        endpoint: settings.endpoint,
        transport: settings.transport,
        insecure: settings.insecure,
        dangerouslyAllowInsecureRemote: settings.insecureRemote,
        service: settings.service,
        ...(types ? { types } : {}),
        retry: { retries: 3, initialDelayMs: 100, maxDelayMs: 1_000 },
      }),
  );
}
