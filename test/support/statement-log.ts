// Counts the SQL statements an app runs, by standing between it and PostgreSQL: a TCP
// relay that forwards every byte both ways and reads the client's side of the wire
// protocol. Each execution is a Bind (extended protocol: the statement named in it, whose
// text came in an earlier Parse on that connection) or a simple Query. Nothing in the app
// changes: it is started with DATABASE_URL pointing at the relay.
import net from 'node:net';

export type StatementLog = {
  /** DATABASE_URL for the app: the same database, through the relay. */
  url: string;
  /** The statements executed since the last reset, in order (SQL text). */
  statements: () => string[];
  reset: () => void;
  close: () => Promise<void>;
};

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** A C string at `offset` of `buffer`: its text and the offset after its NUL. */
function cString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString('utf8', offset, end), end + 1];
}

export async function startStatementLog(databaseUrl: string): Promise<StatementLog> {
  const target = new URL(databaseUrl);
  let executed: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const statements = new Map<string, string>(); // prepared statement name → SQL, per connection
    let pending = Buffer.alloc(0);
    let startup = true;

    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (startup) {
          // startup packets have no type byte: length, then a request code
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const type = String.fromCharCode(pending[0] ?? 0);
        const body = pending.subarray(5, 1 + length);
        pending = pending.subarray(1 + length);
        if (type === 'Q') executed.push(cString(body, 0)[0]);
        else if (type === 'P') {
          const [name, next] = cString(body, 0);
          statements.set(name, cString(body, next)[0]);
        } else if (type === 'B') {
          const [, next] = cString(body, 0); // portal
          const [name] = cString(body, next);
          executed.push(statements.get(name) ?? `<unknown statement ${name}>`);
        }
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('statement log: no port');

  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.href,
    statements: () => [...executed],
    reset: () => {
      executed = [];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
