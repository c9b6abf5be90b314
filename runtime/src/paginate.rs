//! Paginators: the pages of a paginated operation as a stream, and the items on them.
//!
//! They work over any way of calling the operation (the generated client, a mock, a test
//! double), so the service traits offer them for every implementation.

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::Operation;
use crate::protocol::server::BoxFuture;

/// An operation whose model declares a paginator (`paginators-1.json` or `@paginated`).
pub trait Paginated: Operation {
    /// The element type of the list of items on a page.
    type Item;

    /// The input's page token, if any.
    fn token(input: &Self::Input) -> Option<&str>;
    /// Sets the input's page token.
    fn set_token(input: &mut Self::Input, token: String);
    /// The output's next page token, if any.
    fn next_token(output: &Self::Output) -> Option<&str>;
    /// The items of a page.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

type Call<'a, O> = Box<
    dyn FnMut(
            <O as Operation>::Input,
        ) -> BoxFuture<'a, Result<<O as Operation>::Output, <O as Operation>::Error>>
        + Send
        + 'a,
>;

/// The pages of a paginated call, fetched one at a time as they are asked for. The stream
/// ends after a page without a next token, after a page whose token was seen before (a
/// service that repeats a token would otherwise loop forever), and after an error.
pub struct Pages<'a, O: Paginated> {
    call: Call<'a, O>,
    /// The input of the next page; `None` when the stream has ended.
    next_input: Option<O::Input>,
    in_flight: Option<BoxFuture<'a, Result<O::Output, O::Error>>>,
    seen_tokens: HashSet<String>,
    /// An input that could not be built: the stream's only item.
    failed: Option<O::Error>,
}

impl<'a, O: Paginated> Pages<'a, O>
where
    O::Input: Send + 'a,
{
    /// The pages that `call` returns, starting from `input`.
    pub fn new<F, Fut>(input: O::Input, call: F) -> Pages<'a, O>
    where
        F: FnMut(O::Input) -> Fut + Send + 'a,
        Fut: Future<Output = Result<O::Output, O::Error>> + Send + 'a,
    {
        Pages::try_new(Ok(input), call)
    }

    /// Like [`Pages::new`], for an input that may have failed to build (a fluent builder
    /// missing a required member): the error is then the first and only page.
    pub fn try_new<F, Fut>(input: Result<O::Input, O::Error>, mut call: F) -> Pages<'a, O>
    where
        F: FnMut(O::Input) -> Fut + Send + 'a,
        Fut: Future<Output = Result<O::Output, O::Error>> + Send + 'a,
    {
        let (next_input, failed) = match input {
            Ok(input) => (Some(input), None),
            Err(error) => (None, Some(error)),
        };
        // A caller that starts from a token has seen it: a service that hands it back
        // would otherwise return the same page twice before the loop is noticed.
        let seen_tokens = next_input
            .as_ref()
            .and_then(O::token)
            .filter(|token| !token.is_empty())
            .map(str::to_owned)
            .into_iter()
            .collect();
        Pages {
            call: Box::new(move |input| Box::pin(call(input))),
            next_input,
            in_flight: None,
            seen_tokens,
            failed,
        }
    }

    /// The next page, or `None` at the end.
    pub async fn next_page(&mut self) -> Option<Result<O::Output, O::Error>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// Every page until the end or the first error.
    pub async fn collect_pages(mut self) -> Result<Vec<O::Output>, O::Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next_page().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    /// The items of the pages, one at a time.
    pub fn items(self) -> Items<'a, O> {
        Items {
            pages: self,
            buffered: Vec::new().into_iter(),
        }
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<O::Output, O::Error>>> {
        if let Some(error) = self.failed.take() {
            return Poll::Ready(Some(Err(error)));
        }
        if self.in_flight.is_none() {
            let Some(input) = self.next_input.clone() else {
                return Poll::Ready(None);
            };
            self.in_flight = Some((self.call)(input));
        }
        let Some(in_flight) = self.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match in_flight.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        self.in_flight = None;
        let token = match &result {
            Ok(output) => O::next_token(output)
                .filter(|token| !token.is_empty())
                .map(str::to_owned),
            Err(_) => None,
        };
        match (token, self.next_input.as_mut()) {
            (Some(token), Some(input)) if self.seen_tokens.insert(token.clone()) => {
                O::set_token(input, token);
            }
            _ => self.next_input = None,
        }
        Poll::Ready(Some(result))
    }
}

// No field is ever pinned in place (the in-flight future is boxed), so moving a pinned
// `Pages` is sound whatever the input and output types are.
impl<O: Paginated> Unpin for Pages<'_, O> {}
impl<O: Paginated> Unpin for Items<'_, O> {}

impl<'a, O: Paginated> futures_core::Stream for Pages<'a, O>
where
    O::Input: Send + 'a,
{
    type Item = Result<O::Output, O::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The items of a paginated call (see [`Pages::items`]).
pub struct Items<'a, O: Paginated> {
    pages: Pages<'a, O>,
    buffered: std::vec::IntoIter<O::Item>,
}

impl<'a, O: Paginated> Items<'a, O>
where
    O::Input: Send + 'a,
{
    /// The next item, or `None` at the end.
    pub async fn next_item(&mut self) -> Option<Result<O::Item, O::Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every item until the end or the first error.
    pub async fn collect_items(mut self) -> Result<Vec<O::Item>, O::Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next_item().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<O::Item, O::Error>>> {
        loop {
            if let Some(item) = self.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => {
                    self.buffered = O::into_items(page).into_iter();
                }
            }
        }
    }
}

impl<'a, O: Paginated> futures_core::Stream for Items<'a, O>
where
    O::Input: Send + 'a,
{
    type Item = Result<O::Item, O::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
