#!/usr/bin/env node
// The `sieve` command's launcher (Node): registers tsx so the TypeScript CLI in scripts/cli runs
// straight from the source, with no build step, then hands it the arguments.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli/sieve.ts');
process.exitCode = await main(process.argv.slice(2));
