/**
 * @module probes/net/tls-options
 * How the probes speak TLS to a device. Certificates are read, not trusted (cameras ship
 * self-signed ones), and every protocol version and cipher suite OpenSSL still has is offered,
 * because old firmware offers only what modern defaults refuse: TLS 1.0 or 1.1 (Node's floor is
 * 1.2), RSA-key-exchange CBC suites only (an Axis M5054 on 6.53.4, AlexxIT/go2rtc#2383), suites
 * below OpenSSL's default security level (camera integrations use `ALL:@SECLEVEL=0`:
 * kopiro/homebridge-tapo-camera#213, as pytapo does), and no secure renegotiation. The scanner
 * reads what a device presents; it keeps no secret worth a stronger session than the device has.
 */
import { constants } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';

export const DEVICE_TLS = {
  rejectUnauthorized: false,
  minVersion: 'TLSv1',
  ciphers: 'ALL:@SECLEVEL=0',
  secureOptions: constants.SSL_OP_LEGACY_SERVER_CONNECT,
} as const satisfies ConnectionOptions;
