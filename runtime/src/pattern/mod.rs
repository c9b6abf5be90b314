//! Smithy `@pattern` validation: ECMA-262 regular expressions, searched in the value (like JS
//! `RegExp.prototype.test`), in linear time wherever that can be done exactly.
//!
//! # Semantics
//!
//! - The value is a sequence of Unicode code points, as in ECMA with the `u` flag: `.` and
//!   classes consume one code point, so an emoji is one character for `.{1,3}` and for the
//!   length checks below. Rust strings cannot hold lone surrogates, so a lone `\uD800` matches
//!   nothing and surrogates are dropped from class ranges; `\uD83D\uDE00` is U+1F600.
//! - `\d`, `\w`, `\b` are ASCII-only; `\s` is ECMA's WhiteSpace and LineTerminator set
//!   (U+00A0, U+FEFF, U+2028, U+2029 and Zs included); `.` excludes `\n`, `\r`, U+2028 and
//!   U+2029 unless dotAll; `^` and `$` are the value's ends (there is no multiline flag).
//! - Syntax is ECMA's `u` grammar plus the Annex B leniencies models rely on (`\-`, `\_`,
//!   literal `{`, `[\w-_]`, `\0` octal, a quantified lookahead), a leading `(?s)` / `(?i)`
//!   read as the dotAll / ignoreCase flag (Java-style: it holds to the end of its enclosing
//!   group), ES2025 modifier groups `(?i:…)`, and the Java syntax that ECMA with `u` rejects
//!   outright but AWS models written for Java services use: `\A`, `\z`, `\x{…}`, and the
//!   POSIX and `Is…` property names (`\p{Print}`, `\p{IsAlphabetic}`) with Java's meaning.
//!   Ambiguous constructs (`\1` with no group 1, `\x` without two hex digits, `[a&&[b]]`,
//!   possessive `a{2}+`) are errors, not guesses. See `parse.rs`.
//!
//! # Engines
//!
//! Each pattern is parsed once and then, in order of preference:
//! - [`Engine::Regex`]: written out as `regex`-crate syntax (finite automata, linear time)
//!   when every construct has an exact equivalent;
//! - [`Engine::LengthAndRegex`]: a leading `^(?=.{m,n}$)` becomes a length check in code
//!   points (and "no line terminator" unless dotAll) before a regex for the rest; a whole-value
//!   `^C{m,n}$` too big for the regex crate's size limit becomes "m..=n code points" and
//!   `^C*$`;
//! - [`Engine::Regress`]: otherwise (other lookarounds, backreferences, `\b` under `(?i)`,
//!   properties other than General_Category and a few binary ones) the `regress` crate, a
//!   backtracking ECMA engine, compiled with the `u` flag from the parsed pattern written back
//!   as `u`-valid ECMA (regress takes flags as JS letters; ignoreCase parts are emitted as
//!   `(?i:…)` groups and dotAll as classes, so only `u` is passed). Its worst case is not
//!   linear: these patterns are the ones to watch on hostile input.

mod ast;
mod classes;
mod parse;
mod translate;

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::OnceLock;

use translate::LengthCheck;

/// A compiled `@pattern`, searched in the value with ECMA-262 semantics.
pub struct Pattern {
    source: String,
    matcher: Matcher,
    /// Why a pattern went to regress when the translation did not simply need ECMA features.
    fallback: Option<Fallback>,
}

enum Matcher {
    Regex(regex::Regex),
    LengthAndRegex(LengthCheck, regex::Regex),
    Regress(regress::Regex),
}

/// Unexpected reasons for using regress, kept for tests and `Debug`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fallback {
    /// Our parser refused the pattern but regress (with `u`) accepted it.
    Parser(String),
    /// The regex crate's compiled form would exceed its size limit.
    TooBig,
    /// The regex crate refused our translation (a translator bug).
    Regex(String),
}

/// Which engine a [`Pattern`] runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// The `regex` crate: linear time.
    Regex,
    /// A length check in code points, then the `regex` crate: linear time.
    LengthAndRegex,
    /// The `regress` crate (backtracking ECMA engine): may be super-linear.
    Regress,
}

/// A `@pattern` that neither engine accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported @pattern {:?}: {}",
            self.pattern, self.message
        )
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// Compiles an ECMA-262 pattern, picking the engine as the module docs describe.
    pub fn compile(ecma: &str) -> Result<Pattern, PatternError> {
        let pattern = |matcher, fallback| Pattern {
            source: ecma.to_owned(),
            matcher,
            fallback,
        };
        let error = |message: String| PatternError {
            pattern: ecma.to_owned(),
            message,
        };
        let ast = match read(ecma)? {
            Reading::Parsed(ast) => ast,
            Reading::Regress(re, message) => {
                return Ok(pattern(
                    Matcher::Regress(re),
                    Some(Fallback::Parser(message)),
                ));
            }
        };
        let fallback = match linear(&ast) {
            Ok(matcher) => return Ok(pattern(matcher, None)),
            Err(fallback) => fallback,
        };
        match regress::Regex::with_flags(&translate::to_ecma(&ast), "u") {
            Ok(re) => Ok(pattern(Matcher::Regress(re), fallback)),
            Err(e) => Err(error(e.to_string())),
        }
    }

    /// Whether [`Pattern::compile`] accepts `ecma`, with the same error when it does not, at a
    /// fraction of the cost: the backtracking engine's compiler is tried first (it does not
    /// expand bounded repetitions as the linear engine's automaton does), and the linear
    /// engine only when that one refuses. For generators, which only need the verdict.
    pub fn check(ecma: &str) -> Result<(), PatternError> {
        let error = |message: String| PatternError {
            pattern: ecma.to_owned(),
            message,
        };
        let Reading::Parsed(ast) = read(ecma)? else {
            return Ok(());
        };
        match regress::Regex::with_flags(&translate::to_ecma(&ast), "u") {
            Ok(_) => Ok(()),
            Err(e) => match linear(&ast) {
                Ok(_) => Ok(()),
                Err(_) => Err(error(e.to_string())),
            },
        }
    }

    /// Whether the pattern matches somewhere in `value` (search, not whole-value, semantics:
    /// anchors in the pattern say otherwise).
    pub fn is_match(&self, value: &str) -> bool {
        match &self.matcher {
            Matcher::Regex(re) => re.is_match(value),
            Matcher::LengthAndRegex(check, re) => check.check(value) && re.is_match(value),
            Matcher::Regress(re) => re.find(value).is_some(),
        }
    }

    pub fn engine(&self) -> Engine {
        match self.matcher {
            Matcher::Regex(_) => Engine::Regex,
            Matcher::LengthAndRegex(..) => Engine::LengthAndRegex,
            Matcher::Regress(_) => Engine::Regress,
        }
    }

    /// The ECMA source given to [`Pattern::compile`].
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Pattern");
        s.field("source", &self.source)
            .field("engine", &self.engine());
        if let Some(fallback) = &self.fallback {
            s.field("fallback", fallback);
        }
        s.finish()
    }
}

/// How a pattern is read: by our parser, or (a construct it does not parse) by regress with
/// `u`, which then has ECMA's meaning; our parser's message says why.
enum Reading {
    Parsed(ast::Node),
    Regress(regress::Regex, String),
}

/// The reading of `ecma`, or an error with our parser's message when neither reads it.
fn read(ecma: &str) -> Result<Reading, PatternError> {
    match parse::parse(ecma) {
        Ok(ast) => Ok(Reading::Parsed(ast)),
        Err(message) => match regress::Regex::with_flags(ecma, "u") {
            Ok(re) => Ok(Reading::Regress(re, message)),
            Err(_) => Err(PatternError {
                pattern: ecma.to_owned(),
                message,
            }),
        },
    }
}

/// The linear-time matcher for `ast`, or why there is none: `Err(None)` when the pattern
/// needs an ECMA engine's features.
fn linear(ast: &ast::Node) -> Result<Matcher, Option<Fallback>> {
    let (check, rest) = match translate::split_length_lookahead(ast) {
        Some((check, rest)) => (Some(check), rest),
        None => (None, ast.clone()),
    };
    let syntax = translate::to_regex(&rest).ok_or(None)?;
    match regex::Regex::new(&syntax) {
        Ok(re) => Ok(match check {
            Some(check) => Matcher::LengthAndRegex(check, re),
            None => Matcher::Regex(re),
        }),
        Err(regex::Error::CompiledTooBig(_)) => {
            let (check, star) = translate::split_repeat(&rest, check).ok_or(Fallback::TooBig)?;
            let syntax = translate::to_regex(&star).ok_or(Fallback::TooBig)?;
            let re = regex::Regex::new(&syntax).map_err(|_| Fallback::TooBig)?;
            Ok(Matcher::LengthAndRegex(check, re))
        }
        Err(e) => Err(Some(Fallback::Regex(format!("{e} in {syntax}")))),
    }
}

/// For `static` items in generated code: compiled on first use, thread-safe, never panics.
pub struct LazyPattern {
    source: &'static str,
    compiled: OnceLock<Result<Pattern, PatternError>>,
}

impl LazyPattern {
    pub const fn new(ecma: &'static str) -> LazyPattern {
        LazyPattern {
            source: ecma,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled pattern; the first call compiles it, later calls (from any thread) reuse
    /// the result, error included.
    pub fn get(&self) -> Result<&Pattern, &PatternError> {
        self.compiled
            .get_or_init(|| Pattern::compile(self.source))
            .as_ref()
    }

    pub fn source(&self) -> &'static str {
        self.source
    }
}

impl fmt::Debug for LazyPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LazyPattern").field(&self.source).finish()
    }
}
