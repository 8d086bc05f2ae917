import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Setup file of the `dom` Vitest project (vitest.config.ts): every `*.test.tsx` file.

// The console's data arrives asynchronously from the main process, as in the window, and the
// tests wait on what is shown (findBy…, waitFor), never on act(): React is told not to expect
// every update inside act() (Testing Library still wraps its own render and events in it).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

// findBy… and waitFor wait up to 1 s by default: a bound too tight for a busy machine (Vitest runs
// three files at a time, each with its own main process and often a reference server). A bound,
// not a target: a passing test never waits for it (a screen that never shows still fails).
configure({ asyncUtilTimeout: 15_000 });

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());
