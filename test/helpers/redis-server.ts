// A real redis-server for the tests: started on a free loopback port in a temporary directory, with the AOF on, and stopped (killed if need be) afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './setup.js';

/**
 * The redis-server binary: `$REDIS_SERVER` when set, else the one on the
 * PATH; undefined when there is none (the tests that need it are skipped).
 */
export function redisServerPath(): string | undefined {
  const given = process.env.REDIS_SERVER;
  const candidate = given ?? 'redis-server';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /Redis server/i.test(probe.stdout) ? candidate : undefined;
}

let told = false;

/** True when the Redis tests can run; otherwise says so once, in one line. */
export function redisAvailable(): boolean {
  const found = redisServerPath() !== undefined;
  if (!found && !told) {
    told = true;
    console.log('redis-server not found (apt-get install redis-server, or set REDIS_SERVER): skipping the tests against Redis');
  }
  return found;
}

/** A running redis-server of the tests. */
export interface RedisServer extends AsyncDisposable {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Where its AOF lives. */
  readonly dir: string;
  /** Stops it with SIGTERM (it writes its AOF out and exits), then starts it again on the same port, from the same AOF. */
  restart(): Promise<void>;
  /** Sends one command and gives the raw reply (`INFO memory`, say). */
  command(...args: string[]): Promise<string>;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever ends the test process, no redis-server outlives it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => resolve(false));
  });
}

function encode(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

async function launch(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    binary,
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (c) => (output = (output + c.toString()).slice(-4_000)));
  child.stderr!.on('data', (c) => (output = (output + c.toString()).slice(-4_000)));
  const until = Date.now() + 15_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${output}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within 15 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return child;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Starts a redis-server on a free loopback port, in a fresh temporary directory, with `--appendonly yes --save ''`. */
export async function startRedis(): Promise<RedisServer> {
  const binary = redisServerPath();
  if (!binary) throw new Error('redis-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'longrunning-redis-'));
  const port = await closedPort();
  let child = await launch(binary, port, dir);
  let stopped = false;
  const server: RedisServer = {
    host: '127.0.0.1',
    port,
    dir,
    async restart() {
      await terminate(child);
      child = await launch(binary, port, dir);
    },
    command(...args) {
      return new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        let reply = '';
        socket.setTimeout(5_000, () => socket.destroy(new Error('redis command timed out')));
        socket.on('connect', () => socket.write(encode(args)));
        socket.on('data', (chunk) => {
          reply += chunk.toString();
          // A bulk string: $len\r\n<len bytes>\r\n; a simple one ends at its first line.
          const m = /^\$(\d+)\r\n/.exec(reply);
          if (!m || Buffer.byteLength(reply) >= m[0].length + Number(m[1]) + 2) socket.end();
        });
        socket.on('close', () => resolve(reply));
        socket.on('error', reject);
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(child);
      rmSync(dir, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]() {
      return server.stop();
    },
  };
  return server;
}

/** A number from `INFO` output, e.g. `infoField(await redis.command('INFO', 'memory'), 'used_memory')`. */
export function infoField(info: string, field: string): number {
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  if (!m) throw new Error(`no ${field} in INFO`);
  return Number(m[1]);
}
