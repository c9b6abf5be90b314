//! Tests of the client: units (tokens, backoff, endpoints, signing), the shared files, and
//! whole calls against a minimal HTTP/1.1 server on 127.0.0.1.

mod calls;
mod dummy;
mod profiles;
mod retries;
mod server;
mod units;
