//! Static schemas: what a protocol codec needs to know about a shape beyond its Rust type.
//! The generated `schemas` module of an HTTP-bound service describes each structure, union,
//! list and map of its operations with these, and each operation its `@http` trait; the
//! codecs of [`crate::protocol`] read them to move members between the HTTP request or
//! response (URI labels, query, headers, status, payload) and the value's serde form, which
//! the generated serde impls read and write.
//!
//! A member is named here by its key in that serde form (its wire name). Scalars share the
//! statics below ([`STRING`], [`TIMESTAMP`], ...); the generated schemas hold the rest.

/// A shape as a codec sees it.
#[derive(Debug)]
pub struct Shape {
    /// The shape's name in the model (for error messages, and the XML element of a
    /// structure that is a whole body, unless `xml_name` says otherwise).
    pub name: &'static str,
    pub kind: Kind,
    /// `@xmlName` of a structure.
    pub xml_name: Option<&'static str>,
    /// `@xmlNamespace` of a structure.
    pub xml_namespace: Option<XmlNamespace>,
}

impl Shape {
    pub const fn new(name: &'static str, kind: Kind) -> Shape {
        Shape {
            name,
            kind,
            xml_name: None,
            xml_namespace: None,
        }
    }

    pub const fn xml_name(mut self, name: &'static str) -> Shape {
        self.xml_name = Some(name);
        self
    }

    pub const fn xml_namespace(mut self, uri: &'static str, prefix: Option<&'static str>) -> Shape {
        self.xml_namespace = Some(XmlNamespace { uri, prefix });
        self
    }
}

/// An XML namespace: `xmlns="uri"` or `xmlns:prefix="uri"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlNamespace {
    pub uri: &'static str,
    pub prefix: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Boolean,
    /// byte, short, integer, long and intEnum.
    Integer,
    /// float and double (`NaN` and the infinities travel as text).
    Float,
    /// bigInteger and bigDecimal.
    BigNumber,
    /// string and enum.
    String,
    Blob,
    Timestamp,
    Document,
    List(&'static Member),
    /// Keys are strings; the key member carries only its XML name.
    Map {
        key: &'static Member,
        value: &'static Member,
    },
    Structure(&'static [Member]),
    Union(&'static [Member]),
}

/// A member of a structure or union, or the item of a list, or the value of a map.
#[derive(Debug)]
pub struct Member {
    /// Its key in the serde form of the enclosing structure (empty for list items and map
    /// values).
    pub name: &'static str,
    pub target: &'static Shape,
    pub http: Binding,
    /// The timestamp format where the member (or its list's items) travels in a header,
    /// label or query parameter: the model's, else that binding's default.
    pub bound_format: TimestampFormat,
    /// botocore's `jsonvalue` (Smithy `@mediaType` on a string): in a header, the text is
    /// base64-encoded.
    pub json_value: bool,
    /// The XML element or attribute name (and awsQuery's form name), where it differs from
    /// `name` (for list items and map entries: `member`, `key`, `value` when absent).
    pub xml_name: Option<&'static str>,
    /// `@xmlAttribute`: an attribute of the enclosing element.
    pub xml_attribute: bool,
    /// `@xmlFlattened` (on the member or its list or map): no wrapping element.
    pub flattened: bool,
    pub xml_namespace: Option<XmlNamespace>,
    /// ec2Query's `@ec2QueryName`.
    pub query_name: Option<&'static str>,
}

impl Member {
    /// A member bound to the body.
    pub const fn new(name: &'static str, target: &'static Shape) -> Member {
        Member {
            name,
            target,
            http: Binding::Body,
            bound_format: TimestampFormat::HttpDate,
            json_value: false,
            xml_name: None,
            xml_attribute: false,
            flattened: false,
            xml_namespace: None,
            query_name: None,
        }
    }

    pub const fn xml_name(mut self, name: &'static str) -> Member {
        self.xml_name = Some(name);
        self
    }

    pub const fn xml_attribute(mut self) -> Member {
        self.xml_attribute = true;
        self
    }

    pub const fn flattened(mut self) -> Member {
        self.flattened = true;
        self
    }

    pub const fn xml_namespace(
        mut self,
        uri: &'static str,
        prefix: Option<&'static str>,
    ) -> Member {
        self.xml_namespace = Some(XmlNamespace { uri, prefix });
        self
    }

    pub const fn query_name(mut self, name: &'static str) -> Member {
        self.query_name = Some(name);
        self
    }

    /// The element (or attribute) name: `xml_name`, else `name`.
    pub fn element(&self) -> &'static str {
        self.xml_name.unwrap_or(self.name)
    }

    pub const fn bound(mut self, http: Binding) -> Member {
        self.bound_format = match http {
            Binding::Header(_) | Binding::PrefixHeaders(_) => TimestampFormat::HttpDate,
            _ => TimestampFormat::DateTime,
        };
        self.http = http;
        self
    }

    /// The model's timestamp format for a bound member (after [`Member::bound`]).
    pub const fn format(mut self, format: TimestampFormat) -> Member {
        self.bound_format = format;
        self
    }

    pub const fn json_value(mut self) -> Member {
        self.json_value = true;
        self
    }
}

/// Where a member of an operation's input or output travels over HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    Body,
    /// `@httpHeader`: one header, by name.
    Header(&'static str),
    /// `@httpPrefixHeaders`: a map, one header per entry, named prefix + key.
    PrefixHeaders(&'static str),
    /// `@httpLabel`: the URI template's `{label}`.
    Label(&'static str),
    /// `@httpQuery`: one query parameter (repeated for a list), by name.
    Query(&'static str),
    /// `@httpQueryParams`: a map, one parameter per entry.
    QueryParams,
    /// `@httpPayload`: the member is the whole body.
    Payload,
    /// `@httpResponseCode`: the response's HTTP status.
    ResponseCode,
}

impl Binding {
    /// Whether a member bound here travels in a response's body: body members, and those
    /// bound to the URI or query, which a response cannot carry there (botocore reads them
    /// from the body).
    pub fn in_response_body(self) -> bool {
        matches!(
            self,
            Binding::Body | Binding::Label(_) | Binding::Query(_) | Binding::QueryParams
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// An operation's `@http` trait.
#[derive(Debug)]
pub struct Http {
    pub method: &'static str,
    /// The path's segments (a path of `/` has none).
    pub path: &'static [Segment],
    /// Literal query parameters of the template (`?type=a&flag`).
    pub query: &'static [(&'static str, Option<&'static str>)],
    /// The path ends with `/` after its last segment.
    pub trailing_slash: bool,
    /// The status of a successful response.
    pub code: u16,
    /// restXml: the root element of the input's body (botocore's `locationName` on the
    /// operation's input; else the input structure's XML name) and its namespace.
    pub xml_root: Option<&'static str>,
    pub xml_namespace: Option<XmlNamespace>,
}

/// The request side of an operation's `@httpChecksum` (S3's flexible checksums).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The service rejects a request without a checksum.
    pub required: bool,
    /// The header of the input member that names the algorithm
    /// (`x-amz-sdk-checksum-algorithm`), where the operation has one.
    pub algorithm_header: Option<&'static str>,
    /// The header of the input member that asks for the response's checksum
    /// (`x-amz-checksum-mode: ENABLED`), where the operation has one.
    pub validation_mode_header: Option<&'static str>,
    /// The algorithms whose response checksum the client checks, as the model names them
    /// (`CRC32`, `SHA256`, ...); a checksum header of another algorithm is ignored, as
    /// botocore ignores it.
    pub response_algorithms: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Literal(&'static str),
    /// `{name}` (`greedy`: `{name+}`, which may span segments).
    Label {
        name: &'static str,
        greedy: bool,
    },
}

/// The `@http` of an RPC operation: `POST /`.
pub static RPC: Http = Http {
    method: "POST",
    path: &[],
    query: &[],
    trailing_slash: false,
    code: 200,
    xml_root: None,
    xml_namespace: None,
};

macro_rules! scalars {
    ($($name:ident = $kind:ident, $doc:literal;)*) => {$(
        #[doc = $doc]
        pub static $name: Shape = Shape::new(stringify!($kind), Kind::$kind);
    )*};
}

scalars! {
    BOOLEAN = Boolean, "Any boolean.";
    INTEGER = Integer, "Any integer, and intEnum.";
    FLOAT = Float, "Any float or double.";
    BIG_NUMBER = BigNumber, "Any bigInteger or bigDecimal.";
    STRING = String, "Any string, and enum.";
    BLOB = Blob, "Any blob.";
    TIMESTAMP = Timestamp, "Any timestamp.";
    DOCUMENT = Document, "Any document.";
}

/// A structure without members (an operation without input or output).
pub static UNIT: Shape = Shape::new("Unit", Kind::Structure(&[]));
