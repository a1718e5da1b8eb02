import { rmSync } from 'node:fs';
import path from 'node:path';

/** Each run starts a fresh counts file; the tests append to it (a failed test restarts the worker). */
export default function globalSetup(): void {
  rmSync(path.resolve(import.meta.dirname, '../.artifacts/reference-counts.json'), { force: true });
}
