import { OemscanError } from './OemscanError.js';

/** Bad targets, options or config: the CLI prints the message and exits 2, no stack trace. */
export class UsageError extends OemscanError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 'E_USAGE');
  }
}
