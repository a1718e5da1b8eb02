/**
 * Reading a Chromium timeline trace of one benchmark phase: the page's main thread only (the
 * renderer of the tab's main frame), by thread time (CPU time the thread actually ran, so a
 * loaded machine slows the figures less than wall time does), and which part of each task an
 * extension's script took, from the V8 sampling profiler's stacks recorded in the same trace.
 */

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  id?: string;
  args?: Record<string, unknown>;
}

/** Categories to start tracing with: tasks with thread time, and the sampling profiler. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler'].join(',');

/** A task is long from this much thread time (the Long Tasks API's 50 ms, on an idle machine). */
export const LONG_TASK_MS = 50;

export interface PhaseTrace {
  /** Thread time of every task of the page's main thread, ms. */
  threadMs: number;
  /** The same tasks' wall time, ms (inflated by the machine's load). */
  wallMs: number;
  tasks: number;
  /** Thread time the script took (its share of each task's samples times the task's thread time), ms. */
  scriptMs: number;
  /** Tasks of more than LONG_TASK_MS thread time. */
  longTasks: number;
  longestMs: number;
  /** Long tasks the script made long: without its share they would not be long. */
  scriptLongTasks: number;
  /** The script's largest share of one task, ms. */
  scriptLongestMs: number;
}

interface Sample {
  ts: number;
  mine: boolean;
}

interface CpuNode {
  id: number;
  parent?: number;
  callFrame: { url?: string; functionName?: string };
}

/** The main frame's renderer and its main thread. */
function pageThread(events: TraceEvent[]): { pid: number; tid: number } | null {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const frames = (started?.args?.data as { frames?: { isOutermostMainFrame?: boolean; processId?: number }[] } | undefined)?.frames ?? [];
  const pid = frames.find((f) => f.isOutermostMainFrame)?.processId;
  if (pid === undefined) return null;
  const thread = events.find((e) => e.pid === pid && e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string }).name === 'CrRendererMain');
  return thread ? { pid, tid: thread.tid } : null;
}

/**
 * Samples of the thread's sampling profile, each marked as the script's when any frame of its
 * stack comes from `scriptPrefix` (the DOM work a script asks for runs under its frames).
 */
function samples(events: TraceEvent[], pid: number, tid: number, scriptPrefix: string | null): Sample[] {
  // A profile's chunks share its id; the nodes come over several chunks, parents first.
  const profiles = new Map<string, { nodes: Map<number, CpuNode>; mine: Map<number, boolean>; time: number; out: Sample[] }>();
  const ownId = new Set(events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id));
  const result: Sample[] = [];
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid || !e.id || !ownId.has(e.id)) continue;
    let profile = profiles.get(e.id);
    if (!profile) {
      const start = events.find((p) => p.name === 'Profile' && p.id === e.id);
      const startTime = (start?.args?.data as { startTime?: number } | undefined)?.startTime ?? e.ts;
      profiles.set(e.id, (profile = { nodes: new Map(), mine: new Map(), time: startTime, out: result }));
    }
    const data = (e.args?.data ?? {}) as { cpuProfile?: { nodes?: CpuNode[]; samples?: number[] }; timeDeltas?: number[] };
    for (const node of data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    const isMine = (id: number): boolean => {
      const known = profile!.mine.get(id);
      if (known !== undefined) return known;
      const node = profile!.nodes.get(id);
      const own = !!scriptPrefix && !!node?.callFrame.url?.startsWith(scriptPrefix);
      const value = own || (node?.parent !== undefined && isMine(node.parent));
      profile!.mine.set(id, value);
      return value;
    };
    ids.forEach((id, i) => {
      profile!.time += deltas[i] ?? 0;
      result.push({ ts: profile!.time, mine: isMine(id) });
    });
  }
  return result.sort((a, b) => a.ts - b.ts);
}

/** Sums up one phase's trace. `scriptPrefix` is the extension's origin (chrome-extension://<id>/), or null. */
export function summarize(events: TraceEvent[], scriptPrefix: string | null): PhaseTrace {
  const summary: PhaseTrace = { threadMs: 0, wallMs: 0, tasks: 0, scriptMs: 0, longTasks: 0, longestMs: 0, scriptLongTasks: 0, scriptLongestMs: 0 };
  const thread = pageThread(events);
  if (!thread) return summary;
  const tasks = events
    .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.name === 'RunTask')
    .sort((a, b) => a.ts - b.ts);
  const sampled = samples(events, thread.pid, thread.tid, scriptPrefix);
  let end = -Infinity;
  let cursor = 0;
  for (const task of tasks) {
    // Nested run loops show tasks inside tasks: count the outer one only.
    if (task.ts < end) continue;
    const dur = task.dur ?? 0;
    end = task.ts + dur;
    const threadMs = (task.tdur ?? dur) / 1000;
    summary.tasks += 1;
    summary.threadMs += threadMs;
    summary.wallMs += dur / 1000;
    while (cursor < sampled.length && sampled[cursor]!.ts < task.ts) cursor += 1;
    let all = 0;
    let mine = 0;
    for (let i = cursor; i < sampled.length && sampled[i]!.ts <= end; i += 1) {
      all += 1;
      if (sampled[i]!.mine) mine += 1;
    }
    const scriptMs = all ? (threadMs * mine) / all : 0;
    summary.scriptMs += scriptMs;
    summary.scriptLongestMs = Math.max(summary.scriptLongestMs, scriptMs);
    summary.longestMs = Math.max(summary.longestMs, threadMs);
    if (threadMs > LONG_TASK_MS) {
      summary.longTasks += 1;
      if (threadMs - scriptMs <= LONG_TASK_MS) summary.scriptLongTasks += 1;
    }
  }
  return summary;
}
