//! The cache in front of a client's credentials source: credentials are fetched once and
//! reused until shortly before they expire; then one caller refreshes them while the others
//! wait for that refresh instead of starting their own.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use super::{Clock, Credentials, CredentialsError, SharedCredentialsProvider, SystemClock};

/// When cached credentials are refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSettings {
    /// Refresh this long before the credentials expire, so that a request signed with them
    /// does not arrive after they have. Default 5 minutes (the AWS SDKs use 5 to 15).
    pub refresh_before: Duration,
    /// Up to this much earlier again, at random for each credentials, so that clients that
    /// loaded credentials together do not all refresh at the same moment. Default 1 minute.
    pub jitter: Duration,
    /// After a failed refresh, how long credentials that have not expired yet are used
    /// without trying again. Default 10 seconds.
    pub retry_after_failure: Duration,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            refresh_before: Duration::from_secs(300),
            jitter: Duration::from_secs(60),
            retry_after_failure: Duration::from_secs(10),
        }
    }
}

/// Cached credentials and when to fetch new ones.
#[derive(Clone)]
struct Cached {
    credentials: Credentials,
    /// `None`: never (credentials without an expiry).
    refresh_at: Option<SystemTime>,
}

/// A credentials source behind a cache: fetched once and reused until shortly before the
/// credentials expire; then one caller refreshes them while the others wait for it.
#[derive(Debug)]
pub struct CredentialsCache {
    provider: SharedCredentialsProvider,
    clock: Arc<dyn Clock>,
    settings: CacheSettings,
    current: RwLock<Option<Cached>>,
    /// Held by the one caller that refreshes.
    refreshing: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
}

impl std::fmt::Debug for Cached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cached")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl CredentialsCache {
    /// `provider` behind a cache with the default settings, on the system clock.
    pub fn new(provider: SharedCredentialsProvider) -> CredentialsCache {
        CredentialsCache::with(provider, Arc::new(SystemClock), CacheSettings::default())
    }

    /// Static keys: cached from the start, never refreshed.
    pub fn preloaded(credentials: Credentials) -> CredentialsCache {
        let cache = CredentialsCache::new(Arc::new(credentials.clone()));
        cache.store(Cached {
            credentials,
            refresh_at: None,
        });
        cache
    }

    /// `provider` behind a cache with `settings`, on `clock`.
    pub fn with(
        provider: SharedCredentialsProvider,
        clock: Arc<dyn Clock>,
        settings: CacheSettings,
    ) -> CredentialsCache {
        CredentialsCache {
            provider,
            clock,
            settings,
            current: RwLock::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            fetches: AtomicU64::new(0),
        }
    }

    /// Credentials to sign with now: the cached ones while they are fresh, else new ones
    /// from the source (fetched by one caller; concurrent callers wait for its result). If
    /// the refresh fails while the cached credentials have not expired yet, those are used,
    /// and the source is asked again after `retry_after_failure`.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        let _refreshing = self.refreshing.lock().await;
        // Another caller may have refreshed while this one waited.
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let fetched = self.provider.provide_credentials().await;
        let now = self.clock.now();
        match fetched {
            Ok(credentials) => {
                // Credentials that arrive already inside the refresh window (a source that
                // hands out short-lived ones) are used until they expire, asking again at
                // most every `retry_after_failure`, not on every call.
                let refresh_at = credentials.expiry().map(|expiry| {
                    let early = self.settings.refresh_before + jitter(self.settings.jitter);
                    let at = expiry.checked_sub(early).unwrap_or(SystemTime::UNIX_EPOCH);
                    match at > now {
                        true => at,
                        false => (now + self.settings.retry_after_failure).min(expiry),
                    }
                });
                self.store(Cached {
                    credentials: credentials.clone(),
                    refresh_at,
                });
                Ok(credentials)
            }
            Err(error) => match self.unexpired(now) {
                Some(mut cached) => {
                    cached.refresh_at = Some(now + self.settings.retry_after_failure);
                    let credentials = cached.credentials.clone();
                    self.store(cached);
                    Ok(credentials)
                }
                None => Err(error),
            },
        }
    }

    /// The cached credentials if they have not expired, without fetching: for signing a
    /// request outside an async context (`Client::request_for`).
    pub fn cached(&self) -> Option<Credentials> {
        self.unexpired(self.clock.now())
            .map(|cached| cached.credentials)
    }

    /// How many times the source was asked: a figure for tests and benchmarks.
    pub fn fetch_count(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    fn fresh(&self) -> Option<Credentials> {
        let now = self.clock.now();
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        let cached = current.as_ref()?;
        match cached.refresh_at {
            Some(at) if now >= at => None,
            _ => Some(cached.credentials.clone()),
        }
    }

    fn unexpired(&self, now: SystemTime) -> Option<Cached> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|cached| {
                cached
                    .credentials
                    .expiry()
                    .is_none_or(|expiry| now < expiry)
            })
            .cloned()
    }

    fn store(&self, cached: Cached) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(cached);
    }
}

/// A random duration in `[0, max]`.
fn jitter(max: Duration) -> Duration {
    let mut bytes = [0u8; 8];
    if max.is_zero() || getrandom::fill(&mut bytes).is_err() {
        return Duration::ZERO;
    }
    let fraction = (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64;
    max.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::credentials::{ProvideCredentials, ProvideFuture};
    use std::sync::Mutex;
    use std::sync::atomic::AtomicUsize;

    #[derive(Debug)]
    struct ManualClock(Mutex<SystemTime>);

    impl Clock for ManualClock {
        fn now(&self) -> SystemTime {
            *self.0.lock().unwrap()
        }
    }

    impl ManualClock {
        fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    /// Hands out `key-<n>` valid for an hour from the clock's now; slow, so that
    /// concurrent callers overlap; fails when told to.
    #[derive(Debug)]
    struct Counting {
        clock: Arc<ManualClock>,
        calls: AtomicUsize,
        fail: Mutex<bool>,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> ProvideFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
                if *self.fail.lock().unwrap() {
                    return Err(CredentialsError::failed("test source", "refused"));
                }
                let expiry = self.clock.now() + Duration::from_secs(3600);
                Ok(Credentials::new(format!("key-{n}"), "secret", None).with_expiry(expiry))
            })
        }
    }

    fn setup() -> (Arc<ManualClock>, Arc<Counting>, Arc<CredentialsCache>) {
        let clock = Arc::new(ManualClock(Mutex::new(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        )));
        let source = Arc::new(Counting {
            clock: clock.clone(),
            calls: AtomicUsize::new(0),
            fail: Mutex::new(false),
        });
        let settings = CacheSettings {
            jitter: Duration::ZERO,
            ..CacheSettings::default()
        };
        let cache = Arc::new(CredentialsCache::with(
            source.clone(),
            clock.clone(),
            settings,
        ));
        (clock, source, cache)
    }

    async fn concurrently(cache: &Arc<CredentialsCache>, n: usize) -> Vec<String> {
        let tasks: Vec<_> = (0..n)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.credentials().await.unwrap() })
            })
            .collect();
        let mut keys = Vec::new();
        for task in tasks {
            keys.push(task.await.unwrap().access_key_id().to_owned());
        }
        keys
    }

    /// 64 concurrent calls on an empty cache, then 64 across the refresh point: one fetch
    /// each time.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn one_fetch_for_many_concurrent_calls() {
        let (clock, source, cache) = setup();
        let keys = concurrently(&cache, 64).await;
        assert!(keys.iter().all(|k| k == "key-1"), "{keys:?}");
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);

        // 56 minutes later: within 5 minutes of expiry, so refreshed, once.
        clock.advance(Duration::from_secs(56 * 60));
        let keys = concurrently(&cache, 64).await;
        assert!(keys.iter().all(|k| k == "key-2"), "{keys:?}");
        assert_eq!(cache.fetch_count(), 2);
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn fresh_credentials_are_reused_until_the_refresh_point() {
        let (clock, source, cache) = setup();
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "key-1");
        clock.advance(Duration::from_secs(54 * 60));
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "key-1");
        clock.advance(Duration::from_secs(60));
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "key-2");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    /// A failed refresh keeps unexpired credentials (and waits before asking again); once
    /// they have expired, the source's error is the answer.
    #[tokio::test]
    async fn a_failed_refresh_keeps_unexpired_credentials() {
        let (clock, source, cache) = setup();
        cache.credentials().await.unwrap();
        *source.fail.lock().unwrap() = true;
        clock.advance(Duration::from_secs(57 * 60));
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "key-1");
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "key-1");
        assert_eq!(
            source.calls.load(Ordering::SeqCst),
            2,
            "no retry within 10 s"
        );
        clock.advance(Duration::from_secs(11));
        cache.credentials().await.unwrap();
        assert_eq!(source.calls.load(Ordering::SeqCst), 3);
        clock.advance(Duration::from_secs(4 * 60));
        let error = cache.credentials().await.unwrap_err();
        assert_eq!(error.to_string(), "test source: refused");
        assert_eq!(cache.cached(), None);
    }

    /// A source whose credentials expire within the refresh window is not asked again on
    /// every call.
    #[tokio::test]
    async fn short_lived_credentials_are_not_fetched_on_every_call() {
        #[derive(Debug)]
        struct ShortLived(Arc<ManualClock>, AtomicUsize);
        impl ProvideCredentials for ShortLived {
            fn provide_credentials(&self) -> ProvideFuture<'_> {
                Box::pin(async move {
                    let n = self.1.fetch_add(1, Ordering::SeqCst) + 1;
                    let expiry = self.0.now() + Duration::from_secs(120);
                    Ok(Credentials::new(format!("key-{n}"), "s", None).with_expiry(expiry))
                })
            }
        }
        let (clock, _, _) = setup();
        let source = Arc::new(ShortLived(clock.clone(), AtomicUsize::new(0)));
        let cache = CredentialsCache::with(source.clone(), clock.clone(), CacheSettings::default());
        for _ in 0..5 {
            assert_eq!(cache.credentials().await.unwrap().access_key_id(), "key-1");
        }
        clock.advance(Duration::from_secs(11));
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "key-2");
        assert_eq!(source.1.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn jitter_stays_within_its_bound() {
        for _ in 0..100 {
            assert!(jitter(Duration::from_secs(60)) <= Duration::from_secs(60));
        }
        assert_eq!(jitter(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn debug_shows_no_secret() {
        let credentials = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()))
            .with_expiry(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
        let text = format!("{credentials:?}");
        assert!(
            text.contains("AKID") && text.contains("2027-01-15T08:00:00Z"),
            "{text}"
        );
        assert!(
            !text.contains("SECRET") && !text.contains("TOKEN"),
            "{text}"
        );
    }
}
