export { OemscanError } from './OemscanError.js';
export { SignatureError } from './SignatureError.js';
export { UsageError } from './UsageError.js';
