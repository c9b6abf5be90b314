//! Request bodies in gzip and `aws-chunked`, undone by the server before a service sees
//! them, within the body limit.

use std::io::Write as _;

use bytes::Bytes;
use http_body_util::Full;

use super::fake::{call, request};
use super::two_services;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// `Alpha.Echo` with `body` and these extra headers.
fn encoded(body: Vec<u8>, headers: &[(&'static str, &'static str)]) -> http::Request<Full<Bytes>> {
    let (mut parts, _) = request(Some("Alpha.Echo"), "").into_parts();
    for (name, value) in headers {
        parts
            .headers
            .insert(*name, http::HeaderValue::from_static(value));
    }
    http::Request::from_parts(parts, Full::new(Bytes::from(body)))
}

#[tokio::test]
async fn a_gzip_body_is_inflated() {
    let body = gzip(br#"{"Name": "compressed"}"#);
    let answer = call(
        &two_services(),
        encoded(body, &[("content-encoding", "gzip")]),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["Body"], r#"{"Name": "compressed"}"#);
}

#[tokio::test]
async fn a_gzip_bomb_is_too_large_not_out_of_memory() {
    // 1 MiB of spaces in a few KiB of gzip, against a limit of 64 KiB.
    let bomb = gzip(&vec![b' '; 1 << 20]);
    assert!(bomb.len() < 8 << 10);
    let server = two_services().max_body_bytes(64 << 10);
    call(&server, encoded(bomb, &[("content-encoding", "gzip")]))
        .await
        .assert_error(413, "RequestEntityTooLargeException");
    call(
        &server,
        encoded(b"not gzip".to_vec(), &[("content-encoding", "gzip")]),
    )
    .await
    .assert_error(400, "SerializationException");
}

#[tokio::test]
async fn an_aws_chunked_body_is_joined_and_its_trailer_checked() {
    let headers = [
        ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "2"),
        ("x-amz-trailer", "x-amz-checksum-crc32"),
    ];
    let sum = crate::checksum::checksum(crate::checksum::Algorithm::Crc32, b"{}");
    let good = format!("2;chunk-signature=00\r\n{{}}\r\n0\r\nx-amz-checksum-crc32:{sum}\r\n\r\n");
    let answer = call(&two_services(), encoded(good.into_bytes(), &headers)).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["Body"], "{}");

    let bad = b"2\r\n{}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n".to_vec();
    let answer = call(&two_services(), encoded(bad, &headers)).await;
    answer.assert_error(400, "BadDigest");
    assert!(
        answer.body["message"]
            .as_str()
            .unwrap()
            .contains("x-amz-checksum-crc32 says AAAAAA=="),
        "{:?}",
        answer.body
    );

    let truncated = b"2\r\n{}\r\n0\r\n".to_vec();
    call(&two_services(), encoded(truncated, &headers))
        .await
        .assert_error(400, "SerializationException");
}
