// Ctrl-C or a CI kill must not leave a server or browser behind: run registered cleanups, then exit.
type Cleanup = () => Promise<void>;
const cleanups = new Set<Cleanup>();
let installed = false;

export function onInterrupt(cleanup: Cleanup): () => void {
  if (!installed) {
    installed = true;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        void Promise.allSettled([...cleanups].map((run) => run())).then(() => process.exit(130));
      });
    }
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
