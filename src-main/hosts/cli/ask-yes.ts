import { createInterface } from 'node:readline';

/** Ask a yes/no question on the terminal (false without one); its own module so tests can answer it. */
export async function askYes(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((r) => rl.question(question, r));
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** Whether there is a terminal to ask on. */
export const canAsk = (): boolean => Boolean(process.stdin.isTTY);
