//! The webhook deliveries' own runtime: a few threads of their own (`WEBHOOK_THREADS`), and
//! optionally a lower CPU priority than the payout path (`WEBHOOK_NICE`).
//!
//! Notifications come after payouts. On the application's runtime, a thousand webhook attempts a
//! second (each a task, with up to `WEBHOOK_WORKERS` in flight) shared the scheduler's queues
//! with the results consumer, the outbox relay and the API, and the payouts' latency showed it.
//! The deliveries therefore run on a Tokio runtime of their own; the kernel then shares the CPU
//! between its threads and the application's. With `WEBHOOK_NICE` above 0 its worker threads
//! also get a higher nice value, so when both want the CPU the payout path gets the larger share
//! (a nice value only weighs the shares: deliveries are not starved). The runtime keeps its own
//! database pool (made inside it, so its connections are driven by it and never outlive it).
//!
//! Nothing about delivery changes: the loop that runs here is [`super::delivery::run_deliveries`],
//! with its leases, records and shutdown as before. Dropping the future [`Isolated::run`] returns
//! (a test's crash of the application) aborts the loop, as dropping it did when it shared the
//! application's runtime.

use std::future::Future;

/// Aborts the task when dropped.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A multi-threaded Tokio runtime of its own, whose worker threads may be less favoured by the
/// CPU scheduler than the thread that built it. Built first (so a failure stops the service's
/// start), then given one future to run.
pub struct Isolated {
    name: &'static str,
    runtime: tokio::runtime::Runtime,
}

impl Isolated {
    /// `threads` workers named `name`, each `nice` steps less favoured than the calling thread
    /// (0: as favoured).
    pub fn new(name: &'static str, threads: usize, nice: i32) -> std::io::Result<Self> {
        let base = current_nice();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .thread_name(name)
            .on_thread_start(move || lower_priority(base, nice))
            .enable_all()
            .build()?;
        Ok(Self { name, runtime })
    }

    /// Runs the future `make` builds on this runtime and resolves when that future has ended and
    /// the runtime is shut down. `make` is called inside the runtime, so pools and clients it
    /// creates belong to it. Dropping the returned future aborts the task.
    pub async fn run<F, Fut>(self, make: F)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let Self { name, runtime } = self;
        let task = {
            let _inside = runtime.enter();
            runtime.spawn(make())
        };
        let _abort = AbortOnDrop(task.abort_handle());
        let (done, ended) = tokio::sync::oneshot::channel();
        // A plain thread drives it and drops it: a runtime cannot be dropped inside another.
        let driver = std::thread::Builder::new()
            .name(format!("{name}-driver"))
            .spawn(move || {
                if let Err(e) = runtime.block_on(task)
                    && e.is_panic()
                {
                    tracing::error!(runtime = name, error = %e, "the isolated runtime's task panicked");
                }
                drop(runtime);
                let _ = done.send(());
            });
        match driver {
            Ok(_) => {
                let _ = ended.await;
            }
            Err(e) => {
                tracing::error!(runtime = name, error = %e, "cannot start the thread that drives the isolated runtime");
            }
        }
    }
}

/// The calling thread's nice value (0 where it cannot be read).
fn current_nice() -> i32 {
    #[cfg(target_os = "linux")]
    {
        rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        0
    }
}

/// Sets the calling thread's nice value to `base + by` (at most 19). On Linux a nice value is
/// per thread; raising it needs no privilege. Elsewhere, or when refused, the thread keeps its
/// priority and a warning says so.
fn lower_priority(base: i32, by: i32) {
    if by <= 0 {
        return;
    }
    #[cfg(target_os = "linux")]
    if let Err(e) =
        rustix::process::setpriority_process(Some(rustix::thread::gettid()), (base + by).min(19))
    {
        tracing::warn!(error = %e, "cannot lower a webhook thread's CPU priority; it keeps the process's");
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = base;
        tracing::warn!(
            "webhook threads keep the process's CPU priority: WEBHOOK_NICE is applied on Linux only"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The nice value of the calling thread, as the kernel reports it (`/proc/thread-self/stat`,
    /// field 19), not as this module computed it.
    #[cfg(target_os = "linux")]
    fn kernel_nice() -> i32 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        // The command name (field 2) is in parentheses and may hold spaces: count after it.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        after.split(' ').nth(16).unwrap().parse().unwrap()
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn the_future_runs_on_threads_of_its_own_at_the_lower_priority() {
        let here = kernel_nice();
        assert!(
            here <= 16,
            "this test needs room for 3 more nice steps: run it at nice 16 or less (now {here})"
        );
        let seen = Arc::new(Mutex::new(None));
        let record = seen.clone();
        Isolated::new("test-isolated", 2, 3)
            .unwrap()
            .run(move || async move {
                let name = std::thread::current().name().map(str::to_owned);
                *record.lock().unwrap() = Some((name, kernel_nice()));
            })
            .await;
        let (name, nice) = seen.lock().unwrap().clone().expect("the future ran");
        assert_eq!(name.as_deref(), Some("test-isolated"));
        assert_eq!(nice, here + 3);
        // The caller's own thread is untouched.
        assert_eq!(kernel_nice(), here);
    }

    #[tokio::test]
    async fn dropping_the_caller_aborts_the_task_and_ends_the_runtime() {
        let (alive_tx, alive_rx) = tokio::sync::oneshot::channel();
        let (gone_tx, gone_rx) = std::sync::mpsc::channel::<()>();
        let isolated = Isolated::new("test-abort", 1, 0).unwrap();
        let caller = tokio::spawn(isolated.run(move || async move {
            // Dropped (so `gone_tx` with it) only when the task is aborted.
            let _guard = gone_tx;
            let _ = alive_tx.send(());
            std::future::pending::<()>().await;
        }));
        alive_rx.await.unwrap();
        caller.abort();
        let _ = caller.await;
        // The sender was dropped: the task is gone, not running on.
        let ended = tokio::task::spawn_blocking(move || {
            gone_rx.recv_timeout(std::time::Duration::from_secs(10))
        })
        .await
        .unwrap();
        assert_eq!(ended, Err(std::sync::mpsc::RecvTimeoutError::Disconnected));
    }
}
