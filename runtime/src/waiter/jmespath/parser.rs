//! A Pratt parser with the binding powers of the JMESPath reference implementation
//! (jmespath.py), so that projections stop and chain exactly as there.

use std::ops::Range;

use serde_json::Value;

use super::lexer::{Token, tokenize};
use super::{Expr, ParseError};

/// Below this binding power a token ends the right-hand side of a projection.
const PROJECTION_STOP: u8 = 10;

fn binding_power(token: &Token) -> u8 {
    match token {
        Token::Pipe => 1,
        Token::Or => 2,
        Token::And => 3,
        Token::Compare(_) => 5,
        Token::Flatten => 9,
        Token::Star => 20,
        Token::Filter => 21,
        Token::Dot => 40,
        Token::Not => 45,
        Token::LeftBrace => 50,
        Token::LeftBracket => 55,
        Token::LeftParen => 60,
        _ => 0,
    }
}

pub(super) fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(text)?;
    if tokens.len() > MAX_TOKENS {
        return Err(ParseError::new(0, format!("more than {MAX_TOKENS} tokens")));
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        token => Err(parser.unexpected(token.clone())),
    }
}

/// How deeply expressions may nest: the parser and the evaluator recurse, and an
/// expression comes from a model file, which may be hostile.
const MAX_DEPTH: usize = 64;
/// A chain such as `a.b.c` nests without recursing in the parser, but the evaluator walks
/// it recursively: the length bounds that depth too.
const MAX_TOKENS: usize = 1024;

struct Parser {
    tokens: Vec<(Token, Range<usize>)>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)].0
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        &self.tokens[(self.at + ahead).min(self.tokens.len() - 1)].0
    }

    fn offset(&self) -> usize {
        self.tokens[self.at.min(self.tokens.len() - 1)].1.start
    }

    fn advance(&mut self) -> (Token, Range<usize>) {
        // Past the end, `peek` keeps answering `End`; `at` always moves, so that stepping
        // back one token after a mismatch is always possible.
        let token = self.tokens[self.at.min(self.tokens.len() - 1)].clone();
        self.at += 1;
        token
    }

    fn expect(&mut self, wanted: &Token, what: &str) -> Result<(), ParseError> {
        if self.peek() == wanted {
            self.advance();
            Ok(())
        } else {
            Err(ParseError::new(
                self.offset(),
                format!("expected {what}, found {}", describe(self.peek())),
            ))
        }
    }

    fn unexpected(&self, token: Token) -> ParseError {
        ParseError::new(self.offset(), format!("unexpected {}", describe(&token)))
    }

    fn expression(&mut self, power: u8) -> Result<Expr, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(ParseError::new(
                self.offset(),
                "expression nested too deeply",
            ));
        }
        self.depth += 1;
        let mut left = self.nud()?;
        while power < binding_power(self.peek()) {
            left = self.led(left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    /// A token at the start of an expression.
    fn nud(&mut self) -> Result<Expr, ParseError> {
        let (token, span) = self.advance();
        Ok(match token {
            Token::Literal(value) => Expr::Literal(value),
            Token::Identifier { name, quoted } => {
                if quoted && *self.peek() == Token::LeftParen {
                    return Err(ParseError::new(
                        span.start,
                        "a quoted identifier cannot name a function",
                    ));
                }
                Expr::Field { name, span }
            }
            Token::Star => {
                let right = if *self.peek() == Token::RightBracket {
                    Expr::Identity
                } else {
                    self.projection_rhs(binding_power(&Token::Star))?
                };
                Expr::ValueProjection(Box::new(Expr::Identity), Box::new(right))
            }
            Token::Filter => self.filter(Expr::Identity)?,
            Token::Flatten => {
                let right = self.projection_rhs(binding_power(&Token::Flatten))?;
                Expr::Projection(
                    Box::new(Expr::Flatten(Box::new(Expr::Identity))),
                    Box::new(right),
                )
            }
            Token::LeftParen => {
                let inner = self.expression(0)?;
                self.expect(&Token::RightParen, "`)`")?;
                inner
            }
            Token::Not => Expr::Not(Box::new(self.expression(binding_power(&Token::Not))?)),
            Token::Current => Expr::Identity,
            Token::Ampersand => Expr::Reference(Box::new(self.expression(0)?)),
            Token::LeftBracket => match (self.peek().clone(), self.peek_at(1).clone()) {
                (Token::Number(_) | Token::Colon, _) => self.index_or_slice(Expr::Identity)?,
                (Token::Star, Token::RightBracket) => {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(binding_power(&Token::Star))?;
                    Expr::Projection(Box::new(Expr::Identity), Box::new(right))
                }
                _ => Expr::MultiList(self.list_items(&Token::RightBracket, "`]`")?),
            },
            Token::LeftBrace => self.multi_hash()?,
            other => {
                self.at -= 1;
                return Err(self.unexpected(other));
            }
        })
    }

    /// A token after an expression.
    fn led(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let (token, _) = self.advance();
        let power = binding_power(&token);
        Ok(match token {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    self.advance();
                    let right = self.projection_rhs(power)?;
                    Expr::ValueProjection(Box::new(left), Box::new(right))
                } else {
                    let right = self.dot_rhs(power)?;
                    Expr::Subexpr(Box::new(left), Box::new(right))
                }
            }
            Token::Pipe => Expr::Pipe(Box::new(left), Box::new(self.expression(power)?)),
            Token::Or => Expr::Or(Box::new(left), Box::new(self.expression(power)?)),
            Token::And => Expr::And(Box::new(left), Box::new(self.expression(power)?)),
            Token::Compare(op) => {
                Expr::Compare(op, Box::new(left), Box::new(self.expression(power)?))
            }
            Token::LeftParen => {
                let Expr::Field { name, .. } = left else {
                    self.at -= 1;
                    return Err(ParseError::new(
                        self.offset(),
                        "only a function name may be called",
                    ));
                };
                let args = self.list_items(&Token::RightParen, "`)`")?;
                Expr::Function(name, args)
            }
            Token::Filter => self.filter(left)?,
            Token::Flatten => {
                let right = self.projection_rhs(power)?;
                Expr::Projection(Box::new(Expr::Flatten(Box::new(left))), Box::new(right))
            }
            Token::LeftBracket => match self.peek() {
                Token::Number(_) | Token::Colon => self.index_or_slice(left)?,
                _ => {
                    self.expect(&Token::Star, "`*`, a number or `:`")?;
                    self.expect(&Token::RightBracket, "`]`")?;
                    let right = self.projection_rhs(binding_power(&Token::Star))?;
                    Expr::Projection(Box::new(left), Box::new(right))
                }
            },
            other => {
                self.at -= 1;
                return Err(self.unexpected(other));
            }
        })
    }

    /// `[?condition]` after `left` (the `[?` is read), then what is projected.
    fn filter(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let condition = self.expression(0)?;
        self.expect(&Token::RightBracket, "`]`")?;
        let right = if *self.peek() == Token::Flatten {
            Expr::Identity
        } else {
            self.projection_rhs(binding_power(&Token::Filter))?
        };
        Ok(Expr::FilterProjection {
            list: Box::new(left),
            condition: Box::new(condition),
            each: Box::new(right),
        })
    }

    /// `[n]` or `[start:stop:step]` after `left` (the `[` is read).
    fn index_or_slice(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let mut parts: [Option<i64>; 3] = [None; 3];
        let mut part = 0;
        loop {
            match self.advance().0 {
                Token::Number(n) if parts[part].is_none() => parts[part] = Some(n),
                Token::Colon if part < 2 => part += 1,
                Token::RightBracket => break,
                other => {
                    self.at -= 1;
                    return Err(self.unexpected(other));
                }
            }
        }
        if part == 0 {
            let index = parts[0].ok_or_else(|| ParseError::new(self.offset(), "empty index"))?;
            return Ok(Expr::Index(Box::new(left), index));
        }
        if parts[2] == Some(0) {
            return Err(ParseError::new(self.offset(), "a slice step cannot be 0"));
        }
        let slice = Expr::Slice {
            list: Box::new(left),
            start: parts[0],
            stop: parts[1],
            step: parts[2].unwrap_or(1),
        };
        let right = self.projection_rhs(binding_power(&Token::Star))?;
        Ok(Expr::Projection(Box::new(slice), Box::new(right)))
    }

    /// What a projection applies to each element: nothing (identity) when the next token
    /// binds too loosely, else a bracket, filter or dot expression.
    fn projection_rhs(&mut self, power: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            token if binding_power(token) < PROJECTION_STOP => Ok(Expr::Identity),
            Token::LeftBracket | Token::Filter => self.expression(power),
            Token::Dot => {
                self.advance();
                self.dot_rhs(power)
            }
            token => Err(self.unexpected(token.clone())),
        }
    }

    /// What may follow a `.`: an identifier, `*`, a multi-select list or hash.
    fn dot_rhs(&mut self, power: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            Token::Identifier { .. } | Token::Star => self.expression(power),
            Token::LeftBracket => {
                self.advance();
                Ok(Expr::MultiList(
                    self.list_items(&Token::RightBracket, "`]`")?,
                ))
            }
            Token::LeftBrace => {
                self.advance();
                self.multi_hash()
            }
            token => Err(self.unexpected(token.clone())),
        }
    }

    /// Comma-separated expressions up to `close` (the opening token is read).
    fn list_items(&mut self, close: &Token, what: &str) -> Result<Vec<Expr>, ParseError> {
        let mut items = Vec::new();
        if self.peek() == close && *close == Token::RightParen {
            self.advance();
            return Ok(items);
        }
        loop {
            items.push(self.expression(0)?);
            if *self.peek() == Token::Comma {
                self.advance();
            } else {
                self.expect(close, what)?;
                return Ok(items);
            }
        }
    }

    /// `{key: expr, ...}` (the `{` is read).
    fn multi_hash(&mut self) -> Result<Expr, ParseError> {
        let mut pairs = Vec::new();
        loop {
            let key = match self.advance().0 {
                Token::Identifier { name, .. } => name,
                other => {
                    self.at -= 1;
                    return Err(self.unexpected(other));
                }
            };
            self.expect(&Token::Colon, "`:`")?;
            pairs.push((key, self.expression(0)?));
            if *self.peek() == Token::Comma {
                self.advance();
            } else {
                self.expect(&Token::RightBrace, "`}`")?;
                return Ok(Expr::MultiHash(pairs));
            }
        }
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::End => "the end of the expression".to_owned(),
        Token::Identifier { name, .. } => format!("identifier `{name}`"),
        Token::Literal(Value::String(text)) => format!("literal '{text}'"),
        Token::Literal(value) => format!("literal `{value}`"),
        Token::Number(n) => format!("number {n}"),
        Token::Compare(op) => format!("`{}`", op.symbol()),
        other => {
            let symbol = match other {
                Token::Dot => ".",
                Token::Star => "*",
                Token::Flatten => "[]",
                Token::Filter => "[?",
                Token::LeftBracket => "[",
                Token::RightBracket => "]",
                Token::LeftBrace => "{",
                Token::RightBrace => "}",
                Token::LeftParen => "(",
                Token::RightParen => ")",
                Token::Comma => ",",
                Token::Colon => ":",
                Token::Pipe => "|",
                Token::Or => "||",
                Token::And => "&&",
                Token::Not => "!",
                Token::Ampersand => "&",
                _ => "@",
            };
            format!("`{symbol}`")
        }
    }
}
