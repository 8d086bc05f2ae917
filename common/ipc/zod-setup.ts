import { z } from 'zod';

// The renderer and preload run under a CSP without 'unsafe-eval'. Zod's JIT compiles parsers with
// `new Function`, and merely probing for it is reported as a CSP violation; the interpreted
// (jitless) parsers are fast enough for IPC-sized payloads on every side.
z.config({ jitless: true });
