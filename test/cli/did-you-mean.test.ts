// "Did you mean": the edit distance, the suggestions it makes, and the usage lines (exit 2) for a mistyped command, flag or word.
import { describe, expect, test } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli/command-table.js';
import { didYouMean, editDistance, suggestionsFor } from '../../src/cli/did-you-mean.js';
import { inProcess } from './cli-process.js';

describe('the distance', () => {
  test.each([
    ['wait', 'wait', 0],
    ['wiat', 'wait', 1],
    ['timout', 'timeout', 1],
    ['tiemout', 'timeout', 1],
    ['lsit', 'list', 1],
    ['', 'get', 3],
    ['get', '', 3],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%j to %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('the suggestions', () => {
  test.each([
    ['wiat', ['wait']],
    ['gte', ['get']],
    ['lst', ['list']],
    ['cancle', ['cancel']],
    ['serv', ['serve']],
    ['de', ['delete', 'demo']],
    ['complet', ['completion']],
    ['WAIT', ['wait']],
    ['frobnicate', []],
    ['x', []],
    ['ab', []],
  ])('%j: %j', (word, expected) => {
    expect(suggestionsFor(word, COMMAND_NAMES)).toEqual(expected);
  });

  test('too many candidates make no guess; the word itself is not one', () => {
    expect(suggestionsFor('a', ['ab', 'ac', 'ad', 'ae'])).toEqual([]);
    expect(suggestionsFor('wait', ['wait'])).toEqual([]);
    expect(didYouMean('timout', ['timeout', 'limit'], (f) => `--${f}`)).toBe('did you mean --timeout?');
    expect(didYouMean('zzz', ['timeout'])).toBeUndefined();
  });
});

describe('as lro says it: one line, exit 2', () => {
  test.each([
    [['wiat', 'operations/x'], "lro: unknown command 'wiat'; did you mean 'wait'?\n"],
    [['de'], "lro: unknown command 'de'; did you mean 'delete' or 'demo'?\n"],
    [['frob'], "lro: unknown command 'frob'; commands: get, list, wait, cancel, delete, serve, demo, completion, help\n"],
    [['wait', 'operations/x', '--timout', '5s'], "lro: unknown flag --timout for 'lro wait'; did you mean --timeout?\n"],
    [['wait', 'operations/x', '--timout=5s'], "lro: unknown flag --timout for 'lro wait'; did you mean --timeout?\n"],
    [['get', 'operations/x', '--jsno'], "lro: unknown flag --jsno for 'lro get'; did you mean --json?\n"],
    [['list', '--page-szie', '3'], "lro: unknown flag --page-szie for 'lro list'; did you mean --page-size?\n"],
    [['get', 'operations/x', '--insecur'], "lro: unknown flag --insecur for 'lro get'; did you mean --insecure?\n"],
    [['get', 'operations/x', '--limit', '3'], "lro: unknown flag --limit for 'lro get': it goes with 'lro list'\n"],
    [['get', 'operations/x', '--timeout', '3s'], "lro: unknown flag --timeout for 'lro get': it goes with 'lro wait'\n"],
    [['get', 'operations/x', '--frobnicate'], "lro: unknown flag --frobnicate for 'lro get'; see 'lro get --help'\n"],
    [['get', 'operations/x', '-x'], "lro: unknown flag -x for 'lro get'; see 'lro get --help'\n"],
    [['--timout', '5s', 'wait', 'operations/x'], 'lro: unknown flag --timout; did you mean --timeout?\n'],
    [['--frobnicate'], "lro: unknown flag --frobnicate; see 'lro --help'\n"],
    [['help', 'wiat'], "lro: no help for 'wiat'; did you mean 'wait'?\n"],
    [['completion', 'bsah'], "lro: no completion for shell 'bsah'; did you mean 'bash'? expected bash, zsh or fish\n"],
    [['completion', 'powershell'], "lro: no completion for shell 'powershell'; expected bash, zsh or fish\n"],
  ])('%j', async (argv, stderr) => {
    expect(await inProcess(argv)).toEqual({ code: 2, stdout: '', stderr });
  });
});
