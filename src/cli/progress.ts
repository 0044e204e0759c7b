/**
 * @module cli/progress
 * One self-overwriting progress line on stderr, only when stderr is a terminal.
 */
import { clip, terminalWidth } from '../util/term.js';

const width = (stream: NodeJS.WriteStream) => {
  const w = terminalWidth(stream);
  return w === undefined ? undefined : Math.max(1, w - 1);
};

export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const started = Date.now();
  let last = 0;
  return {
    update(done: number, total: number, responsive: number) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const elapsed = (now - started) / 1000;
      const eta = done > 0 ? Math.round((elapsed / done) * (total - done)) : 0;
      // A wrapped line could not be overwritten with \r: it is cut to the terminal's width.
      const line = clip(
        `scanned ${done}/${total} addresses, ${responsive} responsive, ETA ${eta}s`,
        width(stream),
      );
      stream.write(`\r\u001b[2K${line}`);
    },
    done() {
      stream.write('\r\u001b[2K');
    },
  };
}
