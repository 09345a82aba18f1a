import type { Connection } from './connect.js';
import type { GlobalOptions } from './global-options.js';
import { connectServer } from './remote-connect.js';

/** Open a connection (to --server when given), run the command body, and always close it (so the process can exit). */
export async function withConnection<T>(
  open: (configDir: string) => Promise<Connection>,
  globals: GlobalOptions,
  body: (conn: Connection) => Promise<T>,
): Promise<T> {
  const conn = globals.server ? await connectServer(globals.configDir, globals.server) : await open(globals.configDir);
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}
