//! Combining concurrent requests into batches: callers queue an item and await its own answer;
//! a few worker tasks each take whatever is queued (up to one batch) and answer the whole batch
//! with one database round trip. Under light load a batch holds one item and nothing waits; under
//! heavy load the per-statement costs (round trips, commits, WAL flushes) are shared.

use std::future::Future;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// One queued item and where its answer goes.
pub struct Request<T, R> {
    /// What the caller asked for.
    pub item: T,
    /// The caller's answer (dropped unanswered if the caller gave up waiting).
    pub reply: oneshot::Sender<R>,
}

/// A handle for queueing items; clone it freely.
pub struct Batcher<T, R> {
    queue: mpsc::Sender<Request<T, R>>,
}

impl<T, R> Clone for Batcher<T, R> {
    fn clone(&self) -> Self {
        Self {
            queue: self.queue.clone(),
        }
    }
}

impl<T: Send + 'static, R: Send + 'static> Batcher<T, R> {
    /// Starts `workers` tasks, each handing up to `max_batch` queued requests at a time to
    /// `handle`, which must answer every request it gets. The tasks stop once every handle is
    /// dropped and the queue is empty.
    pub fn spawn<F, Fut>(workers: usize, max_batch: usize, handle: F) -> Self
    where
        F: Fn(Vec<Request<T, R>>) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        Self::spawn_joinable(workers, max_batch, handle).0
    }

    /// As [`Batcher::spawn`], with a task that ends once every worker has stopped (every handle
    /// dropped, the queue drained, every batch answered): what a shutdown waits for.
    pub fn spawn_joinable<F, Fut>(
        workers: usize,
        max_batch: usize,
        handle: F,
    ) -> (Self, tokio::task::JoinHandle<()>)
    where
        F: Fn(Vec<Request<T, R>>) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let (workers, max_batch) = (workers.max(1), max_batch.max(1));
        let (queue, receiver) = mpsc::channel(max_batch * workers * 2);
        let receiver = Arc::new(Mutex::new(receiver));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..workers {
            let receiver = receiver.clone();
            let handle = handle.clone();
            tasks.spawn(async move {
                let mut batch = Vec::with_capacity(max_batch);
                loop {
                    // Whoever holds the lock collects the next batch while the others work on theirs.
                    let got = receiver.lock().await.recv_many(&mut batch, max_batch).await;
                    if got == 0 {
                        break;
                    }
                    handle(std::mem::take(&mut batch)).await;
                }
            });
        }
        let all_stopped = tokio::spawn(async move { while tasks.join_next().await.is_some() {} });
        (Self { queue }, all_stopped)
    }

    /// Queues `item` for the next batch and waits for its answer; `None` if the workers have
    /// stopped (shutdown) or dropped the request without answering it.
    pub async fn call(&self, item: T) -> Option<R> {
        let (reply, answer) = oneshot::channel();
        self.queue.send(Request { item, reply }).await.ok()?;
        answer.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn concurrent_calls_share_batches_and_each_gets_its_own_answer() {
        let sizes = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = sizes.clone();
        let batcher = Batcher::spawn(1, 16, move |batch: Vec<Request<u32, u32>>| {
            let seen = seen.clone();
            async move {
                seen.lock().unwrap().push(batch.len());
                // Slow enough that the next callers queue up behind this batch.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                for r in batch {
                    let _ = r.reply.send(r.item * 2);
                }
            }
        });
        let answers = futures::future::join_all((0..50u32).map(|i| {
            let b = batcher.clone();
            async move { (i, b.call(i).await) }
        }))
        .await;
        for (i, answer) in answers {
            assert_eq!(answer, Some(i * 2));
        }
        let sizes = sizes.lock().unwrap().clone();
        assert_eq!(sizes.iter().sum::<usize>(), 50);
        assert!(sizes.iter().all(|&s| s <= 16), "{sizes:?}");
        assert!(
            sizes.len() < 50,
            "no batch held more than one request: {sizes:?}"
        );
    }

    #[tokio::test]
    async fn the_joinable_task_ends_once_every_handle_is_gone_and_the_queue_answered() {
        let (batcher, stopped) =
            Batcher::spawn_joinable(2, 4, |batch: Vec<Request<u32, u32>>| async move {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                for r in batch {
                    let _ = r.reply.send(r.item + 1);
                }
            });
        let pending = {
            let b = batcher.clone();
            tokio::spawn(async move { b.call(41).await })
        };
        drop(batcher);
        assert_eq!(pending.await.unwrap(), Some(42), "queued work is answered");
        tokio::time::timeout(std::time::Duration::from_secs(5), stopped)
            .await
            .expect("the workers stop once every handle is dropped")
            .unwrap();
    }

    #[tokio::test]
    async fn a_request_dropped_unanswered_gives_none_not_a_hang() {
        let batcher = Batcher::spawn(1, 4, |batch: Vec<Request<u32, u32>>| async move {
            drop(batch);
        });
        assert_eq!(batcher.call(1).await, None);
    }
}
