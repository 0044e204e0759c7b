/**
 * @module serve/auth
 * Bearer-token check. Both sides are hashed first so the comparison is constant-time and
 * independent of the presented token's length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function bearerChecker(token: string): (header: string | undefined) => boolean {
  const expected = digest(token);
  return (header) => {
    const m = /^Bearer ([^\s]+)$/i.exec(header ?? '');
    return m?.[1] !== undefined && timingSafeEqual(digest(m[1]), expected);
  };
}
