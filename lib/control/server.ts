// The app's control socket (DATA_DIR/control.sock, owner-only): while the app holds
// the embedded database, the CLI sends its commands here instead of opening it.
// One JSON line in, one JSON line out. Whoever can connect runs any CLI command, so the
// socket is created owner-only (under umask 077) in an owner-only DATA_DIR: there is no
// moment in which another user could reach it.
import { chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensurePrivateDataDir } from '../data-dir';
import { log } from '../log';
import { isCommandName, runCommand } from './commands';

const globalForControl = globalThis as unknown as { __uauthControl?: net.Server };

export function startControlServer(socketPath: string): void {
  if (globalForControl.__uauthControl) return;
  ensurePrivateDataDir(path.dirname(socketPath));
  rmSync(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline === -1) {
        if (buffer.length > 64 * 1024) socket.destroy();
        return;
      }
      const line = buffer.slice(0, newline);
      void handle(line).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
    socket.on('error', () => {});
  });
  server.on('error', (error) => log.error('control socket', { err: error }));
  // A Unix socket is created (bound) synchronously inside listen(), with the mode the
  // umask leaves: 077 makes it owner-only from its first moment.
  const umask = process.umask(0o077);
  try {
    server.listen(socketPath, () => chmodSync(socketPath, 0o600));
  } finally {
    process.umask(umask);
  }
  process.once('exit', () => rmSync(socketPath, { force: true }));
  globalForControl.__uauthControl = server;
}

async function handle(line: string): Promise<{ ok: true; result: unknown } | { ok: false; error: string }> {
  try {
    const request = JSON.parse(line) as { command?: unknown; args?: unknown };
    if (typeof request.command !== 'string' || !isCommandName(request.command))
      return { ok: false, error: `unknown command ${String(request.command)}` };
    return { ok: true, result: await runCommand(request.command, request.args ?? {}) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** CLI side: send one command to the running app. */
export function sendControlCommand(socketPath: string, command: string, args: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(30_000, () => socket.destroy(new Error('the running app did not answer within 30 s')));
    socket.on('connect', () => socket.write(`${JSON.stringify({ command, args })}\n`));
    socket.on('data', (chunk: string) => (buffer += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        const reply = JSON.parse(buffer) as { ok: boolean; result?: unknown; error?: string };
        if (reply.ok) resolve(reply.result);
        else reject(new Error(reply.error ?? 'command failed'));
      } catch {
        reject(new Error('the running app sent an unreadable reply'));
      }
    });
  });
}
