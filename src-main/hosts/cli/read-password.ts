import { createInterface } from 'node:readline';
import { CliError, EXIT } from './exit-codes.js';

/** All of standard input, without its final newline (`--password-stdin`). */
export async function readStdinLine(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** Ask on the terminal without echoing what is typed. */
export function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(new CliError('No terminal to ask for the password on: give it with --password-stdin (or HOTBACKUP_PASSWORD for --server).', EXIT.BAD_INPUT));
  }
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    out._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** A new password: from stdin, or typed twice on the terminal. */
export async function readNewPassword(fromStdin: boolean, who: string): Promise<string> {
  if (fromStdin) return readStdinLine();
  const first = await promptHidden(`New password for ${who}: `);
  const second = await promptHidden('Type it again: ');
  if (first !== second) throw new CliError('The two passwords differ; nothing was changed. Try again.', EXIT.BAD_INPUT);
  return first;
}
