// lro get NAME: one GetOperation, printed.
import { EXIT } from '../exit-codes.js';
import { printsRecords, withClient, writeRecord, type CommandContext } from '../context.js';
import { checkNamedCall } from '../refusals.js';
import { operationToJson, renderOperation } from '../operation-view.js';

/** Prints the operation's state; exits 0 whatever that state is. */
export async function get(ctx: CommandContext): Promise<number> {
  return withClient(ctx, async (client) => {
    const name = checkNamedCall(client, 'get', ctx.args[0]!);
    const op = await client.getOperation(name, { signal: ctx.io.interrupt });
    if (printsRecords(ctx)) writeRecord(ctx, operationToJson(client.types, op));
    else ctx.io.stdout.write(renderOperation(client.types, op));
    return EXIT.OK;
  });
}
