/**
 * The deadline of work handed to another thread (a compile worker's batch, pdf.js's PDF). When it
 * passes, `check` runs only after the answers that arrived meanwhile have been read: a thread busy
 * for longer than the deadline leaves them unread, and its timers run before them, which would
 * stop work that was done. So `check` must look whether the work is still unanswered.
 */
export function threadDeadline(ms: number, check: () => void): NodeJS.Timeout {
  // Answers waiting on the thread's message port are read before `setImmediate` callbacks run.
  return setTimeout(() => setImmediate(check), ms);
}
