import type { Connection } from './connect.js';
import type { GlobalOptions } from './global-options.js';

/** Open a connection, run the command body, and always close it (so the process can exit). */
export async function withConnection<T>(
  open: (configDir: string) => Promise<Connection>,
  globals: GlobalOptions,
  body: (conn: Connection) => Promise<T>,
): Promise<T> {
  const conn = await open(globals.configDir);
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}
