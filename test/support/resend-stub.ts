// A local stand-in for the Resend API that the real `resend` SDK talks to through
// RESEND_BASE_URL. It records every request and can be told to fail or to hang.
import http from 'node:http';

export type RecordedEmail = {
  headers: http.IncomingHttpHeaders;
  body: { from: string; to: string | string[]; subject: string; html?: string; text?: string };
};

export type ResendStub = {
  url: string;
  emails: RecordedEmail[];
  /** 'ok' answers 200 {id}; 'fail' answers 500 (or `failStatus`); 'hang' never answers. */
  mode: 'ok' | 'fail' | 'hang';
  failStatus: number;
  /** Milliseconds to wait before answering (a slow provider). */
  delayMs: number;
  close: () => Promise<void>;
};

export async function startResendStub(): Promise<ResendStub> {
  const hanging = new Set<http.ServerResponse>();
  const stub: ResendStub = {
    url: '',
    emails: [],
    mode: 'ok',
    failStatus: 500,
    delayMs: 0,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  let next = 1;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/emails') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"name":"not_found","message":"no route"}');
        return;
      }
      if (stub.mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (stub.mode === 'fail') {
        res.writeHead(stub.failStatus, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            statusCode: stub.failStatus,
            name: 'internal_server_error',
            message: 'stub told to fail',
          }),
        );
        return;
      }
      stub.emails.push({ headers: req.headers, body: JSON.parse(raw) as RecordedEmail['body'] });
      const answer = () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `stub-${next++}` }));
      if (stub.delayMs > 0) setTimeout(answer, stub.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('stub has no port');
  stub.url = `http://127.0.0.1:${address.port}`;
  return stub;
}
