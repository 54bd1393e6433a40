// lro cancel NAME: one CancelOperation.
import { EXIT } from '../exit-codes.js';
import { printsRecords, withClient, writeRecord, type CommandContext } from '../context.js';
import { checkNamedCall } from '../refusals.js';

/** Asks for the cancel; how the operation ends is for `get` or `wait` to tell. */
export async function cancel(ctx: CommandContext): Promise<number> {
  return withClient(ctx, async (client) => {
    const name = checkNamedCall(client, 'cancel', ctx.args[0]!);
    await client.cancelOperation(name, { signal: ctx.io.interrupt });
    if (printsRecords(ctx)) writeRecord(ctx, { name, cancelRequested: true });
    else ctx.io.stdout.write(`cancel requested: ${name}\n`);
    return EXIT.OK;
  });
}
