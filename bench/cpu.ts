/**
 * CPU time by group of processes, read from Linux's /proc: what a benchmark's work cost each part of the
 * system (engine, database, API, workers, station, the benchmark's own clients), and how busy the machine was.
 */
import fs from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** A process's own CPU milliseconds plus those of its reaped children (0 once it has gone). */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): state is field 3, utime…cstime are fields 14–17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

/** Process IDs whose command name (as /proc shows it) is `comm`. */
export function pidsNamed(comm: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === comm;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Busy and total CPU milliseconds of the whole machine since boot, over all cores. */
function machineMs(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = cpu[3] + cpu[4];
  return { busy: ((total - idle) * 1000) / TICKS, total: (total * 1000) / TICKS };
}

/** A reading of CPU time: milliseconds per group, and the machine's. */
export interface CpuReading {
  groups: Record<string, number>;
  machine: { busy: number; total: number };
}

/** Reads the CPU time of each group, `groups` naming the process IDs of each (read afresh every time). */
export function readCpu(groups: Record<string, () => number[]>): CpuReading {
  const out: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups))
    out[name] = pids().reduce((sum, pid) => sum + processCpuMs(pid), 0);
  return { groups: out, machine: machineMs() };
}

/** What happened between two readings: CPU milliseconds per group, and how busy the machine was (0..1). */
export function cpuBetween(before: CpuReading, after: CpuReading): { groups: Record<string, number>; busy: number } {
  const groups = Object.fromEntries(
    Object.keys(after.groups).map((k) => [k, after.groups[k] - (before.groups[k] ?? 0)]),
  );
  const total = after.machine.total - before.machine.total;
  return { groups, busy: total > 0 ? (after.machine.busy - before.machine.busy) / total : 0 };
}
