//! A schema-based serialization prototype (issue 11's study, `cargo xtask schema-study`):
//! a static schema per shape, one object-safe serializer and deserializer per protocol, and
//! per shape only a `write_members` / `read_members` pair that hands each member and its
//! schema to them, as smithy-rs's `aws-smithy-schema` does. Only the awsJson codec exists
//! here. Not part of the shipped runtime.
#![allow(dead_code)]

use std::collections::BTreeMap;

use awsgen_runtime::Timestamp;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug)]
pub struct Error(pub String);

fn error<T>(message: impl Into<String>) -> Result<T> {
    Err(Error(message.into()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// What a member holds, as far as a codec needs to know.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Boolean,
    Number,
    String,
    Blob,
    Timestamp(TimestampFormat),
    Document,
    List(&'static Member),
    Map(&'static Member),
    Structure,
    Union,
}

/// A member (or a list item, a map value): its wire name and kind. Protocol traits
/// (`jsonName`, `xmlName`, `httpHeader`, ...) would be more fields here.
#[derive(Debug)]
pub struct Member {
    pub name: &'static str,
    pub kind: Kind,
}

impl Member {
    pub const fn new(name: &'static str, kind: Kind) -> Member {
        Member { name, kind }
    }
}

pub struct Schema {
    pub name: &'static str,
    pub members: &'static [Member],
}

/// One protocol's writer. `member` gives the wire name (empty for list items and map values)
/// and the kind.
pub trait ShapeSerializer {
    fn write_struct(&mut self, member: &Member, value: &dyn SerializableStruct) -> Result<()>;
    fn write_list(
        &mut self,
        member: &Member,
        items: &mut dyn FnMut(&mut dyn ShapeSerializer) -> Result<()>,
    ) -> Result<()>;
    fn write_map(
        &mut self,
        member: &Member,
        entries: &mut dyn FnMut(&mut dyn MapSerializer) -> Result<()>,
    ) -> Result<()>;
    fn write_string(&mut self, member: &Member, value: &str) -> Result<()>;
    fn write_bool(&mut self, member: &Member, value: bool) -> Result<()>;
    fn write_i64(&mut self, member: &Member, value: i64) -> Result<()>;
    fn write_f64(&mut self, member: &Member, value: f64) -> Result<()>;
    fn write_timestamp(&mut self, member: &Member, value: &Timestamp) -> Result<()>;
    fn write_blob(&mut self, member: &Member, value: &[u8]) -> Result<()>;
    fn write_document(&mut self, member: &Member, value: &serde_json::Value) -> Result<()>;
    /// A union member this version does not know, under its own name.
    fn write_unknown(&mut self, name: &str, value: &serde_json::Value) -> Result<()>;
}

pub trait MapSerializer {
    fn entry(
        &mut self,
        key: &str,
        value: &mut dyn FnMut(&mut dyn ShapeSerializer) -> Result<()>,
    ) -> Result<()>;
}

/// One protocol's reader.
pub trait ShapeDeserializer {
    /// Calls `member` with the index of each member present, or `Err(key)` for an unknown key
    /// (whose value the callee must read or `skip`).
    fn read_struct(
        &mut self,
        schema: &Schema,
        member: &mut dyn FnMut(
            std::result::Result<usize, &str>,
            &mut dyn ShapeDeserializer,
        ) -> Result<()>,
    ) -> Result<()>;
    fn read_list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ShapeDeserializer) -> Result<()>,
    ) -> Result<()>;
    fn read_map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ShapeDeserializer) -> Result<()>,
    ) -> Result<()>;
    fn read_string(&mut self) -> Result<String>;
    fn read_bool(&mut self) -> Result<bool>;
    fn read_i64(&mut self) -> Result<i64>;
    fn read_f64(&mut self) -> Result<f64>;
    fn read_timestamp(&mut self, format: TimestampFormat) -> Result<Timestamp>;
    fn read_blob(&mut self) -> Result<Vec<u8>>;
    fn read_document(&mut self) -> Result<serde_json::Value>;
    /// Consumes a `null` if one is next.
    fn read_null(&mut self) -> Result<bool>;
    fn skip(&mut self) -> Result<()>;
}

/// Generated per structure and union.
pub trait SerializableStruct {
    fn write_members(&self, serializer: &mut dyn ShapeSerializer) -> Result<()>;
}

pub trait DeserializableStruct: Sized {
    fn read_members(deserializer: &mut dyn ShapeDeserializer) -> Result<Self>;
}

/// How a Rust value travels: implemented once here for scalars and collections, and by the
/// generated code for enums (`string_enum!`); structures and unions get it from the blanket
/// impl below.
pub trait SchemaValue: Sized {
    fn write(&self, serializer: &mut dyn ShapeSerializer, member: &Member) -> Result<()>;
    fn read(deserializer: &mut dyn ShapeDeserializer, member: &Member) -> Result<Self>;
}

/// An optional member: `null` reads as absent.
pub fn read_optional<T: SchemaValue>(
    deserializer: &mut dyn ShapeDeserializer,
    member: &Member,
) -> Result<Option<T>> {
    if deserializer.read_null()? {
        Ok(None)
    } else {
        T::read(deserializer, member).map(Some)
    }
}

impl<T: SerializableStruct + DeserializableStruct> SchemaValue for T {
    fn write(&self, serializer: &mut dyn ShapeSerializer, member: &Member) -> Result<()> {
        serializer.write_struct(member, self)
    }
    fn read(deserializer: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
        T::read_members(deserializer)
    }
}

impl SchemaValue for String {
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        s.write_string(m, self)
    }
    fn read(d: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
        d.read_string()
    }
}

impl SchemaValue for bool {
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        s.write_bool(m, *self)
    }
    fn read(d: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
        d.read_bool()
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl SchemaValue for $t {
            fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
                s.write_i64(m, i64::from(*self))
            }
            fn read(d: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
                <$t>::try_from(d.read_i64()?).map_err(|e| Error(e.to_string()))
            }
        }
    )*};
}
integer!(i8, i16, i32, i64);

impl SchemaValue for f64 {
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        s.write_f64(m, *self)
    }
    fn read(d: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
        d.read_f64()
    }
}

impl SchemaValue for f32 {
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        s.write_f64(m, f64::from(*self))
    }
    fn read(d: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
        Ok(d.read_f64()? as f32)
    }
}

impl SchemaValue for Timestamp {
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        s.write_timestamp(m, self)
    }
    fn read(d: &mut dyn ShapeDeserializer, m: &Member) -> Result<Self> {
        match m.kind {
            Kind::Timestamp(format) => d.read_timestamp(format),
            _ => error("a timestamp member without a timestamp kind"),
        }
    }
}

impl SchemaValue for Vec<u8> {
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        s.write_blob(m, self)
    }
    fn read(d: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
        d.read_blob()
    }
}

impl SchemaValue for serde_json::Value {
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        s.write_document(m, self)
    }
    fn read(d: &mut dyn ShapeDeserializer, _: &Member) -> Result<Self> {
        d.read_document()
    }
}

fn item_of(member: &Member) -> &'static Member {
    match member.kind {
        Kind::List(item) | Kind::Map(item) => item,
        _ => &ANY,
    }
}

static ANY: Member = Member::new("", Kind::Document);

/// Lists of anything but bytes (a `Vec<u8>` is a blob); dense: `null` items are dropped.
macro_rules! list {
    ($($t:ty),*) => {$(
        impl SchemaValue for Vec<$t> {
            fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
                let item = item_of(m);
                s.write_list(m, &mut |s| {
                    for value in self {
                        value.write(s, item)?;
                    }
                    Ok(())
                })
            }
            fn read(d: &mut dyn ShapeDeserializer, m: &Member) -> Result<Self> {
                let item = item_of(m);
                let mut out = Vec::new();
                d.read_list(&mut |d| {
                    if let Some(value) = read_optional::<$t>(d, item)? {
                        out.push(value);
                    }
                    Ok(())
                })?;
                Ok(out)
            }
        }
    )*};
}
list!(
    String,
    bool,
    i32,
    i64,
    f32,
    f64,
    Timestamp,
    Vec<u8>,
    serde_json::Value
);

/// A list of structures, unions or enums (generated types), via `list_of!`.
pub fn write_list<T: SchemaValue>(
    values: &[T],
    s: &mut dyn ShapeSerializer,
    m: &Member,
) -> Result<()> {
    let item = item_of(m);
    s.write_list(m, &mut |s| {
        for value in values {
            value.write(s, item)?;
        }
        Ok(())
    })
}

pub fn read_list<T: SchemaValue>(d: &mut dyn ShapeDeserializer, m: &Member) -> Result<Vec<T>> {
    let item = item_of(m);
    let mut out = Vec::new();
    d.read_list(&mut |d| {
        if let Some(value) = read_optional::<T>(d, item)? {
            out.push(value);
        }
        Ok(())
    })?;
    Ok(out)
}

impl<K, V> SchemaValue for BTreeMap<K, V>
where
    K: AsRef<str> + From<String> + Ord,
    V: SchemaValue,
{
    fn write(&self, s: &mut dyn ShapeSerializer, m: &Member) -> Result<()> {
        let value_member = item_of(m);
        s.write_map(m, &mut |map| {
            for (key, value) in self {
                map.entry(key.as_ref(), &mut |s| value.write(s, value_member))?;
            }
            Ok(())
        })
    }
    fn read(d: &mut dyn ShapeDeserializer, m: &Member) -> Result<Self> {
        let value_member = item_of(m);
        let mut out = BTreeMap::new();
        d.read_map(&mut |key, d| {
            if let Some(value) = read_optional::<V>(d, value_member)? {
                out.insert(K::from(key), value);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// `SchemaValue` for a generated string enum (it has `AsRef<str>` and `From<&str>`), and for
/// lists of it (a blanket impl over `Vec<T>` would overlap `Vec<u8>`, a blob).
#[macro_export]
macro_rules! string_enum {
    ($t:ty) => {
        impl $crate::schema::SchemaValue for $t {
            fn write(
                &self,
                s: &mut dyn $crate::schema::ShapeSerializer,
                m: &$crate::schema::Member,
            ) -> $crate::schema::Result<()> {
                s.write_string(m, ::std::convert::AsRef::<str>::as_ref(self))
            }
            fn read(
                d: &mut dyn $crate::schema::ShapeDeserializer,
                _: &$crate::schema::Member,
            ) -> $crate::schema::Result<Self> {
                Ok(<$t>::from(d.read_string()?.as_str()))
            }
        }
    };
}

/// `SchemaValue` for lists of a generated type.
#[macro_export]
macro_rules! list_of {
    ($t:ty) => {
        impl $crate::schema::SchemaValue for ::std::vec::Vec<$t> {
            fn write(
                &self,
                s: &mut dyn $crate::schema::ShapeSerializer,
                m: &$crate::schema::Member,
            ) -> $crate::schema::Result<()> {
                $crate::schema::write_list(self, s, m)
            }
            fn read(
                d: &mut dyn $crate::schema::ShapeDeserializer,
                m: &$crate::schema::Member,
            ) -> $crate::schema::Result<Self> {
                $crate::schema::read_list(d, m)
            }
        }
    };
}

// ------------------------------------------------------------------------ awsJson codec

/// Writes awsJson into a `String`.
pub struct JsonSerializer {
    pub out: String,
    /// Whether the innermost open object or array has an entry yet.
    first: Vec<bool>,
}

impl JsonSerializer {
    pub fn new() -> Self {
        JsonSerializer {
            out: String::with_capacity(256),
            first: Vec::new(),
        }
    }

    /// The separator and, inside an object, the key of the value that follows.
    fn prefix(&mut self, member: &Member) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
        }
        if !member.name.is_empty() {
            string(&mut self.out, member.name);
            self.out.push(':');
        }
    }

    fn open(&mut self, c: char) {
        self.out.push(c);
        self.first.push(true);
    }

    fn close(&mut self, c: char) {
        self.out.push(c);
        self.first.pop();
    }
}

impl Default for JsonSerializer {
    fn default() -> Self {
        Self::new()
    }
}

fn string(out: &mut String, value: &str) {
    out.push('"');
    // Runs without escapes are copied whole.
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&value[start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&value[start..]);
    out.push('"');
}

impl ShapeSerializer for JsonSerializer {
    fn write_struct(&mut self, member: &Member, value: &dyn SerializableStruct) -> Result<()> {
        self.prefix(member);
        self.open('{');
        value.write_members(self)?;
        self.close('}');
        Ok(())
    }
    fn write_list(
        &mut self,
        member: &Member,
        items: &mut dyn FnMut(&mut dyn ShapeSerializer) -> Result<()>,
    ) -> Result<()> {
        self.prefix(member);
        self.open('[');
        items(self)?;
        self.close(']');
        Ok(())
    }
    fn write_map(
        &mut self,
        member: &Member,
        entries: &mut dyn FnMut(&mut dyn MapSerializer) -> Result<()>,
    ) -> Result<()> {
        self.prefix(member);
        self.open('{');
        entries(self)?;
        self.close('}');
        Ok(())
    }
    fn write_string(&mut self, member: &Member, value: &str) -> Result<()> {
        self.prefix(member);
        string(&mut self.out, value);
        Ok(())
    }
    fn write_bool(&mut self, member: &Member, value: bool) -> Result<()> {
        self.prefix(member);
        self.out.push_str(if value { "true" } else { "false" });
        Ok(())
    }
    fn write_i64(&mut self, member: &Member, value: i64) -> Result<()> {
        self.prefix(member);
        self.out.push_str(itoa::Buffer::new().format(value));
        Ok(())
    }
    fn write_f64(&mut self, member: &Member, value: f64) -> Result<()> {
        self.prefix(member);
        if value.is_finite() {
            self.out.push_str(ryu::Buffer::new().format_finite(value));
        } else {
            let text = if value.is_nan() {
                "NaN"
            } else if value > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            };
            string(&mut self.out, text);
        }
        Ok(())
    }
    fn write_timestamp(&mut self, member: &Member, value: &Timestamp) -> Result<()> {
        self.prefix(member);
        match member.kind {
            Kind::Timestamp(TimestampFormat::DateTime) => string(&mut self.out, &value.to_string()),
            Kind::Timestamp(TimestampFormat::HttpDate) => string(
                &mut self.out,
                &value.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            ),
            _ => {
                let micros = value.as_microsecond();
                if micros % 1_000_000 == 0 {
                    self.out
                        .push_str(itoa::Buffer::new().format(micros / 1_000_000));
                } else {
                    self.out
                        .push_str(ryu::Buffer::new().format_finite(micros as f64 / 1e6));
                }
            }
        }
        Ok(())
    }
    fn write_blob(&mut self, member: &Member, value: &[u8]) -> Result<()> {
        use base64::Engine as _;
        self.prefix(member);
        string(
            &mut self.out,
            &base64::engine::general_purpose::STANDARD.encode(value),
        );
        Ok(())
    }
    fn write_document(&mut self, member: &Member, value: &serde_json::Value) -> Result<()> {
        self.prefix(member);
        self.out.push_str(&value.to_string());
        Ok(())
    }
    fn write_unknown(&mut self, name: &str, value: &serde_json::Value) -> Result<()> {
        self.prefix(&Member::new("", Kind::Document));
        string(&mut self.out, name);
        self.out.push(':');
        self.out.push_str(&value.to_string());
        Ok(())
    }
}

impl MapSerializer for JsonSerializer {
    fn entry(
        &mut self,
        key: &str,
        value: &mut dyn FnMut(&mut dyn ShapeSerializer) -> Result<()>,
    ) -> Result<()> {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = true; // the value's own prefix must not add a comma
        }
        string(&mut self.out, key);
        self.out.push(':');
        value(self)?;
        if let Some(first) = self.first.last_mut() {
            *first = false;
        }
        Ok(())
    }
}

/// Reads awsJson from bytes, without building a tree.
pub struct JsonDeserializer<'a> {
    input: &'a [u8],
    at: usize,
    depth: usize,
}

impl<'a> JsonDeserializer<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        JsonDeserializer {
            input,
            at: 0,
            depth: 0,
        }
    }

    fn peek(&mut self) -> Option<u8> {
        while let Some(&c) = self.input.get(self.at) {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.at += 1;
            } else {
                return Some(c);
            }
        }
        None
    }

    fn expect(&mut self, c: u8) -> Result<()> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            error(format!("expected `{}` at byte {}", c as char, self.at))
        }
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.input[self.at..].starts_with(word) {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > 128 {
            return error("nested too deeply");
        }
        Ok(())
    }

    /// `{`/`[` ... `}`/`]` with comma-separated entries, each read by `entry`.
    fn sequence(
        &mut self,
        open: u8,
        close: u8,
        entry: &mut dyn FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        self.enter()?;
        self.expect(open)?;
        if self.peek() == Some(close) {
            self.at += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            entry(self)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => {
                    return error(format!(
                        "expected `,` or `{}` at byte {}",
                        close as char, self.at
                    ));
                }
            }
        }
    }

    fn key(&mut self) -> Result<String> {
        let key = self.read_string()?;
        self.expect(b':')?;
        Ok(key)
    }

    /// A key, borrowed from the input unless it has escapes.
    fn key_str(&mut self) -> Result<std::borrow::Cow<'a, str>> {
        self.expect(b'"')?;
        let start = self.at;
        let input: &'a [u8] = self.input;
        while let Some(&c) = input.get(self.at) {
            match c {
                b'"' => {
                    let key = std::str::from_utf8(&input[start..self.at])
                        .map_err(|e| Error(e.to_string()))?;
                    self.at += 1;
                    self.expect(b':')?;
                    return Ok(std::borrow::Cow::Borrowed(key));
                }
                b'\\' => {
                    self.at = start - 1;
                    return self.key().map(std::borrow::Cow::Owned);
                }
                _ => self.at += 1,
            }
        }
        error("unterminated key")
    }

    fn number(&mut self) -> Result<&'a str> {
        self.peek();
        let start = self.at;
        while let Some(&c) = self.input.get(self.at) {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.at += 1;
            } else {
                break;
            }
        }
        std::str::from_utf8(&self.input[start..self.at]).map_err(|e| Error(e.to_string()))
    }
}

impl ShapeDeserializer for JsonDeserializer<'_> {
    fn read_struct(
        &mut self,
        schema: &Schema,
        member: &mut dyn FnMut(
            std::result::Result<usize, &str>,
            &mut dyn ShapeDeserializer,
        ) -> Result<()>,
    ) -> Result<()> {
        self.sequence(b'{', b'}', &mut |me| {
            let key = me.key_str()?;
            match schema.members.iter().position(|m| m.name == key) {
                Some(index) => member(Ok(index), me),
                None => member(Err(&key), me),
            }
        })
    }
    fn read_list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ShapeDeserializer) -> Result<()>,
    ) -> Result<()> {
        self.sequence(b'[', b']', &mut |me| item(me))
    }
    fn read_map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ShapeDeserializer) -> Result<()>,
    ) -> Result<()> {
        self.sequence(b'{', b'}', &mut |me| {
            let key = me.key()?;
            entry(key, me)
        })
    }
    fn read_string(&mut self) -> Result<String> {
        self.expect(b'"')?;
        let mut out = String::new();
        let mut start = self.at;
        loop {
            match self.input.get(self.at) {
                None => return error("unterminated string"),
                Some(b'"') => {
                    out.push_str(
                        std::str::from_utf8(&self.input[start..self.at])
                            .map_err(|e| Error(e.to_string()))?,
                    );
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(
                        std::str::from_utf8(&self.input[start..self.at])
                            .map_err(|e| Error(e.to_string()))?,
                    );
                    let escape = *self
                        .input
                        .get(self.at + 1)
                        .ok_or(Error("bad escape".into()))?;
                    self.at += 2;
                    match escape {
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let hex = |at: usize| -> Result<u32> {
                                let text =
                                    self.input.get(at..at + 4).ok_or(Error("bad \\u".into()))?;
                                u32::from_str_radix(std::str::from_utf8(text).unwrap_or("x"), 16)
                                    .map_err(|e| Error(e.to_string()))
                            };
                            let mut code = hex(self.at)?;
                            self.at += 4;
                            if (0xD800..0xDC00).contains(&code)
                                && self.input[self.at..].starts_with(b"\\u")
                            {
                                let low = hex(self.at + 2)?;
                                self.at += 6;
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            }
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        other => out.push(other as char),
                    }
                    start = self.at;
                }
                Some(_) => self.at += 1,
            }
        }
    }
    fn read_bool(&mut self) -> Result<bool> {
        self.peek();
        if self.literal(b"true") {
            Ok(true)
        } else if self.literal(b"false") {
            Ok(false)
        } else {
            error(format!("expected a boolean at byte {}", self.at))
        }
    }
    fn read_i64(&mut self) -> Result<i64> {
        self.number()?
            .parse()
            .map_err(|e: std::num::ParseIntError| Error(e.to_string()))
    }
    fn read_f64(&mut self) -> Result<f64> {
        if self.peek() == Some(b'"') {
            return match self.read_string()?.as_str() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => error(format!("not a number: {other}")),
            };
        }
        self.number()?
            .parse()
            .map_err(|e: std::num::ParseFloatError| Error(e.to_string()))
    }
    fn read_timestamp(&mut self, _format: TimestampFormat) -> Result<Timestamp> {
        // Lenient, as the serde codecs are: a number is epoch seconds, a string RFC 3339.
        if self.peek() == Some(b'"') {
            let text = self.read_string()?;
            return text.parse().map_err(|e: jiff::Error| Error(e.to_string()));
        }
        let seconds = self.read_f64()?;
        Timestamp::from_microsecond((seconds * 1e6).round() as i64)
            .map_err(|e| Error(e.to_string()))
    }
    fn read_blob(&mut self) -> Result<Vec<u8>> {
        use base64::Engine as _;
        let text = self.read_string()?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|e| Error(e.to_string()))
    }
    fn read_document(&mut self) -> Result<serde_json::Value> {
        let start = self.at;
        self.skip()?;
        serde_json::from_slice(&self.input[start..self.at]).map_err(|e| Error(e.to_string()))
    }
    fn read_null(&mut self) -> Result<bool> {
        self.peek();
        Ok(self.literal(b"null"))
    }
    fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => self.sequence(b'{', b'}', &mut |me| {
                me.key()?;
                me.skip()
            }),
            Some(b'[') => self.sequence(b'[', b']', &mut |me| me.skip()),
            Some(b'"') => self.read_string().map(drop),
            Some(b't' | b'f') => self.read_bool().map(drop),
            Some(b'n') if self.literal(b"null") => Ok(()),
            _ => self.number().map(drop),
        }
    }
}

/// Encodes a structure as an awsJson document.
pub fn to_json<T: SerializableStruct>(value: &T) -> Result<String> {
    static ROOT: Member = Member::new("", Kind::Structure);
    let mut serializer = JsonSerializer::new();
    serializer.write_struct(&ROOT, value)?;
    Ok(serializer.out)
}

/// Decodes a structure from an awsJson document.
pub fn from_json<T: DeserializableStruct>(body: &[u8]) -> Result<T> {
    let mut deserializer = JsonDeserializer::new(body);
    let value = T::read_members(&mut deserializer)?;
    if deserializer.peek().is_some() {
        return error("trailing characters");
    }
    Ok(value)
}
