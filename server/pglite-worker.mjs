// PGlite in a worker thread (see PgliteDb in db.ts). PGlite runs PostgreSQL as WebAssembly on the
// thread that calls it, so a long statement on the main thread would stop every request; here it
// stops only this thread. Plain JS: worker threads start without the TypeScript loader in tests.
//
// Messages in:  { id, sql, params }  one statement (BEGIN/COMMIT included, ordered by the caller)
//               { id, close: true }  close the database
// Messages out: { id, rows } or { id, error: { message, code, detail } }
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const ready = PGlite.create(workerData.dataDir);

parentPort.on('message', async (message) => {
  try {
    const pglite = await ready;
    if (message.close) {
      await pglite.close();
      parentPort.postMessage({ id: message.id, rows: [] });
      return;
    }
    const result = await pglite.query(message.sql, message.params);
    parentPort.postMessage({ id: message.id, rows: result.rows });
  } catch (error) {
    const { message: text = String(error), code, detail } = error ?? {};
    parentPort.postMessage({ id: message.id, error: { message: text, code, detail } });
  }
});
