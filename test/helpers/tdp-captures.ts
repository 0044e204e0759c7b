/**
 * TP-Link discovery answers as python-kasa recorded them from real devices (its fixtures'
 * `discovery_result`, python-kasa/python-kasa tests/fixtures/smartcam @a29d0610bacd084a2197a7025cf083d4d2a51b02;
 * the project masks names, ids and the MAC's device half, and adds a `decrypted_data` key that is
 * not on the wire, left out here). Put on the wire by src/lab/tdp-wire.ts.
 */

/** Tapo C210 camera, hardware 2.0 (C210(EU)_2.0_1.4.3.json). */
export const TDP_C210_ANSWER = {
  error_code: 0,
  result: {
    device_id: '00000000000000000000000000000000',
    device_model: 'C210',
    device_name: '#MASKED_NAME#',
    device_type: 'SMART.IPCAMERA',
    encrypt_info: { data: '', key: '', sym_schm: 'AES' },
    encrypt_type: ['3'],
    factory_default: false,
    firmware_version: '1.4.3 Build 241010 Rel.33858n',
    hardware_version: '2.0',
    ip: '127.0.0.123',
    is_support_iot_cloud: true,
    mac: '40-AE-30-00-00-00',
    mgt_encrypt_schm: { is_support_https: true },
    protocol_version: 1,
  },
};

/** Tapo D130 video doorbell (D130(US)_1.0_1.1.9.json). */
export const TDP_D130_ANSWER = {
  error_code: 0,
  result: {
    device_id: '00000000000000000000000000000000',
    device_model: 'D130',
    device_name: '#MASKED_NAME#',
    device_type: 'SMART.TAPODOORBELL',
    encrypt_info: { data: '', key: '', sym_schm: 'AES' },
    encrypt_type: ['3'],
    factory_default: false,
    firmware_version: '1.1.9 Build 240716 Rel.51615n',
    hardware_version: '1.0',
    ip: '127.0.0.123',
    isResetWiFi: false,
    is_support_iot_cloud: true,
    mac: '40-AE-30-00-00-00',
    mgt_encrypt_schm: { is_support_https: true },
  },
};
