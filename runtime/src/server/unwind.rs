//! Containing panics of a future, so that one failing request cannot take down the
//! connection task that serves others.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A future that turns a panic while polling `F` into `Err` with the panic payload.
///
/// `F` is `Unpin` (a boxed future is), so no unsafe pinning is needed. After a panic the inner
/// future is dropped at once, still inside `catch_unwind`, and never polled again.
pub(super) struct CatchUnwind<F> {
    inner: Option<F>,
}

impl<F> CatchUnwind<F> {
    pub(super) fn new(inner: F) -> Self {
        CatchUnwind { inner: Some(inner) }
    }
}

/// What a panic leaves behind.
pub(super) type Panic = Box<dyn Any + Send>;

impl<F: Future + Unpin> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Panic>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let slot = &mut self.get_mut().inner;
        let Some(inner) = slot.as_mut() else {
            // Polled after completion: the futures contract makes this the caller's bug;
            // staying pending is harmless, panicking here is what this type exists to avoid.
            return Poll::Pending;
        };
        match catch_unwind(AssertUnwindSafe(|| Pin::new(inner).poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => {
                *slot = None;
                Poll::Ready(Ok(output))
            }
            Err(panic) => {
                // A future whose `Drop` panics too must not escape either.
                let broken = slot.take();
                let _ = catch_unwind(AssertUnwindSafe(move || drop(broken)));
                Poll::Ready(Err(panic))
            }
        }
    }
}
