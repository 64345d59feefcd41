// Reading a command's input file ("-": standard input) the same way in every command: on failure
// one line naming the file and what went wrong ("no such file (ENOENT)"), never Node's raw text.
import { readFileSync } from 'node:fs';
import { quoteText } from '../lib/quote';
import { showArg } from './args';

/** Why a file could not be read, in words. */
export function readProblem(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const known: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a directory', EACCES: 'permission denied', ENAMETOOLONG: 'the name is too long', ENOTDIR: 'a part of the path is not a directory' };
  if (typeof code === 'string') return known[code] ? `${known[code]} (${code})` : code;
  return quoteText(String((err as Error).message ?? err), 200);
}

/** The text of `file` (or standard input for "-"), or null after writing "sim CMD: cannot read FILE: why". */
export function readInputText(command: string, file: string): string | null {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    process.stderr.write(`sim ${command}: cannot read ${showArg(file)}: ${readProblem(err)}\n`);
    return null;
  }
}
