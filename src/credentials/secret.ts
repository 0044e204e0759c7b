/**
 * @module credentials/secret
 * A password that cannot be printed by accident: JSON.stringify, util.inspect, template
 * strings and pino all see `[redacted]`. Only `reveal()` returns the value, at the one place
 * that hashes or sends it.
 */
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
