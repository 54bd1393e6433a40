// lro delete NAME: one DeleteOperation.
import { EXIT } from '../exit-codes.js';
import { printsRecords, withClient, writeRecord, type CommandContext } from '../context.js';
import { checkNamedCall } from '../refusals.js';

/** Deletes the operation's record; the operation itself is not cancelled. */
export async function deleteOperation(ctx: CommandContext): Promise<number> {
  return withClient(ctx, async (client) => {
    const name = checkNamedCall(client, 'delete', ctx.args[0]!);
    await client.deleteOperation(name, { signal: ctx.io.interrupt });
    if (printsRecords(ctx)) writeRecord(ctx, { name, deleted: true });
    else ctx.io.stdout.write(`deleted: ${name}\n`);
    return EXIT.OK;
  });
}
