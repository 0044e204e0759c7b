/**
 * @module probes/shared/auth-header
 * The `WWW-Authenticate` challenge as HTTP and RTSP servers send it (the same header grammar).
 */

/** The realm of a `WWW-Authenticate` header (Basic or Digest), unquoted. */
export function authRealm(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /realm\s*=\s*(?:"([^"]{0,512})"|([^\s,]{1,512}))/i.exec(header);
  return m ? (m[1] ?? m[2]) : undefined;
}
