// lro completion bash|zsh|fish: each script is written, names every command and flag, parses in its shell, and completes in bash.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMAND_NAMES, COMMANDS, FORMAT_EXAMPLES, SERVICE_IDS } from '../../src/cli/command-table.js';
import { inProcess } from './cli-process.js';

/** The shell's path, if it is installed here. */
function shell(name: string): string | undefined {
  return ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => `${d}/${name}`).find((p) => existsSync(p));
}

const BASH = shell('bash');
const ZSH = shell('zsh');
const FISH = shell('fish');

let dir: string;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lro-completion-'));
  for (const name of ['bash', 'zsh', 'fish']) {
    const r = await inProcess(['completion', name]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    scripts[name] = r.stdout;
    writeFileSync(join(dir, `lro.${name}`), r.stdout);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(['bash', 'zsh', 'fish'])('the %s script', (name) => {
  test('says how to install it, and names every command, every flag and the values of --service and --format', () => {
    const script = scripts[name]!;
    expect(script.split('\n').slice(0, 4).join('\n')).toMatch(/# Install: lro completion|# Install: mkdir/);
    for (const command of COMMAND_NAMES) {
      expect(script).toContain(command);
      for (const flag of Object.keys(COMMANDS[command].flags))
        expect(script, `--${flag} of ${command}`).toMatch(new RegExp(`(--|-l )${flag}\\b`));
    }
    for (const id of SERVICE_IDS) expect(script).toMatch(new RegExp(`'${id}\\\\?'`));
    for (const format of FORMAT_EXAMPLES) expect(script).toContain(format);
  });
});

describe('the scripts parse in their shells', () => {
  test.skipIf(!BASH)('bash -n accepts the bash script', () => {
    expect(spawnSync(BASH!, ['-n', join(dir, 'lro.bash')], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });
  test.skipIf(!ZSH)(`zsh -n accepts the zsh script${ZSH ? '' : ' (skipped: no zsh here)'}`, () => {
    expect(spawnSync(ZSH!, ['-n', join(dir, 'lro.zsh')], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });
  test.skipIf(!FISH)(`fish --no-execute accepts the fish script${FISH ? '' : ' (skipped: no fish here)'}`, () => {
    expect(spawnSync(FISH!, ['--no-execute', join(dir, 'lro.fish')], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });
});

/** What bash's completion function offers for the words typed so far (the last one is being completed). */
function complete(...words: string[]): string[] {
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _lro; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync(BASH!, ['-c', program, 'bash', join(dir, 'lro.bash'), ...words], { encoding: 'utf8', cwd: dir });
  return out.split('\n').filter(Boolean);
}

describe.skipIf(!BASH)('bash completes', () => {
  test.each([
    [['lro', 'wa'], ['wait']],
    [
      ['lro', 'de'],
      ['delete', 'demo'],
    ],
    [
      ['lro', 'c'],
      ['cancel', 'completion'],
    ],
    [['lro', '--json', 'g'], ['get']],
    [['lro', '--endpoint', 'h:1', 'l'], ['list']],
    [['lro', 'wait', 'operations/x', '--ti'], ['--timeout']],
    [['lro', 'wait', '--cancel'], ['--cancel-on-interrupt']],
    [['lro', 'list', '--page'], ['--page-size']],
    [['lro', 'get', '--q'], ['--quiet']],
    [['lro', 'get', '--ti'], []],
    [
      ['lro', 'serve', '--s'],
      ['--service', '--seed'],
    ],
    [
      ['lro', 'get', '--service', 'st'],
      ['standard', 'storage-transfer'],
    ],
    [['lro', 'serve', '--profile', 'g'], ['gdc-translation']],
    [
      ['lro', 'get', '--transport', ''],
      ['grpc', 'rest'],
    ],
    [['lro', 'get', '--format', 'j'], ['json']],
    [
      ['lro', 'get', '--format', '='],
      ['text', 'json', 'value\\(name\\)', 'value\\(done\\)', 'value\\(name\\,done\\)', 'value\\(error.code\\)'],
    ],
    [['lro', 'get', '--format', '=', 't'], ['text']],
    [
      ['lro', 'get', '--format', 'value'],
      ['value\\(name\\)', 'value\\(done\\)', 'value\\(name\\,done\\)', 'value\\(error.code\\)'],
    ],
    [['lro', 'get', '--endpoint', ''], []],
    [
      ['lro', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [['lro', 'help', 'w'], ['wait']],
    [['lro', 'get', 'operations/x', ''], []],
    [['lro', '--v'], ['--version']],
  ])('%j → %j', (words, expected) => {
    expect(complete(...words)).toEqual(expected);
  });

  test('--types: file names', () => {
    writeFileSync(join(dir, 'protos.json'), '{}');
    expect(complete('lro', 'get', '--types', 'prot')).toEqual(['protos.json']);
  });
});

/**
 * What zsh's `_lro` offers for the words typed so far, run outside a
 * completion widget: compadd, _describe, _message and _files are stand-ins
 * that print what they were given.
 */
function completeZsh(...words: string[]): string[] {
  const program = [
    'compdef() { :; }',
    'compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }',
    '_describe() { local item; for item in ${(P)4}; do print -- "${item%%:*}"; done; }',
    '_message() { print -- "(message: $*)"; }',
    '_files() { print -- "(files)"; }',
    'compset() { PREFIX=${PREFIX#*=}; }',
    'source "$1"; shift',
    'words=("$@"); CURRENT=$#words; PREFIX=${words[CURRENT]}',
    '_lro',
  ].join('\n');
  const out = execFileSync(ZSH!, ['-f', '-c', program, 'zsh', join(dir, 'lro.zsh'), ...words], { encoding: 'utf8', cwd: dir });
  return out.split('\n').filter(Boolean);
}

describe.skipIf(!ZSH)(`zsh completes${ZSH ? '' : ' (skipped: no zsh here)'}`, () => {
  // The stand-ins print every candidate of the arm taken; zsh itself then keeps those that match.
  test.each([
    [['lro', 'wa'], COMMAND_NAMES],
    [['lro', '--endpoint', 'h:1', ''], COMMAND_NAMES],
    [['lro', 'get', '--service', ''], SERVICE_IDS],
    [['lro', 'get', '--format=j'], FORMAT_EXAMPLES],
    [['lro', 'get', '--types', ''], ['(files)']],
    [['lro', 'get', '--endpoint', ''], ['(message: host:port for gRPC, http(s)://host[:port] for REST)']],
    [
      ['lro', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [['lro', 'get', 'operations/x', ''], ['(message: operation name)']],
  ])('%j → %j', (words, expected) => {
    expect(completeZsh(...words)).toEqual(expected);
  });

  test("a command's flags, and only its own", () => {
    const offered = completeZsh('lro', 'wait', 'operations/x', '--ti');
    expect(offered).toContain('--timeout');
    expect(offered).toContain('-q');
    expect(completeZsh('lro', 'get', '-')).not.toContain('--timeout');
  });
});

/** What fish offers for a command line, from `complete -C`: the candidates, without their descriptions. */
function completeFish(line: string): string[] {
  const program = 'source $argv[1]; complete -C $argv[2]';
  const out = execFileSync(FISH!, ['--no-config', '-c', program, join(dir, 'lro.fish'), line], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]!);
}

describe.skipIf(!FISH)(`fish completes${FISH ? '' : ' (skipped: no fish here)'}`, () => {
  test.each([
    ['lro wa', ['wait']],
    ['lro de', ['delete', 'demo']],
    ['lro --json g', ['get']],
    ['lro wait operations/x --ti', ['--timeout']],
    ['lro get --service st', ['standard', 'storage-transfer']],
    ['lro get --format v', ['value(done)', 'value(error.code)', 'value(name)', 'value(name,done)']],
    ['lro completion ', ['bash', 'fish', 'zsh']],
    ['lro get --ti', []],
  ])('%j → %j', (line, expected) => {
    expect(completeFish(line)).toEqual(expected);
  });
});

test('lro completion --help says how to install each script', async () => {
  const r = await inProcess(['completion', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Usage: lro completion bash\|zsh\|fish\n/);
  expect(r.stdout).toMatch(/^ {2}bash {2}lro completion bash > ~\/\.local\/share\/bash-completion\/completions\/lro$/m);
  expect(r.stdout).toMatch(/^ {2}zsh {3}.*lro completion zsh > ~\/\.zfunc\/_lro/m);
  expect(r.stdout).toMatch(/^ {2}fish {2}lro completion fish > ~\/\.config\/fish\/completions\/lro\.fish$/m);
  expect(await inProcess(['completion'])).toEqual({ code: 2, stdout: '', stderr: 'lro: missing SHELL: lro completion SHELL\n' });
});
