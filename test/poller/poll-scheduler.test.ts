import { describe, expect, it } from 'vitest';
import { PollScheduler, type ScheduledPoll } from '../../src/poller/poll-scheduler.js';
import { ManualClock } from '../../src/testing/index.js';

interface TestPoll extends ScheduledPoll {
  readonly id: number;
}

function recorder() {
  const fired: number[] = [];
  const releases = new Map<number, () => void>();
  const poll = (id: number): TestPoll => ({
    id,
    dueAt: 0,
    heapIndex: -1,
    order: 0,
    batchKey: undefined,
    fire(release) {
      fired.push(id);
      releases.set(id, release);
    },
  });
  return { fired, releases, poll };
}

describe('PollScheduler', () => {
  it('runs polls when due, in due order, with one clock timer however many are scheduled', () => {
    const clock = new ManualClock();
    const scheduler = new PollScheduler(clock, 10);
    const { fired, releases, poll } = recorder();
    const polls = [5, 1, 4, 2, 3].map(poll);
    for (const p of polls) scheduler.schedule(p, p.id * 100);
    expect(clock.pending).toBe(1);
    clock.advance(250);
    expect(fired).toEqual([1, 2]);
    for (const r of releases.values()) r();
    clock.advance(1_000);
    expect(fired).toEqual([1, 2, 3, 4, 5]);
    expect(scheduler.queued).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('never has more than maxInFlight polls running; the rest go out oldest due first as slots free', () => {
    const clock = new ManualClock();
    const scheduler = new PollScheduler(clock, 3);
    const { fired, releases, poll } = recorder();
    // Ten polls, due in reverse order of their ids, all due by t=10.
    for (let id = 1; id <= 10; id++) scheduler.schedule(poll(id), 11 - id);
    clock.advance(10);
    expect(fired).toEqual([10, 9, 8]);
    expect(scheduler.inFlight).toBe(3);
    // While every slot is taken, no timer is held.
    expect(clock.pending).toBe(0);
    releases.get(9)!();
    releases.get(9)!(); // a second release of the same poll frees nothing
    expect(fired).toEqual([10, 9, 8, 7]);
    expect(scheduler.inFlight).toBe(3);
    for (const id of [10, 8, 7, 6, 5, 4, 3, 2]) releases.get(id)?.();
    for (let i = 0; i < 10 && fired.length < 10; i++) for (const r of releases.values()) r();
    expect(fired).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(scheduler.maxInFlightSeen).toBe(3);
  });

  it('moves and cancels scheduled polls', () => {
    const clock = new ManualClock();
    const scheduler = new PollScheduler(clock, 5);
    const { fired, poll } = recorder();
    const a = poll(1);
    const b = poll(2);
    const c = poll(3);
    scheduler.schedule(a, 100);
    scheduler.schedule(b, 200);
    scheduler.schedule(c, 300);
    scheduler.schedule(c, 50); // moved up
    scheduler.cancel(b);
    scheduler.cancel(b); // twice is harmless
    expect(b.heapIndex).toBe(-1);
    clock.advance(1_000);
    expect(fired).toEqual([3, 1]);
    scheduler.schedule(a, 2_000);
    scheduler.clear();
    expect(clock.pending).toBe(0);
    clock.advance(5_000);
    expect(fired).toEqual([3, 1]);
  });

  it('keeps the heap in order through random schedules, moves and cancels', () => {
    const clock = new ManualClock();
    const scheduler = new PollScheduler(clock, 1_000_000);
    const { fired, poll } = recorder();
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const polls = Array.from({ length: 2_000 }, (_, i) => poll(i));
    const due = new Map<number, number>();
    for (const p of polls) {
      const at = Math.floor(random() * 10_000);
      scheduler.schedule(p, at);
      due.set(p.id, at);
    }
    for (const p of polls.slice(0, 500)) {
      if (random() < 0.5) {
        scheduler.cancel(p);
        due.delete(p.id);
      } else {
        const at = Math.floor(random() * 10_000);
        scheduler.schedule(p, at);
        due.set(p.id, at);
      }
    }
    clock.advance(10_000);
    expect(fired.length).toBe(due.size);
    expect(new Set(fired).size).toBe(fired.length);
    for (let i = 1; i < fired.length; i++) expect(due.get(fired[i]!)!).toBeGreaterThanOrEqual(due.get(fired[i - 1]!)!);
  });
});
