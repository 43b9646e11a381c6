// CPU seconds (user + system) read from /proc: of a process (every thread) or one of its threads,
// of all PostgreSQL processes, and of the machine (busy and idle).
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100;

const seconds = (statFile) => {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
};

/** CPU seconds of a process, every thread. */
export const cpuOf = (pid) => seconds(`/proc/${pid}/stat`);

/** CPU seconds of one thread of a process (default: this one); a main thread's id is its process id. */
export const threadCpuOf = (tid, pid = 'self') => seconds(`/proc/${pid}/task/${tid}/stat`);

const isPostgres = (pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';

/**
 * CPU seconds of PostgreSQL: every live postgres process, plus what the ended ones used (a
 * backend's CPU stays counted in its postmaster's "children" times once it has exited).
 */
export const postgresCpu = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .reduce((sum, pid) => {
      try {
        if (!isPostgres(pid)) return sum;
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        const own = Number(fields[11]) + Number(fields[12]);
        const ended = isPostgres(fields[1]) ? 0 : Number(fields[13]) + Number(fields[14]);
        return sum + (own + ended) / TICK;
      } catch {
        return sum; // ended meanwhile
      }
    }, 0);

/** Busy and idle CPU seconds of the whole machine. */
export const machineCpu = () => {
  const [, user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .split(/\s+/)
    .map(Number);
  return { busy: (user + nice + system + irq + softirq + steal) / TICK, idle: (idle + iowait) / TICK };
};
