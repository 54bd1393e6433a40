// The protobuf descriptors everything here shares: google.longrunning, google.rpc and the well-known types,
// from the package's own .proto files (protos/) by way of the generated module, so no file is read at run time.
import protobuf from 'protobufjs';
import { baseDescriptor } from './generated/descriptors.js';

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

let base: protobuf.Root | undefined;

/**
 * The root holding google.longrunning, google.rpc (Status and the error
 * details) and the well-known types, resolved. Built once, on first use,
 * from the generated descriptor (see protos/ and `npm run generate:protos`).
 * It holds no google.api annotations and no descriptor.proto types.
 */
export function baseRoot(): protobuf.Root {
  if (base) return base;
  const root = protobuf.Root.fromJSON(baseDescriptor);
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
