//! Unit tests for `html_to_markdown`, plus a check over the real models.

use super::html_to_markdown as md;

#[test]
fn empty_and_plain_text() {
    assert_eq!(md(""), "");
    assert_eq!(md(" \n\t "), "");
    assert_eq!(md("<p> </p><p></p>"), "");
    assert_eq!(md("Just  plain\ntext."), "Just plain text.");
}

#[test]
fn paragraphs() {
    assert_eq!(md("<p>One.</p> <p>Two.</p>"), "One.\n\nTwo.");
    // Unclosed and nested paragraphs (seen in real `<fullname>` docs).
    assert_eq!(md("<p>A<p>B</p>C"), "A\n\nB\n\nC");
    assert_eq!(
        md("<p><fullname>Partner Central</fullname> <p>The API.</p></p>"),
        "Partner Central\n\nThe API."
    );
}

#[test]
fn inline_code() {
    assert_eq!(md("<p>Set <code>Name</code>.</p>"), "Set `Name`.");
    assert_eq!(md("<code>a`b</code>"), "``a`b``");
    assert_eq!(md("<code>`x</code>"), "`` `x ``");
    assert_eq!(md("<code>a``b`</code>"), "``` a``b` ```");
    assert_eq!(
        md("<p>A <code> Opportunity\n  </code>x</p>"),
        "A `Opportunity` x"
    );
    // No Markdown escaping inside code: backticks render literally.
    assert_eq!(md("<code>List&lt;a_b*&gt;</code>"), "`List<a_b*>`");
    assert_eq!(md("<code><i>x</i> [y]</code>"), "`x [y]`");
    assert_eq!(md("<code> </code>x"), "x");
}

#[test]
fn links() {
    assert_eq!(
        md(r#"<p>See <a href="https://aws.amazon.com/x_y">the <b>docs</b></a>.</p>"#),
        "See [the **docs**](https://aws.amazon.com/x_y)."
    );
    assert_eq!(md(r#"<a href="https://e.com/a"></a>"#), "<https://e.com/a>");
    assert_eq!(
        md(r#"<a href='https://e.com/a b(c)'>x</a>"#),
        "[x](https://e.com/a%20b%28c%29)"
    );
    assert_eq!(
        md(r#"<a href="mailto:a@b.c">mail</a>"#),
        "[mail](mailto:a@b.c)"
    );
    // Relative links keep only their text.
    assert_eq!(md(r#"<a href="API_Foo.html">Foo</a> op"#), "Foo op");
    assert_eq!(md("<a>no href</a>"), "no href");
    assert_eq!(md(r#"<a name="top"/>Top"#), "Top");
    // A URL as link text is the link's text, not a bare URL.
    assert_eq!(
        md(r#"<a href="https://e.com">https://e.com</a>"#),
        "[https://e.com](https://e.com)"
    );
    assert_eq!(
        md(r#"<a href="https://a.com"><a href="https://b.com">x</a></a>"#),
        "[x](https://a.com)"
    );
}

#[test]
fn lists() {
    assert_eq!(
        md("<p>Values:</p><ul><li>A</li><li><p>B</p></li></ul><p>End</p>"),
        "Values:\n\n- A\n- B\n\nEnd"
    );
    assert_eq!(md("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
    assert_eq!(
        md("<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>"),
        "- a\n  - b\n    1. c\n- d"
    );
    assert_eq!(md("<ol><li>a<ul><li>b</li></ul></li></ol>"), "1. a\n   - b");
    assert_eq!(
        md("<ul><li><p>A</p><p>more</p></li><li>B</li></ul>"),
        "- A\n\n  more\n- B"
    );
    // Unclosed items, empty items, an item that starts with a list, stray `<li>`.
    assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
    assert_eq!(md("<ol><li></li><li>a</li></ol>"), "1. a");
    assert_eq!(md("<ul><li><ul><li>x</li></ul></li></ul>"), "- - x");
    assert_eq!(md("<li>x</li>"), "- x");
}

#[test]
fn emphasis() {
    assert_eq!(
        md("<b>bold</b> <strong>strong</strong>"),
        "**bold** **strong**"
    );
    assert_eq!(md("<i>it</i> <em>em</em>"), "*it* *em*");
    // Whitespace moves outside the markers; empty and nested ones vanish.
    assert_eq!(md("a<b> b </b>c"), "a **b** c");
    assert_eq!(md("a<b> </b>c<i></i>"), "a c");
    assert_eq!(md("<b>a <b>b</b> c</b>"), "**a b c**");
    assert_eq!(md("<b><i>x</b> y</i>"), "***x*** y");
    assert_eq!(md("<p><b>open</p><p>next</b></p>"), "**open**\n\nnext");
}

#[test]
fn notes_and_breaks() {
    assert_eq!(md("<note><p>Careful.</p></note>"), "**Note:** Careful.");
    assert_eq!(
        md("<p>x</p><important>Really.</important>"),
        "x\n\n**Important:** Really."
    );
    assert_eq!(md("<note> </note><p>x</p>"), "x");
    assert_eq!(md("<note><ul><li>a</li></ul></note>"), "**Note:**\n\n- a");
    assert_eq!(
        md("<p><b>Important</b><br>Text<br/>more</p>"),
        "**Important**\n\nText\n\nmore"
    );
}

#[test]
fn definition_lists_and_headings() {
    assert_eq!(
        md("<dl><dt>Key</dt><dd><p>Value</p></dd></dl>"),
        "**Key**\n\nValue"
    );
    assert_eq!(md("<h2>Behavior</h2><p>x</p>"), "**Behavior**\n\nx");
    assert_eq!(md("<H1>#1 <b>Top</b></H1>"), "**#1 Top**");
}

#[test]
fn preformatted() {
    assert_eq!(
        md("<p>Ex:</p><pre><code>\n  fn a() {\n    b&lt;c&gt;();\n  }\n</code></pre>"),
        "Ex:\n\n```text\nfn a() {\n  b<c>();\n}\n```"
    );
    assert_eq!(
        md("<ul><li>x<pre>a\n\nb</pre></li></ul>"),
        "- x\n\n  ```text\n  a\n\n  b\n  ```"
    );
    assert_eq!(md("<pre>```</pre>"), "````text\n```\n````");
    assert_eq!(md("<pre> </pre>"), "");
}

#[test]
fn markup_oddities() {
    assert_eq!(md("<P CLASS='x'>Up<BR/>per</P>"), "Up\n\nper");
    assert_eq!(
        md(r#"<a href="https://e.com" title='a > b'>x</a>"#),
        "[x](https://e.com)"
    );
    assert_eq!(
        md("a < b and c<d; 1 <= 2"),
        "a &lt; b and c&lt;d; 1 &lt;= 2"
    );
    assert_eq!(md("x <y and z</p>"), "x &lt;y and z");
    assert_eq!(
        md("<zonbook></zonbook><xhtml/>Text <foo>kept</foo>"),
        "Text kept"
    );
    assert_eq!(md("<!-- hidden --><?xml x?><!DOCTYPE html>shown"), "shown");
    assert_eq!(md("<p>unclosed <b>bold"), "unclosed **bold**");
    assert_eq!(
        md("<p>dangling <a href=\"https://e.com"),
        "dangling &lt;a href=\"<https://e.com>"
    );
    // Never-closed unknown tags are placeholders and stay as text.
    assert_eq!(
        md("<p>arn:aws:kms:<region>:key/<uuid>.</p>"),
        "arn:aws:kms:&lt;region&gt;:key/&lt;uuid&gt;."
    );
    assert_eq!(md("<code>arn:<region></code>"), "`arn:<region>`");
}

#[test]
fn entities() {
    assert_eq!(
        md("&lt;Name&gt; &amp; &quot;q&quot; &apos;a&#39;b&#x27;"),
        "&lt;Name&gt; & \"q\" 'a'b'"
    );
    assert_eq!(
        md("a&nbsp;b &#169; &#xE9; &mdash; &bogus; & &#0; &#xD800;"),
        "a b © é — \\&bogus; & \\&#0; \\&#xD800;"
    );
    // `&amp;lt;` means the text `&lt;`, which must not render as `<`.
    assert_eq!(md("&amp;lt;"), "\\&lt;");
}

#[test]
fn escapes_intra_doc_link_syntax() {
    assert_eq!(
        md("<p>Use [foo] or [foo](bar).</p>"),
        r"Use \[foo\] or \[foo\](bar)."
    );
}

#[test]
fn wraps_bare_urls() {
    assert_eq!(md("See https://example.com."), "See <https://example.com>.");
    assert_eq!(
        md("(http://a.com/x_y), https://b.com/p?q=1;"),
        "(<http://a.com/x_y>), <https://b.com/p?q=1>;"
    );
    assert_eq!(
        md("https://en.wikipedia.org/wiki/A_(b)."),
        "<https://en.wikipedia.org/wiki/A_(b)>."
    );
    assert_eq!(md("url:https://a.com/x"), "url:<https://a.com/x>");
    assert_eq!(md("the http:// prefix"), "the http:// prefix");
}

#[test]
fn escapes_html_in_text() {
    assert_eq!(
        md("<p>Tag &lt;Name&gt;value&lt;/Name&gt;</p>"),
        "Tag &lt;Name&gt;value&lt;/Name&gt;"
    );
}

#[test]
fn collapses_whitespace_so_nothing_is_an_indented_code_block() {
    assert_eq!(
        md("<p>a\n\n        indented\n    code</p>"),
        "a indented code"
    );
    assert_eq!(md("        lead"), "lead");
}

#[test]
fn escapes_block_markers_at_line_start() {
    for (input, want) in [
        ("# Heading", r"\# Heading"),
        ("> quote", "&gt; quote"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("* item", r"\* item"),
        ("1. item", r"1\. item"),
        ("12) item", r"12\) item"),
        ("=====", r"\====="),
        ("| a | b |", r"\| a | b |"),
        ("3.5 GB", "3.5 GB"),
        ("a - b # c", "a - b # c"),
    ] {
        assert_eq!(md(&format!("<p>{input}</p>")), want, "{input}");
    }
    assert_eq!(
        md("<ul><li>-1 is invalid</li></ul><p>2. next</p>"),
        "- \\-1 is invalid\n\n2\\. next"
    );
    assert_eq!(md("<p>x<br>- y</p>"), "x\n\n\\- y");
    // Not at a line start after a label or markup.
    assert_eq!(md("<note>- x</note><b>- y</b>"), "**Note:** - x\n\n**- y**");
}

#[test]
fn escapes_inline_markdown() {
    assert_eq!(md(r"<p>a*b_c `d` \e ~f~</p>"), r"a\*b\_c \`d\` \\e \~f\~");
    assert_eq!(
        md("<p>IN_PROGRESS <code>IN_PROGRESS</code></p>"),
        r"IN\_PROGRESS `IN_PROGRESS`"
    );
}

#[test]
fn never_panics_on_broken_input() {
    for input in [
        "<",
        "<a",
        "</",
        "</a",
        "<a href=",
        "<a href='x",
        "<a href=\"",
        "<!--",
        "<!",
        "&",
        "&#",
        "&#x;",
        "&#99999999999;",
        "<é>",
        "é<b>ü</b>&",
        "<a\thref=x>y</a>",
        "<p/ >",
        "<ul><li>",
        "</li></ul></ol></a></b></code></pre>",
        "<pre>",
        "<code>",
        "<note>",
        "<a href=\"https://x\">",
        "<ol><li><ol><li><ol><li>deep",
        "<a b=\"<\">",
        "<p =x>y</p>",
        "&lt;&#x1F600;&gt;",
    ] {
        let out = md(input);
        assert!(!has_raw_tag(&out), "{input:?} -> {out:?}");
    }
}

/// True if `markdown` has what rustdoc would take for an HTML tag: `<`
/// then a letter or `/`, other than an autolink. Code spans and fenced
/// blocks are skipped: their content is shown literally.
fn has_raw_tag(markdown: &str) -> bool {
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        let mut rest = line;
        while !in_fence && let Some(c) = rest.chars().next() {
            let mut skip = c.len_utf8();
            if c == '\\' {
                skip += rest[1..].chars().next().map_or(0, char::len_utf8);
            } else if c == '`' {
                // A code span ends at the next backtick run of equal length.
                let ticks = rest.len() - rest.trim_start_matches('`').len();
                let fence = &rest[..ticks];
                let close = rest[ticks..].match_indices(fence).find(|&(i, _)| {
                    let after = &rest[ticks + i + ticks..];
                    !after.starts_with('`') && !rest[..ticks + i].ends_with('`')
                });
                skip = close.map_or(ticks, |(i, _)| 2 * ticks + i);
            } else if c == '<' {
                let after = &rest[1..];
                if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
                    && !after.starts_with("http")
                {
                    return true;
                }
            }
            rest = &rest[skip..];
        }
    }
    false
}

#[test]
fn raw_tag_check() {
    assert!(has_raw_tag("a <b>"));
    assert!(has_raw_tag("`x` </p> `y`"));
    assert!(has_raw_tag("\\`<x>`"));
    assert!(!has_raw_tag("`a<b>` and ``c`<d>`` <https://e.com>"));
    assert!(!has_raw_tag("```text\n<x>\n```"));
    assert!(!has_raw_tag("&lt;x&gt; \\` \\`"));
}

fn collect_docs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match value {
                    serde_json::Value::String(doc) if key == "documentation" => {
                        out.push(doc.clone())
                    }
                    _ => collect_docs(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_docs(v, out)),
        _ => {}
    }
}

#[test]
fn real_models_convert_cleanly() {
    let models = [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/partnercentral-selling/2022-07-26/service-2.json"
        ),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/partnercentral-account/2025-04-04/service-2.json"
        ),
    ];
    let mut docs = Vec::new();
    for path in models {
        let json = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        collect_docs(
            &serde_json::from_str(&json).expect("model is JSON"),
            &mut docs,
        );
    }
    assert!(
        docs.len() > 1000,
        "only {} documentation strings",
        docs.len()
    );
    for doc in &docs {
        let out = md(doc);
        assert!(!has_raw_tag(&out), "raw tag in {out:?}\nfrom {doc:?}");
        let mut in_fence = false;
        for line in out.lines() {
            in_fence ^= line.trim_start().starts_with("```");
            assert!(
                in_fence || !line.starts_with("    "),
                "indented line {line:?} in {out:?}"
            );
            assert_eq!(line, line.trim_end());
        }
        assert_eq!(out, out.trim());
        assert!(!out.contains("\n\n\n"));
    }
}
