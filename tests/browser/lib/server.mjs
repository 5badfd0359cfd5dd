// Starts the real jeugdstuur binary on a fresh data dir and a free port, and stops it again.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const URL_REGEL = /draait op (http:\/\/\S+?)\/?(\s|$)/;

/** Runs `bin args...` to completion; rejects with the tail of its output on failure. */
export function voerUit(bin, args, { timeoutMs, log }) {
  return new Promise((resolve, reject) => {
    const kind = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let staart = '';
    const bewaar = (stuk) => {
      log?.write(stuk);
      staart = (staart + stuk.toString()).slice(-4000);
    };
    kind.stdout.on('data', bewaar);
    kind.stderr.on('data', bewaar);
    const klok = setTimeout(() => {
      kind.kill('SIGKILL');
      reject(new Error(`${bin} ${args.join(' ')}: na ${timeoutMs / 1000} s nog niet klaar; gestopt\n${staart}`));
    }, timeoutMs);
    kind.on('error', (e) => {
      clearTimeout(klok);
      reject(new Error(`${bin} kon niet starten: ${e.message}`));
    });
    kind.on('exit', (code, signaal) => {
      clearTimeout(klok);
      if (code === 0) resolve();
      else reject(new Error(`${bin} ${args.join(' ')} eindigde met ${code ?? signaal}\n${staart}`));
    });
  });
}

/**
 * Starts `bin serve --data dir --addr 127.0.0.1:0` and resolves with { url, stop } as soon as
 * the server prints the line with its real address. `stop()` sends SIGINT (graceful shutdown)
 * and SIGKILL after `stopMs`; it is safe to call more than once.
 */
export function startServer(bin, data, { timeoutMs, logPad, stopMs = 10_000, env = process.env }) {
  const log = createWriteStream(logPad);
  const kind = spawn(bin, ['serve', '--data', data, '--addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let staart = '';
  let beeindigd = null;
  const klaar = new Promise((resolve) =>
    kind.on('exit', (code, signaal) => {
      beeindigd = code ?? signaal;
      resolve();
    }),
  );
  kind.stderr.on('data', (stuk) => {
    log.write(stuk);
    staart = (staart + stuk.toString()).slice(-4000);
  });

  let gestopt = null;
  const stop = () => {
    gestopt ??= (async () => {
      if (beeindigd === null) {
        kind.kill('SIGINT');
        const opTijd = await Promise.race([
          klaar.then(() => true),
          new Promise((r) => setTimeout(() => r(false), stopMs).unref()),
        ]);
        if (!opTijd) {
          console.log(`server reageerde niet binnen ${stopMs / 1000} s op SIGINT: SIGKILL`);
          kind.kill('SIGKILL');
          await klaar;
        }
      }
      await new Promise((r) => log.end(r));
      return beeindigd;
    })();
    return gestopt;
  };
  // Last resort when the runner itself dies: never leave a server behind.
  const bijAfsluiten = () => {
    if (beeindigd === null) kind.kill('SIGKILL');
  };
  process.once('exit', bijAfsluiten);

  const url = new Promise((resolve, reject) => {
    const klok = setTimeout(() => {
      reject(new Error(`server meldde binnen ${timeoutMs / 1000} s geen adres\n${staart}`));
    }, timeoutMs);
    kind.on('error', (e) => {
      clearTimeout(klok);
      reject(new Error(`${bin} kon niet starten: ${e.message}`));
    });
    klaar.then(() => {
      clearTimeout(klok);
      reject(new Error(`server stopte (${beeindigd}) voordat hij een adres meldde\n${staart}`));
    });
    createInterface({ input: kind.stdout }).on('line', (regel) => {
      log.write(regel + '\n');
      const m = URL_REGEL.exec(regel);
      if (m) {
        clearTimeout(klok);
        resolve(m[1]);
      }
    });
  });
  return { url, stop, pid: kind.pid };
}
