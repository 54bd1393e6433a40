// lro list [PARENT]: ListOperations across pages, as a table or NDJSON.
import type { Operation } from '../../index.js';
import { EXIT } from '../exit-codes.js';
import { note, printsRecords, withClient, writeRecord, type CommandContext } from '../context.js';
import { integerFlag, stringFlag } from '../flags.js';
import { operationTable, operationToJson } from '../operation-view.js';
import { checkListCall } from '../refusals.js';

/**
 * Lists the operations under PARENT (or the service's fixed collection).
 * With --format json or value(...) each operation is written as it arrives;
 * the table waits for the last one to line up its columns. --limit stops
 * fetching pages early.
 */
export async function list(ctx: CommandContext): Promise<number> {
  const filter = stringFlag(ctx.flags, 'filter');
  const pageSize = integerFlag(ctx.flags, 'page-size', { min: 0 });
  const limit = integerFlag(ctx.flags, 'limit', { min: 1 });
  return withClient(ctx, async (client) => {
    const rows: Operation[] = [];
    let count = 0;
    const request = checkListCall(client, { name: ctx.args[0], filter, pageSize });
    for await (const op of client.listOperations(request, { signal: ctx.io.interrupt })) {
      count++;
      if (printsRecords(ctx)) writeRecord(ctx, operationToJson(client.types, op));
      else rows.push(op);
      if (limit !== undefined && count >= limit) break;
    }
    if (!printsRecords(ctx)) {
      if (rows.length === 0) note(ctx, '(no operations)');
      else ctx.io.stdout.write(`${operationTable(client.types, rows).join('\n')}\n`);
    }
    return EXIT.OK;
  });
}
