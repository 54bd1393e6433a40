// A script that makes one call from a fresh process, as an app would: for the tests that look at what a process loads and prints.

/** How the script's client gets its credentials. */
export type Credentials = 'insecure' | 'token' | 'adc';

/**
 * The arguments of `node` that import `entry`, make a client for `endpoint`
 * and call GetOperation once; the script prints `{"code":N}` (0 for
 * success) on its last line. With `record`, the process also writes the
 * modules it loaded to the file LONGRUNNING_RECORD_LOADS names.
 */
export function oneCall(entry: string, transport: 'grpc' | 'rest', endpoint: string, credentials: Credentials, record?: string): string[] {
  const options = { endpoint, transport, retry: false, timeoutMs: 5_000, ...(credentials === 'insecure' ? { insecure: true } : {}) };
  const script = `
    const { OperationsClient } = await import(${JSON.stringify(entry)});
    const client = new OperationsClient({ ...${JSON.stringify(options)}${credentials === 'token' ? ", auth: () => 'ya29.test-token'" : ''} });
    let code = 0;
    try {
      await client.getOperation('operations/none');
    } catch (err) {
      code = err.code ?? -1;
    }
    client.close();
    console.log(JSON.stringify({ code }));`;
  return [...(record ? ['--import', record] : []), '--input-type=module', '-e', script];
}

/** The code the script printed, or undefined when it printed none. */
export function calledCode(stdout: string): number | undefined {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return (JSON.parse(last) as { code: number }).code;
  } catch {
    return undefined;
  }
}
