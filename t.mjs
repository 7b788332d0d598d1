import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
const db = await PGlite.create('memory://');
const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 20 });
await server.start();
const port = Number(server.getServerConn().split(':').pop());
const mk = () => postgres({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1, onnotice(){} });
const a = mk(), b = mk();
process.on('uncaughtException', e => { console.log('UNCAUGHT', e.message); });
await a`create table if not exists t (id serial primary key, n int unique)`;
const work = (sql, base) => Promise.all(Array.from({length: 40}, (_, i) => i % 4 === 0
  ? sql.begin(async tx => { await tx`insert into t (n) values (${base + i})`; await new Promise(r=>setTimeout(r,5)); if (i % 8 === 0) throw new Error('rb'); return 'ok'; }).catch(e=>e.message)
  : sql`select ${i}::int as i, (select count(*) from t)::int as c`.then(x => x[0].i === i ? 'ok' : 'BAD').catch(e=>'E:' + e.message)));
const [ra, rb] = await Promise.all([work(a, 0), work(b, 1000)]);
console.log(ra.filter(x=>x!=='ok'), rb.filter(x=>x!=='ok'));
console.log((await a`select count(*)::int c from t`)[0]);
// conflict with unique in tx on different connections
const r = await Promise.all([a, b].map(sql => sql.begin(async tx => { await tx`insert into t (n) values (${5555})`; return 'ins'; }).catch(e => e.code)));
console.log(r);
await a.end(); await b.end(); await server.stop(); await db.close();
