// Makes sure tests/browser/node_modules matches package-lock.json before anything imports
// from it. Uses only Node built-ins, so it can run before `npm ci`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Names of locked packages whose installed version differs from the lock (or is missing). */
export function verouderdePakketten(map) {
  const lock = JSON.parse(readFileSync(join(map, 'package-lock.json'), 'utf8'));
  const afwijkend = [];
  for (const [pad, info] of Object.entries(lock.packages ?? {})) {
    if (!pad.startsWith('node_modules/')) continue;
    const pj = join(map, pad, 'package.json');
    let versie = null;
    if (existsSync(pj)) {
      try {
        versie = JSON.parse(readFileSync(pj, 'utf8')).version;
      } catch {
        versie = null;
      }
    }
    if (versie !== info.version) afwijkend.push(`${pad.slice(13)}@${info.version} (heeft ${versie ?? 'niets'})`);
  }
  return afwijkend;
}

/** Runs `npm ci` in `map` when node_modules is missing or stale. Throws when npm fails. */
export function zorgVoorNodeModules(map) {
  const afwijkend = verouderdePakketten(map);
  if (afwijkend.length === 0) return false;
  console.log(`npm ci in ${map} (ontbreekt of verouderd: ${afwijkend.join(', ')})`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: map, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ci faalde (exitcode ${r.status ?? r.signal})`);
  const nog = verouderdePakketten(map);
  if (nog.length) throw new Error(`na npm ci nog steeds afwijkend: ${nog.join(', ')}`);
  return true;
}
