// defineServiceProfile: the optional parts a profile may carry are checked, and named, when it is defined.
import { describe, expect, it } from 'vitest';
import { defineServiceProfile, services } from '../../src/index.js';

const methods = { get: { http: 'GET /v1/{name=builds/*}' }, list: { http: 'GET /v1/{name=builds}' } } as const;

describe('defineServiceProfile', () => {
  it.each([
    [{ list: { compileFilter: 'done=true' } }, /list\.compileFilter must be a function/],
    [{ list: { validateFilter: 1 } }, /list\.validateFilter must be a function/],
    [{ examples: { metadata: {} } }, /examples\.metadata must be a function/],
    [{ examples: { response: 'done' } }, /examples\.response must be a JSON payload/],
    [{ examples: { states: { running: '' } } }, /examples\.states\.running must be a non-empty string/],
    [{ progress: 0.5 }, /progress must be a function/],
    [{ startTime: 'startTime' }, /startTime must be a function/],
  ])('refuses %j with a TypeError naming the field', (extra, message) => {
    expect(() => defineServiceProfile({ id: 'builds', methods, ...(extra as object) })).toThrow(TypeError);
    expect(() => defineServiceProfile({ id: 'builds', methods, ...(extra as object) })).toThrow(message);
  });
});

describe('the fallbacks of a profile that gives only its methods', () => {
  const plain = defineServiceProfile({
    id: 'builds',
    title: 'Builds',
    methods: { ...methods, cancel: { http: 'POST /v1/{name=builds/*}:cancel', grpc: false }, wait: { grpc: true } },
    list: { maxPageSize: 10, filterRequired: true },
  });

  it('help: a summary of its RPCs and a note made from its list rules', () => {
    expect(plain.help).toEqual({
      summary: 'Builds: Get, List, Cancel (REST only), Wait (gRPC only)',
      list: 'a filter is required; at most 10 per page',
      exampleFilter: undefined,
    });
    expect(defineServiceProfile({ id: 'bare', methods }).help.list).toBeUndefined();
  });

  it('examples: generic state words, a StringValue response, no descriptor', async () => {
    expect(plain.examples.states).toEqual({ running: 'RUNNING', success: 'SUCCEEDED', failure: 'FAILED', cancel: 'CANCELLED' });
    expect(plain.examples.response).toEqual({ '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'all done' });
    expect(await plain.examples.descriptor()).toBeUndefined();
  });

  it('list: done=true and done=false, anything else refused with a TypeError', () => {
    const op = { name: 'builds/b', done: true, errorCode: undefined, projectId: 'p', jobName: 'j' };
    expect(plain.list.compileFilter('done=true')(op)).toBe(true);
    expect(plain.list.compileFilter('Done = FALSE')(op)).toBe(false);
    expect(() => plain.list.compileFilter('state=x')).toThrow(TypeError);
  });
});

describe('help', () => {
  it.each([
    [{ help: { summary: '' } }, /help\.summary must be a non-empty string/],
    [{ help: { list: 3 } }, /help\.list must be a non-empty string/],
  ])('refuses %j with a TypeError naming the field', (extra, message) => {
    expect(() => defineServiceProfile({ id: 'builds', methods, ...(extra as object) })).toThrow(message);
  });
});

describe('what the shipped profiles read from metadata, for the poller', () => {
  it('Storage Transfer: bytes copied of bytes found (int64 strings), and the start time', () => {
    const { progress, startTime } = services.storageTransfer;
    const counters = { bytesFoundFromSource: '4000', bytesCopiedToSink: '1000' };
    expect(progress?.({ counters })).toBe(0.25);
    expect(progress?.({ counters: { ...counters, bytesCopiedToSink: '9000' } })).toBe(1);
    expect(progress?.({ counters: { bytesFoundFromSource: '0', bytesCopiedToSink: '0' } })).toBeUndefined();
    expect(progress?.({ counters: { bytesCopiedToSink: '10' } })).toBeUndefined();
    expect(progress?.({ counters: { bytesFoundFromSource: '-1', bytesCopiedToSink: '1' } })).toBeUndefined();
    expect(progress?.({ counters: { bytesFoundFromSource: '12abc', bytesCopiedToSink: '1' } })).toBeUndefined();
    expect(progress?.({})).toBeUndefined();
    expect(progress?.(undefined)).toBeUndefined();
    expect(progress?.('IN_PROGRESS')).toBeUndefined();
    expect(startTime?.({ startTime: '2026-03-01T00:00:10.500Z' })).toBe(Date.parse('2026-03-01T00:00:10.500Z'));
    // The same Timestamp in the default decoded form: the object of ITimestamp, seconds as a decimal string.
    expect(startTime?.({ startTime: { seconds: '1772323210', nanos: 500_000_000 } })).toBe(Date.parse('2026-03-01T00:00:10.500Z'));
    expect(startTime?.({ startTime: { seconds: 1772323210 } })).toBe(Date.parse('2026-03-01T00:00:10Z'));
    expect(startTime?.({ startTime: { seconds: 'soon' } })).toBeUndefined();
    expect(startTime?.({ startTime: { nanos: 5 } })).toBeUndefined();
    expect(startTime?.({ startTime: 'yesterday' })).toBeUndefined();
    expect(startTime?.({ startTime: 1_700_000_000 })).toBeUndefined();
  });

  it('Contact Center Insights and GDC translation: their counts, and their create and submit times', () => {
    const cci = services.contactCenterInsights;
    expect(cci.progress?.({ completedAnalysesCount: 30, failedAnalysesCount: 10, totalRequestedAnalysesCount: 400 })).toBe(0.1);
    expect(cci.progress?.({ totalRequestedAnalysesCount: 400 })).toBeUndefined();
    expect(cci.startTime?.({ createTime: '2026-03-01T00:00:00Z' })).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(cci.startTime?.({ createTime: { seconds: '1772323200' } })).toBe(Date.parse('2026-03-01T00:00:00Z'));
    const gdc = services.gdcTranslation;
    expect(gdc.progress?.({ translatedPages: '60', totalPages: '120' })).toBe(0.5);
    expect(gdc.progress?.({ translatedPages: 60, failedPages: 60, totalPages: 120 })).toBe(1);
    expect(gdc.startTime?.({ submitTime: '2026-03-01T00:00:00Z' })).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(gdc.startTime?.({ submitTime: { seconds: '1772323200', nanos: 1_000_000 } })).toBe(Date.parse('2026-03-01T00:00:00.001Z'));
  });

  it('the standard profile and a profile of one’s own read nothing unless told', () => {
    expect(services.standard.progress).toBeUndefined();
    expect(services.standard.startTime).toBeUndefined();
    const own = defineServiceProfile({ id: 'builds', methods, progress: (m) => (m as { done: number }).done / 10 });
    expect(own.progress?.({ done: 5 })).toBe(0.5);
  });
});
