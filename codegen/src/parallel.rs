//! A small work-sharing map over threads: the generator's phases (loading models, naming
//! services, emitting and printing files) are independent per item.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack size of the worker threads: the main thread's, not a spawned thread's 2 MiB
/// default, so that the largest models (ec2) run as they would on the main thread.
const STACK_SIZE: usize = 8 << 20;

/// `f` over `items` on up to `available_parallelism` threads (even one: the worker's stack
/// is `STACK_SIZE` whatever the caller's), each taking the next item
/// when it is free (so put the largest items first). Results come back in `items`' order,
/// whatever thread finished first; a panic in `f` is resumed on the caller's thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        // If no thread could start, the calling thread does everything.
        let mut results = if handles.is_empty() {
            work()
        } else {
            Vec::new()
        };
        for handle in handles {
            match handle.join() {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
