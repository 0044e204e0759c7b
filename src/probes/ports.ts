/**
 * @module probes/ports
 * Which well-known port speaks what. With `--port-offset N` (the unprivileged lab) every
 * standard port p is looked for at p+N, so the same rules apply.
 */
export const HTTP_PORTS = [80, 8080, 8899] as const;
export const TLS_PORTS = [443, 8443] as const;
export const RTSP_PORTS = [554] as const;
/** Binary SDK ports that stay silent to text probes: Hikvision 8000, Dahua 37777, XiongMai 34567. */
export const BINARY_PORTS = [8000, 37777, 34567] as const;

export function basePort(port: number, offset: number): number {
  return port - offset;
}

export const isHttpPort = (port: number, offset: number) =>
  (HTTP_PORTS as readonly number[]).includes(basePort(port, offset));
export const isTlsPort = (port: number, offset: number) =>
  (TLS_PORTS as readonly number[]).includes(basePort(port, offset));
export const isRtspPort = (port: number, offset: number) =>
  (RTSP_PORTS as readonly number[]).includes(basePort(port, offset));
export const isKnownPort = (port: number, offset: number) =>
  isHttpPort(port, offset) ||
  isTlsPort(port, offset) ||
  isRtspPort(port, offset) ||
  (BINARY_PORTS as readonly number[]).includes(basePort(port, offset));
