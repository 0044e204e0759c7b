import { OemscanError } from './OemscanError.js';

/** A fingerprint file that does not load: always names file and line, never skipped silently. */
export class SignatureError extends OemscanError {
  override name = 'SignatureError';
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`, 'E_SIGNATURE');
  }
}
