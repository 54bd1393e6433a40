// The protobuf descriptors everything here shares: google.longrunning, google.rpc and the well-known types.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

/**
 * Adds every type of a JSON descriptor to a root, skipping the ones it
 * already has: @google-cloud packages each ship their own copy of
 * google.protobuf and google.rpc, and those must not collide.
 */
export function mergeDescriptor(target: protobuf.Namespace, json: protobuf.INamespace): void {
  for (const [key, entry] of Object.entries(json.nested ?? {})) {
    const existing = target.get(key);
    const isPlainNamespace = !['fields', 'values', 'methods', 'id', 'extend'].some((k) => k in entry);
    if (isPlainNamespace) {
      const ns =
        existing instanceof protobuf.Namespace
          ? existing
          : (target.add(new protobuf.Namespace(key, entry.options)).get(key) as protobuf.Namespace);
      mergeDescriptor(ns, entry as protobuf.INamespace);
    } else if (!existing) {
      target.addJSON({ [key]: entry });
    }
  }
}

function gaxProtosDir(): string {
  // google-gax ships its bundled protos beside build/src; its exports map does not list them.
  return join(dirname(require.resolve('google-gax')), '..', 'protos');
}

const WELL_KNOWN = ['any', 'duration', 'empty', 'field_mask', 'struct', 'timestamp', 'wrappers'];

let base: protobuf.Root | undefined;

/**
 * The root holding google.longrunning, google.rpc (Status and the error
 * details) and the well-known types, resolved. Built once, on first use.
 */
export function baseRoot(): protobuf.Root {
  if (base) return base;
  const dir = gaxProtosDir();
  const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(join(dir, 'operations.json'), 'utf8')));
  mergeDescriptor(root, JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')));
  for (const name of WELL_KNOWN) mergeDescriptor(root, protobuf.common.get(`google/protobuf/${name}.proto`)!);
  // Fields added to operations.proto after the copy google-gax bundles.
  const listRequest = root.lookupType('google.longrunning.ListOperationsRequest');
  if (!listRequest.fields.returnPartialSuccess) listRequest.add(new protobuf.Field('returnPartialSuccess', 5, 'bool'));
  const listResponse = root.lookupType('google.longrunning.ListOperationsResponse');
  if (!listResponse.fields.unreachable) listResponse.add(new protobuf.Field('unreachable', 3, 'string', 'repeated'));
  root.resolveAll();
  base = root;
  return root;
}

/** The message types of google.longrunning and google.rpc, looked up once. */
export interface LongrunningTypes {
  readonly Operation: protobuf.Type;
  readonly GetOperationRequest: protobuf.Type;
  readonly ListOperationsRequest: protobuf.Type;
  readonly ListOperationsResponse: protobuf.Type;
  readonly CancelOperationRequest: protobuf.Type;
  readonly DeleteOperationRequest: protobuf.Type;
  readonly WaitOperationRequest: protobuf.Type;
  readonly Empty: protobuf.Type;
  readonly Status: protobuf.Type;
  readonly Any: protobuf.Type;
}

let types: LongrunningTypes | undefined;

/** The google.longrunning request and response types. */
export function longrunningTypes(): LongrunningTypes {
  if (types) return types;
  const root = baseRoot();
  const t = (name: string) => root.lookupType(name);
  types = {
    Operation: t('google.longrunning.Operation'),
    GetOperationRequest: t('google.longrunning.GetOperationRequest'),
    ListOperationsRequest: t('google.longrunning.ListOperationsRequest'),
    ListOperationsResponse: t('google.longrunning.ListOperationsResponse'),
    CancelOperationRequest: t('google.longrunning.CancelOperationRequest'),
    DeleteOperationRequest: t('google.longrunning.DeleteOperationRequest'),
    WaitOperationRequest: t('google.longrunning.WaitOperationRequest'),
    Empty: t('google.protobuf.Empty'),
    Status: t('google.rpc.Status'),
    Any: t('google.protobuf.Any'),
  };
  return types;
}
