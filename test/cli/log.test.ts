/**
 * Logs: readable lines on a terminal, pino's JSON elsewhere; secrets redacted either way;
 * a device's control characters never reach the terminal raw.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, formatLogLine } from '../../src/util/log.js';

function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) } };
}

describe('log format', () => {
  it('is JSON when the stream is not a terminal (auto)', () => {
    const { lines, stream } = sink(false);
    createLogger('info', { stream }).info({ addresses: 3 }, 'scan starting');
    const rec = JSON.parse(lines[0] ?? '');
    expect(rec).toMatchObject({ level: 30, msg: 'scan starting', addresses: 3, name: 'oemscan' });
  });

  it('is one readable line on a terminal (auto), with the probe and the fields', () => {
    const { lines, stream } = sink(true);
    const log = createLogger('info', { stream });
    log.child({ probe: 'http' }).warn({ host: '127.0.0.1', port: 80 }, 'slow answer');
    expect(lines).toHaveLength(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the line-clear and colour codes
    const plain = (lines[0] ?? '').replace(/\r|\u001b\[[0-9;]*[mK]/g, '');
    expect(plain).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN +\[http\] slow answer host=127\.0\.0\.1 port=80\n$/);
    expect(() => JSON.parse(plain)).toThrow();
  });

  it('--log-format forces either', () => {
    const a = sink(false);
    createLogger('info', { stream: a.stream, format: 'pretty' }).info('x');
    expect(a.lines[0]).toMatch(/INFO +x\n$/);
    const b = sink(true);
    createLogger('info', { stream: b.stream, format: 'json' }).info('x');
    expect(JSON.parse(b.lines[0] ?? '').msg).toBe('x');
  });

  it('redacts secrets in the readable form too', () => {
    const { lines, stream } = sink(true);
    createLogger('info', { stream, format: 'pretty' }).info(
      { password: 'hunter2', headers: { authorization: 'Basic YWRtaW46aHVudGVyMg==' } },
      'login',
    );
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).not.toContain('YWRtaW46');
    expect(lines[0]).toContain('[redacted]');
  });

  it('escapes control characters (a banner can carry terminal escapes)', () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 40,
        time: 0,
        msg: 'banner \u001b]0;pwned\u0007',
        banner: 'a\u001b[2Jb\u009bc',
      }),
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none are left
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toContain('\\u001b');
  });

  it('shows an error by its message and keeps a line that is not JSON as it is', () => {
    expect(
      formatLogLine(
        JSON.stringify({ level: 50, time: 0, msg: 'probe threw', err: { message: 'boom', stack: 'x\ny' } }),
      ),
    ).toContain('err=boom');
    expect(formatLogLine('not json\n')).toBe('not json');
  });
});
