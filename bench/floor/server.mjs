// The floor: node:http + postgres.js doing the hot paths' database work and nothing
// else (bench/shared/work.mjs). The physical limit of this work on this machine.
// PORT, DATABASE_URL, DATABASE_POOL_MAX from the environment.
import http from 'node:http';
import { routes } from '../shared/work.mjs';

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://floor');
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) return reply(res, 404, { status: 404 });
    const input = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      if (chunks.length) Object.assign(input, JSON.parse(Buffer.concat(chunks).toString('utf8')));
    }
    const { status, body } = await handler(input);
    reply(res, status, body);
  } catch (error) {
    console.error(error);
    reply(res, 500, { status: 500 });
  }
});

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`floor ready on ${process.env.PORT}`);
});
