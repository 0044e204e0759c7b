/** A hand-built signature for tests of the engine and the verdict; fields the test cares about are overridden. */
import type { Signature } from '../../src/engine/types.js';

export const testSignature = (over: Partial<Signature> = {}): Signature => ({
  id: 'x.test',
  field: 'http.header.server',
  description: over.id ?? 'test',
  pattern: /.*/,
  strength: 'oem',
  certainty: 0.9,
  captures: {},
  examples: [],
  file: 'test',
  line: 1,
  ...over,
});
