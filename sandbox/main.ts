/**
 * `npm start`: the local sandbox (see sandbox/cli.ts).
 */
import { sandboxCommand } from './cli.ts';

const code = await sandboxCommand(process.argv.slice(2));
// The handlers' SDK clients, built at module scope as in Lambda, are never destroyed: exit
// once the output is flushed rather than wait for their sockets to time out.
process.stdout.write('', () => process.exit(code));
