import { AuthGate } from '../../src/probes/auth/gate.js';
import type { ProbeContext } from '../../src/probes/types.js';
import { silentLogger } from '../../src/util/log.js';

export function probeContext(overrides: Partial<ProbeContext> = {}): ProbeContext {
  return {
    log: silentLogger,
    limits: { timeoutMs: 400, maxBytes: 32 * 1024 },
    signal: new AbortController().signal,
    inScope: (ip) => ip.startsWith('127.'),
    openPorts: [],
    connectSlot: async () => {},
    // Probes only try credentials through a host's login guard, as src/scan/host.ts gives them.
    ...(overrides.credentials ? { auth: new AuthGate() } : {}),
    ...overrides,
  };
}
