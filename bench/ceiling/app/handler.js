// Each route handler: read the query (and JSON body), run the floor's work, answer JSON.
import { routes } from '../../shared/work.mjs';

export function route(key) {
  const work = routes[key];
  return async (request) => {
    const input = Object.fromEntries(new URL(request.url).searchParams);
    if (request.method === 'POST') {
      const text = await request.text();
      if (text) Object.assign(input, JSON.parse(text));
    }
    const { status, body } = await work(input);
    return Response.json(body, { status });
  };
}
