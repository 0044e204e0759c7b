/** @module errors/OemscanError Base of the error family; `code` is stable, `message` is for people. */
export class OemscanError extends Error {
  override name = 'OemscanError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
