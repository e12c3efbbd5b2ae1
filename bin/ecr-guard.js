#!/usr/bin/env node
// The CLI runs the same TypeScript modules as the Lambdas, compiled on the fly by tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
