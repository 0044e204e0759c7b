/**
 * The README's options reference, generated from the commander definition of the CLI so it
 * cannot drift from `oemscan --help`. Run by test/cli/options-table.test.ts, which fails when
 * the README differs and rewrites it with `npm run docs:options`.
 *
 * The program is taken from src/cli/main.ts as it is: importing that module builds the program
 * and calls `parse`/`parseAsync`; while the module loads, those two methods are replaced by
 * ones that only record which command they were called on, so no command runs.
 */
import { type Argument, Command, type Option } from 'commander';

export const START_MARKER = '<!-- options:start -->';
export const END_MARKER = '<!-- options:end -->';

/** Imports the CLI entry module with parsing disabled and returns the program it built. */
export async function captureProgram(load: () => Promise<unknown>): Promise<Command> {
  const proto = Command.prototype as unknown as Record<'parse' | 'parseAsync', unknown>;
  const { parse, parseAsync } = proto;
  let program: Command | undefined;
  proto.parse = function (this: Command) {
    program ??= this;
    return this;
  };
  proto.parseAsync = async function (this: Command) {
    program ??= this;
    return this;
  };
  try {
    await load();
  } finally {
    proto.parse = parse;
    proto.parseAsync = parseAsync;
  }
  if (!program) throw new Error('the CLI module built no program (it never called parse or parseAsync)');
  return program;
}

/** A Markdown table cell: pipes escaped, line breaks folded. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return text === '' ? '' : `\`${cell(text)}\``;
}

/** A Markdown table cell of prose: also no emphasis and no HTML from the text. */
function prose(text: string): string {
  return cell(text).replace(/\*/g, '\\*').replace(/</g, '&lt;');
}

/**
 * The default as commander holds it, unless the description states the default itself (a default
 * computed where the program is built, such as the lab's port offset for root, would otherwise
 * make the table depend on who generated it).
 */
function defaultOf(opt: Option): string {
  if (/\bdefault\b/i.test(opt.description)) return '';
  if (opt.defaultValueDescription !== undefined) return opt.defaultValueDescription;
  const v: unknown = opt.defaultValue;
  if (v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

function argumentTerm(arg: Argument): string {
  const name = `${arg.name()}${arg.variadic ? '...' : ''}`;
  return arg.required ? `<${name}>` : `[${name}]`;
}

function argumentDefault(arg: Argument): string {
  const v: unknown = arg.defaultValue;
  if (v === undefined) return '';
  return arg.defaultValueDescription ?? (Array.isArray(v) ? v.join(',') : String(v));
}

/** Identity of an option for "same as another command" grouping. */
function key(opt: Option): string {
  return JSON.stringify([opt.flags, opt.description, defaultOf(opt)]);
}

interface Section {
  path: string;
  usage: string;
  description: string;
  args: readonly Argument[];
  options: Option[];
}

function sections(program: Command): Section[] {
  const help = program.createHelp();
  const out: Section[] = [];
  const walk = (cmd: Command, path: string): void => {
    const options = help.visibleOptions(cmd).filter((o) => o.long !== '--help');
    const args = cmd.registeredArguments;
    if (options.length > 0 || args.length > 0 || cmd === program)
      out.push({ path, usage: cmd.usage(), description: cmd.description(), args, options });
    for (const sub of help.visibleCommands(cmd)) {
      if (sub.name() === 'help') continue;
      walk(sub, `${path} ${sub.name()}`);
    }
  };
  walk(program, program.name());
  return out;
}

/** The Markdown between the markers (markers excluded), ending with a newline. */
export function renderOptionsTable(program: Command): string {
  const lines: string[] = [
    '<!-- generated from src/cli by test/cli/options-table.test.ts; rewrite with `npm run docs:options` -->',
    '',
  ];
  const done: Section[] = [];
  for (const s of sections(program)) {
    const global = s.path === program.name();
    lines.push(`#### \`${s.path} ${s.usage}\``, '');
    lines.push(prose(global ? `${s.description} Its options apply to every command.` : s.description));
    lines.push('');
    // A command that repeats most options of an earlier one (demo takes scan's) says so.
    const keys = new Set(s.options.map(key));
    const shared = (d: Section) => d.options.filter((o) => keys.has(key(o))).length;
    const base = done
      .filter((d) => shared(d) >= 5 && shared(d) * 2 >= d.options.length)
      .sort((a, b) => shared(b) - shared(a))[0];
    const baseKeys = new Set(base?.options.map(key));
    const own = s.options.filter((o) => !baseKeys.has(key(o)));
    if (base) {
      const missing = base.options.filter((o) => !keys.has(key(o))).map((o) => code(o.long ?? o.flags));
      const except = missing.length > 0 ? ` except ${missing.join(', ')}` : '';
      lines.push(`Every option of \`${base.path}\`${except}${own.length > 0 ? ', and:' : '.'}`, '');
    }
    if (own.length > 0 || s.args.length > 0) {
      lines.push('| option | default | meaning |', '|---|---|---|');
      for (const a of s.args)
        lines.push(`| ${code(argumentTerm(a))} | ${code(argumentDefault(a))} | ${prose(a.description)} |`);
      for (const o of own)
        lines.push(`| ${code(o.flags)} | ${code(defaultOf(o))} | ${prose(o.description)} |`);
      lines.push('');
    }
    done.push(s);
  }
  lines.push('Every command also takes `-h, --help`.');
  return `${lines.join('\n')}\n`;
}

/** `text` with the part between the markers replaced by `table`; throws without both markers. */
export function replaceOptionsTable(text: string, table: string): string {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`no ${START_MARKER} ... ${END_MARKER} section`);
  return `${text.slice(0, start + START_MARKER.length)}\n${table}${text.slice(end)}`;
}
