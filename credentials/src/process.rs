//! `credential_process`: a command whose standard output is a JSON document of credentials
//! (`Version: 1`, `AccessKeyId`, `SecretAccessKey`, `SessionToken`, `Expiration`).
//!
//! The command runs without a shell, split into words as botocore splits it (Python's
//! `shlex.split` on POSIX, the C runtime's rules on Windows), with the standard error and
//! output captured, each at most 64 KiB, and a time limit. A failure names the profile and
//! says why; it may quote the process's standard error (where a helper writes its
//! diagnostics, as botocore does) but never its standard output. The process inherits this
//! process's environment and standard input (a helper may prompt on the terminal), as in
//! botocore.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use awsgen_runtime::client::{Clock, Credentials, CredentialsError};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::json;

/// The most of each output stream kept; more is a failure (stdout) or cut (stderr).
const MAX_OUTPUT: usize = 64 * 1024;

/// How much standard error a failure quotes.
const MAX_STDERR_QUOTED: usize = 512;

/// The default time limit: long enough for a helper that opens a browser or asks a
/// hardware key, short enough that a hung helper does not hang the client.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `command` of `profile` and reads its credentials.
pub(crate) async fn run(
    profile: &str,
    command: &str,
    timeout: Duration,
    clock: &Arc<dyn Clock>,
) -> Result<Credentials, CredentialsError> {
    let source = format!("credential_process of profile `{profile}`");
    let fail = |message: String| CredentialsError::failed(source.clone(), message);
    let words = split(command).map_err(|why| fail(format!("cannot split the command: {why}")))?;
    let Some((program, args)) = words.split_first() else {
        return Err(fail("the command is empty".to_owned()));
    };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        // The program only: the arguments may hold a secret.
        .map_err(|error| fail(format!("cannot start `{program}`: {error}")))?;
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let finished = async {
        let (out, err, status) =
            tokio::join!(read_bounded(stdout), read_bounded(stderr), child.wait());
        (out, err, status)
    };
    let Ok((out, err, status)) = tokio::time::timeout(timeout, finished).await else {
        // Dropping the child kills it (`kill_on_drop`).
        return Err(fail(format!(
            "`{program}` did not finish within {timeout:?} and was stopped"
        )));
    };
    let status = status.map_err(|error| fail(format!("waiting for `{program}`: {error}")))?;
    let (stderr, _) = err;
    if !status.success() {
        let mut message = format!("`{program}` failed ({status})");
        let quoted = String::from_utf8_lossy(&stderr[..stderr.len().min(MAX_STDERR_QUOTED)]);
        if !quoted.trim().is_empty() {
            message.push_str(": ");
            message.push_str(quoted.trim());
        }
        return Err(fail(message));
    }
    let (stdout, overflow) = out;
    if overflow {
        return Err(fail(format!(
            "`{program}` wrote more than {MAX_OUTPUT} bytes"
        )));
    }
    let credentials = parse(&stdout).map_err(|why| fail(format!("`{program}` printed {why}")))?;
    json::check_unexpired(&source, credentials, &**clock)
}

/// The credentials in a process's output, or what is wrong with it (never a value).
fn parse(stdout: &[u8]) -> Result<Credentials, String> {
    let map = json::parse_object(stdout)?;
    match map.get("Version") {
        Some(version) if version.as_f64() == Some(1.0) => {}
        Some(version) if version.is_number() => {
            return Err(format!(
                "a document of Version {version}; the supported version is 1"
            ));
        }
        Some(_) => return Err("a document whose Version is not a number".to_owned()),
        None => return Err("a document without Version; the supported version is 1".to_owned()),
    }
    json::credentials(&map, "SessionToken", false, false)
        .map_err(|why| format!("a document where {why}"))
}

/// Reads a whole stream, keeping at most [`MAX_OUTPUT`] bytes (and whether there was more):
/// draining it all lets a chatty process finish rather than block on a full pipe.
async fn read_bounded(stream: Option<impl AsyncRead + Unpin>) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut overflow = false;
    let Some(mut stream) = stream else {
        return (kept, overflow);
    };
    let mut buffer = [0u8; 8192];
    while let Ok(n) = stream.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        let room = MAX_OUTPUT - kept.len();
        kept.extend_from_slice(&buffer[..n.min(room)]);
        overflow |= n > room;
    }
    (kept, overflow)
}

/// Splits a command line as botocore does on this platform.
pub fn split(command: &str) -> Result<Vec<String>, String> {
    if cfg!(windows) {
        split_windows(command)
    } else {
        split_posix(command)
    }
}

/// Python's `shlex.split(s)` (POSIX mode, no comments): whitespace separates words; `'...'`
/// is literal; in `"..."` a backslash escapes only `"` and `\`; elsewhere a backslash
/// escapes any character.
pub(crate) fn split_posix(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    // A word has started (so `''` gives an empty word).
    let mut started = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            '\'' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("no closing quotation".to_owned()),
                    }
                }
            }
            '"' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("no closing quotation".to_owned()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("no closing quotation".to_owned()),
                    }
                }
            }
            '\\' => {
                started = true;
                match chars.next() {
                    Some(c) => word.push(c),
                    None => return Err("no escaped character".to_owned()),
                }
            }
            c => {
                started = true;
                word.push(c);
            }
        }
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

/// botocore's `_windows_shell_split`: only space and tab separate, only `"` quotes, and
/// backslashes are literal unless a run of them ends at a `"`.
pub(crate) fn split_windows(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    let mut backslashes = 0usize;
    for c in line.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                let current = word.get_or_insert_with(String::new);
                current.extend(std::iter::repeat_n('\\', backslashes / 2));
                let escaped = backslashes % 2 == 1;
                backslashes = 0;
                if escaped {
                    current.push('"');
                } else {
                    quoted = !quoted;
                }
            }
            ' ' | '\t' if !quoted => {
                if backslashes > 0 {
                    let current = word.get_or_insert_with(String::new);
                    current.extend(std::iter::repeat_n('\\', backslashes));
                    backslashes = 0;
                }
                if let Some(done) = word.take() {
                    words.push(done);
                }
            }
            c => {
                let current = word.get_or_insert_with(String::new);
                current.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                current.push(c);
            }
        }
    }
    if quoted {
        return Err("no closing quotation".to_owned());
    }
    if backslashes > 0 {
        word.get_or_insert_with(String::new)
            .extend(std::iter::repeat_n('\\', backslashes));
    }
    if let Some(done) = word {
        words.push(done);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from Python 3.11's `shlex.split`.
    #[test]
    fn posix_split_is_pythons_shlex() {
        let cases: &[(&str, &[&str])] = &[
            ("a b  c", &["a", "b", "c"]),
            (
                "/bin/helper --profile 'my prof' \"x y\"",
                &["/bin/helper", "--profile", "my prof", "x y"],
            ),
            (r#""a\"b" 'c\d' e\ f"#, &["a\"b", "c\\d", "e f"]),
            (r#""a\$b""#, &["a\\$b"]),
            ("''", &[""]),
            ("a'b'\"c\"", &["abc"]),
            ("x # not a comment", &["x", "#", "not", "a", "comment"]),
        ];
        for (line, words) in cases {
            assert_eq!(split_posix(line).unwrap(), *words, "{line}");
        }
        assert!(split_posix("'open").is_err());
        assert!(split_posix("end\\").is_err());
    }

    /// Cases from botocore's own tests of `_windows_shell_split`.
    #[test]
    fn windows_split_is_botocores() {
        let cases: &[(&str, &[&str])] = &[
            (r#"a b c"#, &["a", "b", "c"]),
            (r#""a b" c"#, &["a b", "c"]),
            (r#"a\\b c"#, &["a\\\\b", "c"]),
            (r#"a\\\"b"#, &["a\\\"b"]),
            (r#"a\\\\"b c""#, &["a\\\\b c"]),
            (
                r#"C:\path\to\exe.exe "arg""#,
                &["C:\\path\\to\\exe.exe", "arg"],
            ),
            (r#""""#, &[""]),
            (r#"a\"#, &["a\\"]),
        ];
        for (line, words) in cases {
            assert_eq!(split_windows(line).unwrap(), *words, "{line}");
        }
        assert!(split_windows("\"open").is_err());
    }

    #[test]
    fn version_must_be_one() {
        let ok = br#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "S"}"#;
        assert_eq!(parse(ok).unwrap().access_key_id(), "AKID");
        let two = br#"{"Version": 2, "AccessKeyId": "AKID", "SecretAccessKey": "S"}"#;
        assert_eq!(
            parse(two).unwrap_err(),
            "a document of Version 2; the supported version is 1"
        );
        let text = br#"{"Version": "1", "AccessKeyId": "AKID", "SecretAccessKey": "S"}"#;
        assert!(parse(text).is_err());
        let missing = br#"{"Version": 1, "AccessKeyId": "AKID"}"#;
        assert_eq!(
            parse(missing).unwrap_err(),
            "a document where `SecretAccessKey` is missing"
        );
    }
}
