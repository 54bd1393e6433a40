// One part of the demo: a service in its own emulator, narrated.
import type { EmulatorCalls } from '../../testing/index.js';
import type { Narrator } from './narrator.js';

/**
 * Runs one part of the demo and resolves with the calls its emulator
 * received. `signal` fires on Ctrl-C; every wait and call takes it.
 */
export type DemoSection = (narrator: Narrator, signal: AbortSignal) => Promise<EmulatorCalls>;
