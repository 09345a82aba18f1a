import { runCli } from './main.js';

// The bundled entry of `hotbackup` (dist/cli.js).
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
